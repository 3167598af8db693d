"""The search field: debounced search-as-you-type, Enter, history, images dropped or pasted."""

from __future__ import annotations

import os
import tempfile

from PySide6.QtCore import QMimeData, QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import QCompleter, QLineEdit

from clipview.core.paths import cache_dir
from clipview.core.private_files import private_dir
from clipview.core.scanner import IMAGE_SUFFIXES, RAW_SUFFIXES

SEARCHABLE_IMAGES = IMAGE_SUFFIXES | RAW_SUFFIXES
DEBOUNCE_MS = 250
SETTLE_MS = 1500   # a search looked at this long without typing counts as run (history)


def image_path_in(mime: QMimeData) -> str | None:
    """The first local photo file among the URLs of a drag or the clipboard."""
    for url in mime.urls():
        path = url.toLocalFile()
        suffix = os.path.splitext(path)[1].lower()
        if path and os.path.isfile(path) and suffix in SEARCHABLE_IMAGES:
            return path   # photos and RAWs (a video is found by its frames, not dropped)
    return None


class SearchField(QLineEdit):
    """Emits ``search`` with the text: 250 ms after typing stops, or at once on Enter; an
    empty text (cleared) means "no text". ``committed`` says a search was really run (Enter,
    or its results looked at for 1.5 s without typing): only those go to the history."""

    search = Signal(str)
    committed = Signal(str)
    imageDropped = Signal(str)   # a photo dropped or pasted: a reference chip, not text

    def __init__(self) -> None:
        super().__init__()
        self.setPlaceholderText("Search photos: 'dog on a beach', 'sunset - people', "
                                "or drop a photo here")
        self.setClearButtonEnabled(True)
        self.setAcceptDrops(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(lambda: self._commit(self.text().strip()))
        self.textEdited.connect(self._edited)
        self.returnPressed.connect(self._enter)
        self._history = QStringListModel(self)
        completer = QCompleter(self._history, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)

    def _edited(self, text: str) -> None:
        self._settle.stop()
        if not text.strip():
            self._emit()   # cleared: back to browsing at once
        else:
            self._timer.start()

    def _emit(self) -> None:
        self._timer.stop()
        self.search.emit(self.text().strip())
        if self.text().strip():
            self._settle.start()

    def _enter(self) -> None:
        self._emit()
        self._settle.stop()
        self._commit(self.text().strip())

    def _commit(self, text: str) -> None:
        if text:
            self.committed.emit(text)

    def run(self, text: str) -> None:
        """Show ``text`` and search for it now (history, --query): a run search."""
        self.setText(text)
        self._enter()

    # -- history ------------------------------------------------------------------------
    def history(self) -> list[str]:
        return self._history.stringList()

    def set_history(self, items: list[str]) -> None:
        self._history.setStringList(items[:50])

    def remember(self, text: str) -> None:
        items = [text] + [h for h in self._history.stringList() if h != text]
        self._history.setStringList(items[:50])

    # -- images dropped or pasted -------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if image_path_in(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()  # folders go on to the window

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        path = image_path_in(event.mimeData())
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.imageDropped.emit(path)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste) and self._paste_image():
            return
        super().keyPressEvent(event)

    def _paste_image(self) -> bool:
        mime = QGuiApplication.clipboard().mimeData()
        path = image_path_in(mime)
        if path is None and mime.hasImage():
            image = QGuiApplication.clipboard().image()
            if not image.isNull():
                path = _save_pasted(image)
        if path is None:
            return False
        self.imageDropped.emit(path)
        return True


def _save_pasted(image: QImage) -> str | None:
    """Write a pasted image to a new 0600 file (``mkstemp``: an unpredictable name) in the
    private folder ``<cache>/pasted`` (0700), keeping the ten newest; None when it fails."""
    try:
        folder = private_dir(cache_dir() / "pasted")
        for old in sorted(folder.glob("*.png"), key=lambda f: f.stat().st_mtime)[:-9]:
            old.unlink(missing_ok=True)
        fd, name = tempfile.mkstemp(prefix="pasted-", suffix=".png", dir=folder)
        os.close(fd)
    except OSError:
        return None
    return name if image.save(name, b"PNG") else None
