"""The photo grid: square tiles in full rows at every zoom and width, date section headers
across the row, zoom with Ctrl+wheel, keyboard shortcuts, batched layout for 100 000 rows."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import QAbstractItemView, QListView

from clipview.gui.errors import reported
from clipview.gui.thumbnails import ThumbnailLoader
from clipview.gui.tile_delegate import TileDelegate

MIN_CELL, MAX_CELL, ZOOM_STEP = 64, 512, 32
SPACING = 3


def tile_side(available: int, cell: int, spacing: int = SPACING) -> tuple[int, int]:
    """(columns, tile side) so that tiles of about ``cell`` fill ``available`` pixels."""
    columns = max(1, (available + spacing) // (cell + spacing))
    side = max(16, (available - spacing * (columns + 1)) // columns)
    return columns, side


class ResultsView(QListView):
    """Icon-mode list whose delegate asks it for the tile side and the row width."""

    zoomed = Signal(int)          # new cell size
    previewRequested = Signal()   # Space
    openRequested = Signal()      # Enter
    viewRequested = Signal(int)   # a tile double-clicked: its row
    trashRequested = Signal()     # Delete

    def __init__(self, thumbs: ThumbnailLoader, cell: int = 160) -> None:
        super().__init__()
        self.thumbs = thumbs
        self.cell = cell
        self.tile = cell
        self.columns = 1
        self.delegate = TileDelegate(self, self)
        self.setItemDelegate(self.delegate)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(400)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setWrapping(True)
        self.setSpacing(SPACING)
        self.setUniformItemSizes(False)   # headers span the row, tiles are squares
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setMouseTracking(True)   # hover badges
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.verticalScrollBar().setSingleStep(40)
        self.set_cell(cell)

    def available_width(self) -> int:
        scroll = self.verticalScrollBar()
        reserve = 0 if scroll.isVisible() else self.style().pixelMetric(
            self.style().PixelMetric.PM_ScrollBarExtent)
        return max(64, self.viewport().width() - reserve - 1)

    def row_width(self) -> int:
        return self.columns * self.tile + (self.columns - 1) * SPACING

    def set_cell(self, cell: int) -> None:
        self.cell = max(MIN_CELL, min(MAX_CELL, cell))
        self._fit()

    def _fit(self) -> None:
        columns, side = tile_side(self.available_width(), self.cell)
        if (columns, side) != (self.columns, self.tile):
            self.columns, self.tile = columns, side
            self.setIconSize(QSize(side, side))
            self.scheduleDelayedItemsLayout()

    def show_labels(self, shown: bool) -> None:
        self.delegate.show_labels = shown
        self.viewport().update()

    @reported("layout")
    def resizeEvent(self, event: QResizeEvent) -> None:
        self._fit()
        super().resizeEvent(event)

    @reported("layout", fallback=False)
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self._fit()  # the scroll bar appeared or went: the row width changed
        return super().event(event)

    @reported("wheel")
    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            step = ZOOM_STEP if event.angleDelta().y() > 0 else -ZOOM_STEP
            self.zoomed.emit(max(MIN_CELL, min(MAX_CELL, self.cell + step)))
            event.accept()
            return
        super().wheelEvent(event)

    @reported("key")
    def keyPressEvent(self, event: QKeyEvent) -> None:
        has_current = self.currentIndex().isValid()
        if event.key() == Qt.Key.Key_Space and has_current:
            self.previewRequested.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and has_current:
            self.openRequested.emit()
            return
        if event.key() == Qt.Key.Key_Delete and has_current:
            self.trashRequested.emit()
            return
        super().keyPressEvent(event)

    @reported("mouse")
    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """The tile under the pointer (not the press before: a double-click may come alone)."""
        index = self.indexAt(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and index.isValid():
            self.setCurrentIndex(index)
            self.viewRequested.emit(index.row())
            event.accept()
            return
        super().mouseDoubleClickEvent(event)

    def scroll_to_row(self, row: int) -> None:
        """Bring a row (a section header) to the top of the grid."""
        self.scrollTo(self.model().index(row, 0), QAbstractItemView.ScrollHint.PositionAtTop)
