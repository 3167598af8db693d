"""The app's behaviour and the one place where signals are wired."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, QThread, Signal
from PySide6.QtGui import QCloseEvent

from clipview.core.library import Library
from clipview.gui.index_worker import IndexWorker
from clipview.gui.main_window import MainWindow
from clipview.gui.result_actions import ResultActions
from clipview.gui.results_model import ResultsModel
from clipview.gui.service import LibraryService, QueryAnswer
from clipview.gui.thumbnails import ThumbnailLoader

RESULT_LIMIT = 2000


@dataclass
class Options:
    """Where the library is and which model and device it uses."""

    home: Path
    model: str | None
    device: str
    query: str | None = None


class Controller(QObject):
    # GUI-thread signals, emitted after the controller has applied what a worker reported
    resultsShown = Signal(int)          # rows now in the grid
    libraryReady = Signal()
    progressShown = Signal(object)      # Progress
    indexingFinished = Signal(object)   # IndexSummary or None

    def __init__(self, window: MainWindow, service: LibraryService, indexer: IndexWorker,
                 thumbs: ThumbnailLoader, settings: QSettings, threads: list[QThread],
                 options: Options) -> None:
        super().__init__()
        self.window, self.service, self.indexer = window, service, indexer
        self.thumbs, self.settings, self.threads = thumbs, settings, threads
        self.model = ResultsModel(thumbs, window.view.cell)
        window.view.setModel(self.model)
        self.results = ResultActions(window, self.model, thumbs, self.find_similar,
                                     lambda: self.query)
        self.library: Library | None = None
        self.query = ""
        self.request = 0
        self.indexing = False
        self.index_again = False
        self.waiting_folders: list[str] = []
        self.waiting_forget: list[str] = []
        self.options = options
        self.choose_model: Callable[[], None] = lambda: None  # set by launch (a dialog)
        self.closing = False
        self.wire()

    # -- the one place where signals are wired ------------------------------------------
    def wire(self) -> None:
        w, s, i, r = self.window, self.service, self.indexer, self.results
        w.search.search.connect(self.run_query)
        w.view.customContextMenuRequested.connect(r.context_menu)
        w.view.activated.connect(lambda _: r.open_current())
        w.view.openRequested.connect(r.open_current)
        w.view.previewRequested.connect(r.show_preview)
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
        w.copy_action.triggered.connect(r.copy_selected_paths)
        w.quit_action.triggered.connect(w.close)
        w.choose_model_action.triggered.connect(lambda: self.choose_model())
        w.device_group.triggered.connect(lambda _: self.choose_device())
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
        r.preview.stepRequested.connect(r.step_preview)
        self.thumbs.ready.connect(r.thumbnail_ready)

    # -- library --------------------------------------------------------------------------
    def open_library(self, home: str, bundle: str, device: str) -> None:
        self.window.show_empty("Opening the library…")
        self.service.requestOpen.emit(home, bundle, device)

    def library_opened(self, library: Library) -> None:
        if self.closing:
            return
        self.library = library
        self.window.search.setEnabled(True)
        self.window.show_empty("")
        if self.query:
            self.rerun()
        self.start_indexing()
        self.libraryReady.emit()

    def show_model(self, name: str, device: str, note: str) -> None:
        if self.closing:
            return
        self.window.status.show_model(name, device, note)

    def folder_added(self, path: str) -> None:
        if self.closing:
            return
        self.start_indexing()

    def show_progress(self, progress: object) -> None:
        if self.closing:
            return
        self.window.status.show_progress(progress)  # type: ignore[arg-type]
        self.progressShown.emit(progress)

    def indexing_failed(self, message: str) -> None:
        if self.closing:
            return
        self.window.status.show_message(message)

    def show_folders(self, folders: list[dict[str, object]]) -> None:
        if self.closing:
            return
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
        if self.closing:
            return
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
        self.indexingFinished.emit(summary)

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
        if self.closing:
            return
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
        if self.closing:
            return
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

    # -- settings and app-level choices ---------------------------------------------------
    def use_bundle(self, path: str) -> None:
        """Open the library with the bundle at ``path`` (after it was checked)."""
        self.options.model = path
        self.settings.setValue("model", path)
        self.window.search.setEnabled(True)
        self.open_library(str(self.options.home), path, self.options.device)

    def choose_device(self) -> None:
        checked = self.window.device_group.checkedAction()
        self.options.device = str(checked.data()) if checked else "auto"
        self.settings.setValue("device", self.options.device)
        if self.library is not None and self.options.model:
            self.open_library(str(self.options.home), self.options.model, self.options.device)

    def save_settings(self) -> None:
        self.settings.setValue("geometry", self.window.saveGeometry())
        self.settings.setValue("thumb_size", self.window.view.cell)
        self.settings.setValue("history", self.window.search.history())
        if self.options.model:
            self.settings.setValue("model", self.options.model)
        self.settings.setValue("device", self.options.device)
        self.settings.sync()

    # -- shutdown -------------------------------------------------------------------------
    def shutdown(self, event: QCloseEvent | None = None) -> None:
        """Stop the workers and wait for them; late signals from them are ignored."""
        if self.closing:
            return
        self.closing = True
        self.save_settings()
        self.indexer.cancel()
        self.thumbs.shutdown()
        for thread in self.threads:
            thread.quit()
            thread.wait(30000)
