"""What can be done with the results in the grid: menu, open, copy, preview."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint

from clipview.core.search.search import SearchResult
from clipview.gui import actions
from clipview.gui.grid_presenter import GridPresenter
from clipview.gui.main_window import MainWindow
from clipview.gui.preview import PREVIEW_SIZE, PreviewDialog
from clipview.gui.results_model import ResultsModel
from clipview.gui.thumbnails import ThumbnailLoader
from clipview.gui.translation import plural


class ResultActions(QObject):
    """Acts on the current photo; asks the grid presenter for new searches."""

    def __init__(self, window: MainWindow, model: ResultsModel, thumbs: ThumbnailLoader,
                 grid: GridPresenter, trash: Callable[[list[str]], None]) -> None:
        super().__init__(window)  # deleted with the window, on the GUI thread
        self.window, self.model, self.thumbs, self.grid = window, model, thumbs, grid
        self.trash = trash
        self.ask = True   # tests and scripts may answer for the person
        self.preview = PreviewDialog(thumbs, window)
        self.copy_wanted: str | None = None
        w = window
        w.view.customContextMenuRequested.connect(self.context_menu)
        w.view.viewRequested.connect(self.show_preview_of)   # double-click
        w.view.openRequested.connect(self.show_preview)   # Enter: the viewer, as double-click
        w.view.previewRequested.connect(self.show_preview)
        w.copy_action.triggered.connect(self.copy_selected_paths)
        self.preview.stepRequested.connect(self.step_preview)
        thumbs.ready.connect(self.thumbnail_ready)

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
        menu = actions.result_menu(self.window.view, not self.grid.state.browsing)
        chosen = menu.exec(self.window.view.viewport().mapToGlobal(point))
        if chosen is not None:
            self.act(str(chosen.data()))

    def act(self, name: str) -> None:
        """Carry out a context-menu entry on the current result."""
        result = self.current()
        if result is None:
            return
        if name == "similar":
            self.grid.add_reference(result.path, 1, replace_all=True)
        elif name in ("more", "less"):
            self.grid.add_reference(result.path, 1 if name == "more" else -1)
        elif name == "view":
            self.show_preview()
        elif name == "open":
            self.open_path(result.path)
        elif name == "reveal":
            self._report(actions.show_in_folder(result.path), self.tr(
                "Could not show the folder of {name}: no default application (View shows it "
                "here)"), result.path)
        elif name == "trash":
            self.trash_selected()
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
            self.window.status.show_message(self.tr("Image copied"))

    def copy_selected_paths(self) -> None:
        current = self.current()
        paths = self.selected_paths() or ([current.path] if current else [])
        if paths:
            actions.copy_paths(paths)

    def open_current(self) -> None:
        """Open the current photo in the desktop's default application ("Open in…")."""
        result = self.current()
        if result is not None:
            self.open_path(result.path)

    def open_path(self, path: str) -> None:
        self._report(actions.open_file(path), self.tr(
            "Could not open {name}: no default application (View shows it here)"), path)

    def _report(self, worked: bool, failure: str, path: str) -> None:
        """``failure``: what to say when it did not work, {name} the photo's file name."""
        if not worked:
            self.window.status.show_error(failure.format(name=os.path.basename(path)))

    def trash_selected(self) -> None:
        """Move the selected photos to the system trash (asks first; never deletes)."""
        current = self.current()
        paths = self.selected_paths() or ([current.path] if current else [])
        if not paths or not self._confirm_trash(paths):
            return
        self.trash(paths)

    def _confirm_trash(self, paths: list[str]) -> bool:
        if not self.ask:
            return True
        count = len(paths)
        what = os.path.basename(paths[0]) if count == 1 else plural(
            count, self.tr("%n photo", "", count), self.tr("%n photos", "", count))
        return actions.confirm_trash(self.window, what)

    def show_preview(self) -> None:
        """clipview's viewer on the current photo (Space, Enter, double-click, View)."""
        result = self.current()
        if result is not None:
            self.preview.show_result(result, with_score=not self.grid.state.browsing)

    def show_preview_of(self, row: int) -> None:
        """The viewer on ``row`` (a double-clicked tile; a section header shows nothing)."""
        if self.model.result(row) is None:
            return
        self.window.view.setCurrentIndex(self.model.index(row))
        self.show_preview()

    def step_preview(self, step: int) -> None:
        """The next (or previous) photo, over the section headers of the timeline."""
        row = self.window.view.currentIndex().row() + step
        while 0 <= row < self.model.rowCount() and self.model.result(row) is None:
            row += step
        if 0 <= row < self.model.rowCount():
            self.window.view.setCurrentIndex(self.model.index(row))
            self.show_preview()
