"""The app's behaviour: turns what people do into session requests and jobs, and shows what
the session reports. Widget signals are wired in ``wire``; the session's in ``wire_session``
(kept so that shutdown can disconnect them)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal

from clipview.core.errors import ClipviewError
from clipview.core.library import Library
from clipview.core.progress import CancelToken, IndexSummary, Progress
from clipview.gui.jobs import Job, Work
from clipview.gui.main_window import MainWindow
from clipview.gui.result_actions import ResultActions
from clipview.gui.results_model import ResultsModel
from clipview.gui.session import LibrarySession, ModelInfo, QueryAnswer
from clipview.gui.thumbnails import ThumbnailLoader

RESULT_LIMIT = 2000


@dataclass
class Options:
    """Where the library is and which model and device it uses."""

    home: Path
    model: str | None
    device: str
    query: str | None = None


def _index(library: Library | None, token: CancelToken) -> Iterator[Progress] | None:
    return library.index(token) if library is not None else None


def _add_folder(path: str) -> Work:
    return lambda library, _token: _open(library).add_folder(path)


def _forget(path: str) -> Work:
    return lambda library, _token: _open(library).forget(path)


def _open(library: Library | None) -> Library:
    if library is None:
        raise ClipviewError("no library is open: choose a model first")
    return library


class Controller(QObject):
    # GUI-thread signals, emitted after the controller has applied what the session reported
    resultsShown = Signal(int)          # rows now in the grid
    libraryReady = Signal()
    progressShown = Signal(object)      # Progress
    indexingFinished = Signal(object)   # IndexSummary or None
    jobDone = Signal(object)            # every Job, after it was shown

    def __init__(self, window: MainWindow, session: LibrarySession, thumbs: ThumbnailLoader,
                 settings: QSettings, options: Options) -> None:
        super().__init__()
        self.window, self.session, self.thumbs = window, session, thumbs
        self.settings, self.options = settings, options
        self.model = ResultsModel(thumbs, window.view.cell)
        window.view.setModel(self.model)
        self.results = ResultActions(window, self.model, thumbs, self.find_similar,
                                     lambda: self.query)
        self.model_info: ModelInfo | None = None   # the open library's model, if any
        self.query = ""
        self.request = 0
        self.choose_model: Callable[[], None] = lambda: None  # set by launch (a dialog)
        self.session_links: list[tuple[Any, Any]] = []
        self.wire()
        self.wire_session()

    def wire(self) -> None:
        w, r = self.window, self.results
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
        r.preview.stepRequested.connect(r.step_preview)
        self.thumbs.ready.connect(r.thumbnail_ready)

    def wire_session(self) -> None:
        """Worker signals reach Controller methods only: a QObject living on the GUI thread,
        so Qt queues them here (a lambda would run on the worker's thread)."""
        s, runner = self.session, self.session.runner
        self.session_links = [
            (s.opened, self.library_opened), (s.answered, self.show_answer),
            (s.failed, self.show_failure), (s.foldersChanged, self.show_folders),
            (runner.started, self.job_started), (runner.progressed, self.job_progressed),
            (runner.failed, self.job_failed), (runner.finished, self.job_finished)]
        for signal, slot in self.session_links:
            signal.connect(slot)

    # -- jobs (the write lane) -------------------------------------------------------------
    def open_library(self, home: str, bundle: str, device: str) -> None:
        self.window.show_empty("Opening the library…")
        self.session.open(home, bundle, device)

    def request_indexing(self) -> None:
        """Queue an index run unless one is already waiting at the end of the queue."""
        if self.model_info is None:
            return
        last = self.session.last_queued()
        if last is not None and last.kind == "index":
            return
        token = CancelToken()
        if self.window.status.pause.isChecked():
            token.pause()  # paused before this run started: it starts paused
        self.session.submit("index", _index, token=token)

    def add_folders(self, paths: list[str]) -> None:
        if self.model_info is None:
            self.window.status.show_message("Choose a model bundle first (File menu)")
            return
        for path in paths:
            self.session.submit("add-folder", _add_folder(path), label=path)
        if paths:
            self.window.status.show_message(f"{len(paths)} folder(s) will be indexed")
        self.request_indexing()

    def forget_folder(self, path: str) -> None:
        running = self.session.running()
        if running is not None and running.kind == "index":
            running.token.cancel()  # the folder leaves now, not after the run
        self.session.submit("forget", _forget(path), label=path)
        self.request_indexing()  # finishes what the cancelled run left

    def job_started(self, job: Job) -> None:
        if job.kind == "index":
            self.window.sidebar.set_indexing(True)
            self.window.status.show_progress(Progress("scanning", 0, 0))

    def job_progressed(self, job: Job, value: object) -> None:
        if job.kind == "index" and isinstance(value, Progress):
            self.window.status.show_progress(value)
            self.progressShown.emit(value)

    def job_failed(self, job: Job, message: str) -> None:
        self.window.status.show_error(message)

    def job_finished(self, job: Job) -> None:
        if job.kind == "open" and job.error is None:
            self.request_indexing()
        elif job.kind in ("add-folder", "forget"):
            self.session.refresh_folders()
        elif job.kind == "index":
            self.indexing_finished(job)
        self.jobDone.emit(job)

    def indexing_finished(self, job: Job) -> None:
        summary = job.result.summary if isinstance(job.result, Progress) else None
        still = any(j.kind == "index" for j in self.session.jobs() if j is not job)
        self.window.sidebar.set_indexing(still)
        if job.error is not None:
            self.window.status.show_finished("Indexing stopped")
        else:
            self.window.status.show_finished(_summary_text(summary))
        self.session.refresh_folders()
        self.rerun()
        self.indexingFinished.emit(summary)

    def cancel_indexing(self) -> None:
        for job in self.session.jobs():
            if job.kind == "index":
                job.token.cancel()

    def toggle_pause(self, paused: bool) -> None:
        for job in self.session.jobs():
            if job.kind == "index":
                (job.token.pause if paused else job.token.resume)()
        self.window.status.set_paused(paused)

    # -- what the session reports ----------------------------------------------------------
    def library_opened(self, info: ModelInfo) -> None:
        self.model_info = info
        self.window.status.show_model(info.name, info.device, info.note)
        self.window.search.setEnabled(True)
        self.window.show_empty("")
        self.rerun()
        self.libraryReady.emit()

    def show_folders(self, folders: list[dict[str, object]]) -> None:
        self.window.sidebar.show_folders(folders)
        if not folders and not self.query:
            self.window.show_empty("Drop folders of photos here (or use Add folder…) to "
                                   "index them, then type what you are looking for.")

    # -- queries (the read lane) ------------------------------------------------------------
    def run_query(self, text: str) -> None:
        self.query = text
        self._send(self.session.query, text)

    def find_similar(self, path: str) -> None:
        self.query = ""
        self.window.search.setText("")
        self._send(self.session.similar, path)

    def rerun(self) -> None:
        if self.query and self.model_info is not None:
            self._send(self.session.query, self.query)

    def _send(self, ask: Callable[[int, str, int, str], None], text: str) -> None:
        self.request += 1
        ask(self.request, text, RESULT_LIMIT, self.window.sidebar.current_folder())

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
            self.window.status.show_error(message)

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
        """Open the library with the bundle at ``path`` (after it was checked); queued after
        the jobs already running, so nothing is closed under them."""
        self.options.model = path
        self.settings.setValue("model", path)
        self.open_library(str(self.options.home), path, self.options.device)

    def choose_device(self) -> None:
        checked = self.window.device_group.checkedAction()
        self.options.device = str(checked.data()) if checked else "auto"
        self.settings.setValue("device", self.options.device)
        if self.model_info is not None and self.options.model:
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
    def shutdown(self) -> None:
        """Disconnect the workers' signals, then stop them and wait (safe to call twice)."""
        if not self.session_links:
            return
        for signal, slot in self.session_links:
            signal.disconnect(slot)
        self.session_links = []
        self.save_settings()
        self.thumbs.shutdown()
        self.session.shutdown()


def _summary_text(summary: IndexSummary | None) -> str:
    text = "Indexing cancelled" if summary is not None and summary.cancelled else "Up to date"
    if summary is not None and (summary.indexed or summary.skipped):
        text += f": {summary.indexed} new, {len(summary.skipped)} skipped"
    return text
