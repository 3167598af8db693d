"""The thumbnail grid: icon-mode list view, zoom with Ctrl+wheel, keyboard shortcuts."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractItemView, QListView

MIN_CELL, MAX_CELL, ZOOM_STEP = 64, 512, 32


class ResultsView(QListView):
    """Uniform cells, batched layout: smooth with 100 000 rows."""

    zoomed = Signal(int)          # new cell size
    previewRequested = Signal()   # Space
    openRequested = Signal()      # Enter

    def __init__(self, cell: int = 160) -> None:
        super().__init__()
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setUniformItemSizes(True)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(256)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setWrapping(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.cell = cell
        self.set_cell(cell)

    def set_cell(self, cell: int) -> None:
        self.cell = max(MIN_CELL, min(MAX_CELL, cell))
        self.setIconSize(QSize(self.cell, self.cell))
        self.setGridSize(QSize(self.cell + 16, self.cell + 34))

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            step = ZOOM_STEP if event.angleDelta().y() > 0 else -ZOOM_STEP
            self.zoomed.emit(max(MIN_CELL, min(MAX_CELL, self.cell + step)))
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and self.currentIndex().isValid():
            self.previewRequested.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                self.currentIndex().isValid():
            self.openRequested.emit()
            return
        super().keyPressEvent(event)
