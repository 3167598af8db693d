"""A larger view of one result with path, size, date and score; arrows step through."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import QDialog, QLabel, QSizePolicy, QVBoxLayout, QWidget

from clipview.core.search import SearchResult
from clipview.gui.results_model import describe
from clipview.gui.thumbnails import ThumbnailLoader

PREVIEW_SIZE = 1600


class PreviewDialog(QDialog):
    stepRequested = Signal(int)   # -1 previous, +1 next

    def __init__(self, loader: ThumbnailLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preview")
        self.resize(900, 700)
        self.loader = loader
        self.image = QLabel("Loading…")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.info = QLabel("")
        self.info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.image, 1)
        layout.addWidget(self.info)
        self.current_result: SearchResult | None = None
        self._pixmap: QPixmap | None = None
        loader.ready.connect(self._ready)

    def show_result(self, result: SearchResult) -> None:
        self.current_result = result
        self.setWindowTitle(result.path)
        self.info.setText(describe(result).replace("\n", " · "))
        self._pixmap = self.loader.pixmap(result.path, PREVIEW_SIZE)
        self._paint()
        self.show()
        self.raise_()

    def _ready(self, path: str) -> None:
        if self.current_result is not None and path == self.current_result.path:
            self._pixmap = self.loader.pixmap(path, PREVIEW_SIZE)
            self._paint()

    def _paint(self) -> None:
        if self._pixmap is None:
            shown = self.current_result
            broken = shown is not None and self.loader.is_broken(shown.path)
            self.image.setText("This photo cannot be read." if broken else "Loading…")
            return
        self.image.setPixmap(self._pixmap.scaled(
            self.image.size(), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._paint()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self.stepRequested.emit(-1)
        elif event.key() in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self.stepRequested.emit(1)
        elif event.key() == Qt.Key.Key_Space:
            self.close()
        else:
            super().keyPressEvent(event)
