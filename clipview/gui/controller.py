"""The app's behaviour and the one place where signals are wired."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QSettings, QThread, Signal
from PySide6.QtGui import QCloseEvent

from clipview.core.query import refine
from clipview.core.search import SearchResult
from clipview.gui import actions
from clipview.gui.index_worker import IndexWorker
from clipview.gui.main_window import MainWindow
from clipview.gui.preview import PREVIEW_SIZE, PreviewDialog
from clipview.gui.results_model import ResultsModel
from clipview.gui.service import LibraryService, QueryAnswer
from clipview.gui.thumbnails import ThumbnailLoader

RESULT_LIMIT = 2000


class Controller(QObject):
    resultsShown = Signal(int)   # rows now in the grid (after an answer was applied)

    def __init__(self, window: MainWindow, service: LibraryService, indexer: IndexWorker,
                 thumbs: ThumbnailLoader, settings: QSettings,
                 threads: list[QThread]) -> None:
        super().__init__()
        self.window, self.service, self.indexer = window, service, indexer
        self.thumbs, self.settings, self.threads = thumbs, settings, threads
        self.model = ResultsModel(thumbs, window.view.cell)
        window.view.setModel(self.model)
        self.preview = PreviewDialog(thumbs, window)
        self.library = None
        self.query = ""
        self.request = 0
        self.indexing = False
        self.index_again = False
        self.waiting_folders: list[str] = []
        self.waiting_forget: list[str] = []
        self.copy_wanted: str | None = None
        self.wire()

    # -- the one place where signals are wired ------------------------------------------
    def wire(self) -> None:
        w, s, i = self.window, self.service, self.indexer
        w.search.search.connect(self.run_query)
        w.view.customContextMenuRequested.connect(self.context_menu)
        w.view.activated.connect(lambda _: self.open_current())
        w.view.openRequested.connect(self.open_current)
        w.view.previewRequested.connect(self.show_preview)
        w.view.zoomed.connect(w.zoom.setValue)
        w.zoom.valueChanged.connect(self.set_zoom)
        w.cutoff.valueChanged.connect(self.set_cutoff)
        w.sort.currentIndexChanged.connect(
            lambda _: self.model.set_order(w.sort.currentData()))
        w.foldersDropped.connect(self.add_folders)
        w.sidebar.addRequested.connect(lambda path: self.add_folders([path]))
        w.sidebar.forgetRequested.connect(self.forget_folder)
        w.sidebar.folderChosen.connect(lambda _: self.rerun())
        w.add_folder_action.triggered.connect(w.sidebar._ask)
        w.find_action.triggered.connect(self.focus_search)
        w.copy_action.triggered.connect(self.copy_selected_paths)
        w.quit_action.triggered.connect(w.close)
        w.status.pause.toggled.connect(self.toggle_pause)
        w.status.cancel.clicked.connect(self.cancel_indexing)
        # signals from worker threads reach Controller methods only: a QObject living on
        # the GUI thread, so Qt queues them there (a lambda would run on the worker)
        s.opened.connect(self.library_opened)
        s.modelInfo.connect(self.show_model)
        s.answered.connect(self.show_answer)
        s.failed.connect(self.show_failure)
        s.foldersChanged.connect(self.show_folders)
        s.folderAdded.connect(self.folder_added)
        i.progressed.connect(self.show_progress)
        i.finished.connect(self.indexing_finished)
        i.failed.connect(self.indexing_failed)
        self.preview.stepRequested.connect(self.step_preview)
        self.thumbs.ready.connect(self._thumbnail_for_clipboard)

    # -- library --------------------------------------------------------------------------
    def open_library(self, home: str, bundle: str, device: str) -> None:
        self.window.show_empty("Opening the library…")
        self.service.requestOpen.emit(home, bundle, device)

    def library_opened(self, library: object) -> None:
        self.library = library
        self.window.search.setEnabled(True)
        self.window.show_empty("")
        if self.query:
            self.rerun()
        self.start_indexing()

    def show_model(self, name: str, device: str, note: str) -> None:
        self.window.status.show_model(name, device, note)

    def folder_added(self, path: str) -> None:
        self.start_indexing()

    def show_progress(self, progress: object) -> None:
        self.window.status.show_progress(progress)  # type: ignore[arg-type]

    def indexing_failed(self, message: str) -> None:
        self.window.status.show_message(message)

    def show_folders(self, folders: list[dict[str, object]]) -> None:
        self.window.sidebar.show_folders(folders)
        if not folders and not self.query:
            self.window.show_empty("Drop folders of photos here (or use Add folder…) to "
                                   "index them, then type what you are looking for.")

    def add_folders(self, paths: list[str]) -> None:
        if self.library is None:
            self.window.status.show_message("Choose a model bundle first (File menu)")
            return
        if self.indexing:  # the run in progress scanned its folders already
            self.waiting_folders.extend(paths)
            self.window.status.show_message(f"{len(paths)} folder(s) will be indexed next")
            return
        for path in paths:
            self.service.requestAddFolder.emit(path)

    def forget_folder(self, path: str) -> None:
        if self.indexing:
            self.waiting_forget.append(path)
            self.indexer.cancel()
            return
        self.service.requestForget.emit(path)

    # -- indexing -------------------------------------------------------------------------
    def start_indexing(self) -> None:
        if self.library is None:
            return
        if self.indexing:
            self.index_again = True
            return
        self.indexing = True
        self.window.sidebar.set_indexing(True)
        self.indexer.start.emit(self.library)

    def cancel_indexing(self) -> None:
        # called directly, not through a signal: the worker's thread is busy in the run
        self.indexer.cancel()

    def toggle_pause(self, paused: bool) -> None:
        (self.indexer.pause if paused else self.indexer.resume)()
        self.window.status.set_paused(paused)

    def indexing_finished(self, summary: object) -> None:
        self.indexing = False
        self.window.sidebar.set_indexing(False)
        text = "Indexing cancelled" if getattr(summary, "cancelled", False) else "Up to date"
        if summary is not None:
            text += (f": {summary.indexed} new, {len(summary.skipped)} skipped"  # type: ignore[attr-defined]
                     if summary.indexed or summary.skipped else "")  # type: ignore[attr-defined]
        self.window.status.show_finished(text)
        self.service.requestFolders.emit()
        self.rerun()
        for path in self.waiting_forget:
            self.service.requestForget.emit(path)
        self.waiting_forget.clear()
        if self.waiting_folders:
            self.add_folders(self.waiting_folders)
            self.waiting_folders = []
        elif self.index_again:
            self.index_again = False
            self.start_indexing()

    # -- queries --------------------------------------------------------------------------
    def run_query(self, text: str) -> None:
        self.query = text
        self._send(self.service.requestQuery, text)

    def find_similar(self, path: str) -> None:
        self.query = ""
        self.window.search.setText("")
        self._send(self.service.requestSimilar, path)

    def rerun(self) -> None:
        if self.query and self.library is not None:
            self._send(self.service.requestQuery, self.query)

    def _send(self, signal: object, text: str) -> None:
        self.request += 1
        self.service.note_request(self.request)
        signal.emit(self.request, text, RESULT_LIMIT,  # type: ignore[attr-defined]
                    self.window.sidebar.current_folder())

    def show_answer(self, answer: QueryAnswer) -> None:
        if answer.request != self.request:
            return  # an older query finished after a newer one was sent
        self.model.set_results(answer.results)
        self.window.status.show_results(self.model.rowCount(), self.model.total,
                                        answer.seconds)
        self.window.show_empty("" if answer.results else "No photos match.")
        if self.query and answer.results:
            self.window.search.remember(self.query)
        self.resultsShown.emit(self.model.rowCount())

    def show_failure(self, request: int, message: str) -> None:
        if request in (0, self.request):
            self.window.status.show_message(message)

    def set_cutoff(self, value: int) -> None:
        self.window.cutoff_label.setText(f"min score {value / 100:.2f}")
        self.model.set_min_score(value / 100 if value else None)

    def set_zoom(self, cell: int) -> None:
        self.window.view.set_cell(cell)
        self.model.set_cell(cell)

    def focus_search(self) -> None:
        self.window.search.setFocus()
        self.window.search.selectAll()

    # -- results --------------------------------------------------------------------------
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
        menu = actions.result_menu(self.window.view, bool(self.query))
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
            self.window.search.run(refine(self.query, result.path, more=name == "more"))
        elif name == "open":
            actions.open_file(result.path)
        elif name == "reveal":
            actions.show_in_folder(result.path)
        elif name == "copy_path":
            actions.copy_paths([result.path])
        elif name == "copy_image":
            self.copy_wanted = result.path
            self._thumbnail_for_clipboard(result.path)

    def _thumbnail_for_clipboard(self, path: str) -> None:
        if path != self.copy_wanted:
            return
        pixmap = self.thumbs.pixmap(path, PREVIEW_SIZE)
        if pixmap is not None:
            actions.copy_image(pixmap.toImage(), path)
            self.copy_wanted = None
            self.window.status.show_message("Image copied")

    def copy_selected_paths(self) -> None:
        paths = self.selected_paths() or ([self.current().path] if self.current() else [])
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

    # -- shutdown -------------------------------------------------------------------------
    def shutdown(self, event: QCloseEvent | None = None) -> None:
        self.indexer.cancel()
        self.thumbs.shutdown()
        for thread in self.threads:
            thread.quit()
            thread.wait(10000)
