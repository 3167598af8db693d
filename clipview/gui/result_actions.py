"""What can be done with the results in the grid: menu, open, copy, preview."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint

from clipview.core.query import refine
from clipview.core.search import SearchResult
from clipview.gui import actions
from clipview.gui.main_window import MainWindow
from clipview.gui.preview import PREVIEW_SIZE, PreviewDialog
from clipview.gui.results_model import ResultsModel
from clipview.gui.thumbnails import ThumbnailLoader


class ResultActions(QObject):
    """Acts on the current result; asks the controller for new searches."""

    def __init__(self, window: MainWindow, model: ResultsModel, thumbs: ThumbnailLoader,
                 find_similar: Callable[[str], None], current_query: Callable[[], str]) -> None:
        super().__init__()
        self.window, self.model, self.thumbs = window, model, thumbs
        self.find_similar = find_similar
        self.current_query = current_query
        self.preview = PreviewDialog(thumbs, window)
        self.copy_wanted: str | None = None

    def current(self) -> SearchResult | None:
        return self.model.result(self.window.view.currentIndex().row())

    def selected_paths(self) -> list[str]:
        rows = sorted(i.row() for i in self.window.view.selectionModel().selectedIndexes())
        return [r.path for r in (self.model.result(row) for row in rows) if r is not None]

    def context_menu(self, point: QPoint) -> None:
        index = self.window.view.indexAt(point)
        if not index.isValid():
            return
        self.window.view.setCurrentIndex(index)
        menu = actions.result_menu(self.window.view, bool(self.current_query()))
        chosen = menu.exec(self.window.view.viewport().mapToGlobal(point))
        if chosen is not None:
            self.act(str(chosen.data()))

    def act(self, name: str) -> None:
        """Carry out a context-menu entry on the current result."""
        result = self.current()
        if result is None:
            return
        if name == "similar":
            self.find_similar(result.path)
        elif name in ("more", "less"):
            self.window.search.run(refine(self.current_query(), result.path,
                                          more=name == "more"))
        elif name == "open":
            actions.open_file(result.path)
        elif name == "reveal":
            actions.show_in_folder(result.path)
        elif name == "copy_path":
            actions.copy_paths([result.path])
        elif name == "copy_image":
            self.copy_wanted = result.path
            self.thumbnail_ready(result.path)

    def thumbnail_ready(self, path: str) -> None:
        """Copy image waits for the preview-size decode (PREVIEW_SIZE, not the full photo),
        made off the GUI thread by the thumbnail loader."""
        if path != self.copy_wanted:
            return
        pixmap = self.thumbs.pixmap(path, PREVIEW_SIZE)
        if pixmap is not None:
            actions.copy_image(pixmap.toImage(), path)
            self.copy_wanted = None
            self.window.status.show_message("Image copied")

    def copy_selected_paths(self) -> None:
        current = self.current()
        paths = self.selected_paths() or ([current.path] if current else [])
        if paths:
            actions.copy_paths(paths)

    def open_current(self) -> None:
        result = self.current()
        if result is not None:
            actions.open_file(result.path)

    def show_preview(self) -> None:
        result = self.current()
        if result is not None:
            self.preview.show_result(result)

    def step_preview(self, step: int) -> None:
        row = self.window.view.currentIndex().row() + step
        if 0 <= row < self.model.rowCount():
            self.window.view.setCurrentIndex(self.model.index(row))
            self.show_preview()
