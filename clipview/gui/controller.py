"""The app's behaviour: turns what people do into session requests and jobs, and shows what
the session reports. Widget signals are wired in ``wire``; the session's in ``wire_session``
(kept so that shutdown can disconnect them). What the grid shows is the GridPresenter's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Signal

from clipview.core.library.browse import TrashReport
from clipview.core.progress import IndexSummary
from clipview.gui import library_jobs as jobs
from clipview.gui.app_menus import about_info, add_menus
from clipview.gui.errors import points_to_the_log
from clipview.gui.external import ExternalWatch
from clipview.gui.grid_presenter import GridPresenter
from clipview.gui.int8_job import Int8Maker
from clipview.gui.jobs import Job, JobKind
from clipview.gui.main_window import MainWindow
from clipview.gui.models_tool import ModelsTool
from clipview.gui.progress_view import ProgressView
from clipview.gui.query_state import scope_within
from clipview.gui.removal import Removal
from clipview.gui.result_actions import ResultActions
from clipview.gui.results_model import ResultsModel
from clipview.gui.session import LibrarySession, ModelInfo
from clipview.gui.thumbnails import ThumbnailLoader
from clipview.gui.tools import DuplicatesTool
from clipview.gui.translation import plural
from clipview.gui.visible_section import VisibleSection
from clipview.gui.watching import GuiWatcher

# jobs whose error a model's opening ends
MOOT_WHEN_OPENED = (JobKind.OPEN, JobKind.INDEX, JobKind.LIST, JobKind.WATCH)
RUNS = (JobKind.INDEX, JobKind.LIST)   # index runs: cancelled when a folder leaves


@dataclass
class Options:
    """Where the library is and which model and device it uses."""

    home: Path
    model: str | None
    device: str
    query: str | None = None
    problem: str | None = None   # why no model is used (shown instead of searching)


class Controller(QObject):
    # GUI-thread signals, emitted after the controller has applied what the session reported
    libraryReady = Signal()
    progressShown = Signal(object)      # Progress
    indexingFinished = Signal(object)   # IndexSummary or None
    jobDone = Signal(object)            # every Job, after it was shown and its starter heard
    foldersShown = Signal()             # the library's folders are listed (model or not)

    def __init__(self, window: MainWindow, session: LibrarySession, thumbs: ThumbnailLoader,
                 settings: QSettings, options: Options) -> None:
        super().__init__(window)  # deleted with the window, on the GUI thread
        self.window, self.session, self.thumbs = window, session, thumbs
        thumbs.facts = session.file_facts   # the catalog's digests key the thumbnail cache
        self.settings, self.options = settings, options
        self.model = ResultsModel(thumbs, window.view.cell, parent=window)
        window.view.setModel(self.model)
        self.grid = GridPresenter(window, session, self.model, thumbs, settings)
        self.visible = VisibleSection(window, session, self.model)   # encoded first
        self.resultsShown = self.grid.resultsShown
        self.results = ResultActions(window, self.model, thumbs, self.grid, self.trash)
        self.removal = Removal(window, session, self.folders_changed)
        self.model_info: ModelInfo | None = None   # the open library's model, if any
        self.waiting: set[str] = set()   # folders that wait for a model (none indexed)
        self.refused: tuple[int, str] | None = None   # (request, its photo that is unusable)
        self.choose_model: Callable[[], None] = lambda: None  # set by launch (a dialog)
        self.session_links: list[tuple[Any, Any]] = []
        self.wire()
        self.wire_session()
        add_menus(window, settings,
                  lambda: about_info(self.model_info, str(self.options.home)))
        self.progress = ProgressView(window, session, self.grid)
        self.external = ExternalWatch(window, session, self.grid)
        self.watcher = GuiWatcher(window, session, thumbs, self.folders_changed)
        self.duplicates = DuplicatesTool(window, session, thumbs, self.trash_done)
        self.int8 = Int8Maker(window, session, self.reopen_with, self.request_indexing)
        self.models = ModelsTool(window, session, options.home, self.use_bundle,
                                 lambda: self.options.device, self.int8)
        self.session_links.append((session.modelFound, self.models.found))
        session.modelFound.connect(self.models.found)   # installed while none is open

    @property
    def query(self) -> str:
        return self.grid.state.compose()

    def wire(self) -> None:
        w = self.window
        w.view.zoomed.connect(w.zoom.setValue)
        w.zoom.valueChanged.connect(self.set_zoom)
        w.foldersDropped.connect(self.add_folders)
        w.sidebar.addRequested.connect(lambda path: self.add_folders([path]))
        w.sidebar.forgetRequested.connect(self.forget_folder)
        w.add_folder_action.triggered.connect(w.sidebar._ask)
        w.rescan_action.triggered.connect(self.rescan)
        w.find_action.triggered.connect(self.focus_search)
        w.quit_action.triggered.connect(w.close)
        w.choose_model_action.triggered.connect(lambda: self.choose_model())
        w.device_group.triggered.connect(lambda _: self.choose_device())
        w.view.trashRequested.connect(self.results.trash_selected)
        w.trash_action.triggered.connect(self.results.trash_selected)

    def wire_session(self) -> None:
        """Worker signals reach QObject methods living on the GUI thread only, so Qt queues
        them here (a lambda would run on the worker's thread)."""
        s, runner, ends = self.session, self.session.runner, self.session.continuations
        self.session_links = [
            (s.opened, self.library_opened), (s.answered, self.grid.show_answer),
            (s.browsable, self.grid.browse_early),
            (s.photoRefused, self.photo_refused), (s.failed, self.show_failure),
            (s.foldersChanged, self.show_folders),
            (runner.started, self.job_started), (runner.progressed, self.job_progressed),
            (runner.failed, self.job_failed), (ends.ended, self.job_finished),
            (ends.done, self.job_done), (s.model_runner.failed, self.job_failed),
            (s.model_continuations.done, self.job_done)]
        for signal, slot in self.session_links:
            signal.connect(slot)

    # -- jobs (the write lane) -------------------------------------------------------------
    def open_library(self, home: str, bundle: str, device: str) -> None:
        self.window.show_empty(self.tr("Opening the library…"))
        self.session.open(home, bundle, device, returned=lambda _info: self.request_indexing(),
                          finished=self.open_ended)

    def reopen_with(self, bundle: str) -> None:
        """Open the library again with ``bundle`` (its int8 copy is chosen now), without
        emptying the grid meanwhile; then index."""
        self.session.open(str(self.options.home), bundle, self.options.device,
                          returned=lambda _info: self.request_indexing())

    def open_ended(self, job: Job[ModelInfo]) -> None:
        if job.error is not None and self.model_info is None:
            self.models.failed.add(job.label)   # not opened again alone (F5 tries)
            self.open_shelf()   # the model did not open: folders can still be added

    def open_shelf(self) -> None:
        """No model to open: the library's folders are shown and can be added meanwhile."""
        self.session.open_shelf(str(self.options.home))

    def request_indexing(self) -> None:
        """Queue an index run unless one is already waiting at the end of the queue; while
        the model's int8 copy is made, a run that only lists the new photos (Int8Maker
        asks for the real run when the copy is ready)."""
        if self.model_info is None:
            return
        kind = JobKind.LIST if self.int8.making() else JobKind.INDEX
        last = self.session.last_queued()
        if last is not None and last.kind is kind:
            return
        self.session.submit_steps(kind, jobs.list_new if kind is JobKind.LIST else jobs.index,
                                  finished=self.indexed)

    def indexed(self, job: Job[IndexSummary | None]) -> None:
        """An index run ended: the counts, the thumbnails that failed, its summary."""
        self.session.refresh_folders()
        self.thumbs.retry()   # the run looked at the files again: so do failed thumbnails
        if job.kind is JobKind.INDEX:
            self.indexingFinished.emit(job.result)
        elif job.result is not None and job.result.waiting:   # listed only: said as waiting
            self.grid.listed = job.result.waiting
            self.grid.rerun()

    def rescan(self) -> None:
        """Index now: new, changed and removed photos of every folder (also after Cancel)."""
        if self.model_info is None:
            self.session.refresh_folders()   # folders added elsewhere are listed
            self.models.open_chosen()   # one installed meanwhile opens, and indexes
            return
        self.window.status.show_message(self.tr("Rescanning your folders…"))
        self.request_indexing()

    def add_folders(self, paths: list[str]) -> None:
        """Track the folders now (library data, with or without a model); they are indexed
        now, or when a model is ready."""
        for path in paths:
            self.session.submit(JobKind.ADD_FOLDER, jobs.add_folder(path, self.session.shelf),
                                label=path, finished=lambda _job: self.folders_changed())
        if not paths:
            return
        count = len(paths)
        if self.model_info is None:
            self.window.status.show_message(plural(
                count, self.tr("%n folder added: it is indexed when a model is ready", "", count),
                self.tr("%n folders added: they are indexed when a model is ready", "", count)))
            return
        self.window.status.show_message(plural(
            count, self.tr("%n folder will be indexed", "", count),
            self.tr("%n folders will be indexed", "", count)))
        self.request_indexing()

    def forget_folder(self, path: str) -> None:
        """Remove asks first, then can be undone for the session (Removal)."""
        if not self.removal.confirm(path, self.window.sidebar.count_of(path),
                                    waiting=path in self.waiting):
            return
        running = self.session.running()
        if running is not None and running.kind in RUNS:
            running.token.cancel()  # the folder leaves now, not after the run
        self.removal.remove(path)
        self.request_indexing()  # finishes what the cancelled run left

    def trash(self, paths: list[str]) -> None:
        self.session.submit(JobKind.TRASH, jobs.trash(paths), label=f"{len(paths)} photos",
                            returned=self.duplicates.trashed_elsewhere,
                            finished=self.trash_done)

    def trash_done(self, job: Job[TrashReport]) -> None:
        """A trash job ended (the grid's or the Duplicates dialog's): the folders and the grid
        follow, and a success says what moved."""
        self.folders_changed()
        if job.result is not None:
            self.window.status.show_message(jobs.trash_text(job.result))

    def folders_changed(self) -> None:
        """A job added, removed or updated photos or folders: list them and ask again."""
        self.session.refresh_folders()
        self.grid.rerun()

    # every job's start, progress, failure and end (the progress line and errors concern all)
    def job_started(self, job: Job[Any]) -> None:
        self.progress.started(job)
        self.visible.tell()   # the section scrolled to is encoded first

    def job_progressed(self, job: Job[Any], value: object) -> None:
        if self.progress.progressed(job, value):
            self.progressShown.emit(value)

    def job_failed(self, job: Job[Any], message: str) -> None:
        self.window.status.show_error(message, source=f"job:{job.kind.label}")

    def job_finished(self, job: Job[Any]) -> None:
        self.progress.finished(job)   # a long job's ending line, before its starter hears

    def job_done(self, job: Job[Any]) -> None:
        self.jobDone.emit(job)

    def cancel_indexing(self) -> None:
        self.progress.cancel()

    # -- what the session reports ----------------------------------------------------------
    def library_opened(self, info: ModelInfo) -> None:
        self.model_info = info
        self.window.status.show_model(info.name, info.device, info.note, self.options.device)
        self.window.search.setEnabled(True)
        self.window.show_empty("")
        self.grid.use_model(info.key)
        self.external.start()
        for moot in MOOT_WHEN_OPENED:   # a model is open now: their run comes again
            self.window.status.clear_source(f"job:{moot.label}")
        self.models.opened(info.bundle)
        self.libraryReady.emit()

    def show_folders(self, folders: list[dict[str, object]],
                     directories: dict[str, int]) -> None:
        self.window.sidebar.show_folders(folders, directories)
        scope = self.window.sidebar.scope()
        kept = scope_within(scope, [str(f["path"]) for f in folders])
        if kept != scope:
            self.window.sidebar.set_scope(kept)   # its chip goes; the grid shows the rest
        self.waiting = {str(f["path"]) for f in folders if f.get("waiting")}
        self.results.preview.set_offline({str(f["path"]) for f in folders if f.get("offline")})
        self.watcher.show_folders(folders)   # offline ones too: it notices them return
        self.external.start()   # with a model or not: another process may change them
        self.grid.has_folders = bool(folders)
        if not folders:
            self.grid.rerun()   # the empty state explains how to add folders
        self.foldersShown.emit()

    def photo_refused(self, request: int, path: str) -> None:
        self.refused = (request, path)   # its failure follows: its chip goes then

    def show_failure(self, request: int, message: str) -> None:
        refused, self.refused = self.refused, None
        current = request == self.grid.request
        self.grid.failed(request)
        if request == 0:
            self.window.status.show_error(message)
        elif current:   # a mistake is plain; either goes on a success
            show = self.window.status.show_error if points_to_the_log(message) \
                else self.window.status.show_mistake
            dropped = refused is not None and refused[0] == request and \
                self.grid.drop_photo(refused[1])   # the grid shows what is left
            show(message, "paste" if dropped else "search")   # kept until the next photo

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
        self.options.model = path   # remembered in the library's settings.json when it opens
        self.open_library(str(self.options.home), path, self.options.device)

    def choose_device(self) -> None:
        checked = self.window.device_group.checkedAction()
        self.options.device = str(checked.data()) if checked else "auto"
        if self.model_info is not None and self.options.model:
            self.open_library(str(self.options.home), self.options.model, self.options.device)

    def save_settings(self) -> None:
        self.settings.setValue("geometry", self.window.saveGeometry())
        self.settings.setValue("thumb_size", self.window.view.cell)
        self.settings.setValue("history", self.window.search.history())
        self.settings.setValue("show_labels", self.window.labels_action.isChecked())
        for belongs_to_the_library in ("model", "device"):   # older versions kept them here
            self.settings.remove(belongs_to_the_library)
        self.settings.sync()

    # -- shutdown -------------------------------------------------------------------------
    def shutdown(self) -> None:
        """Disconnect the workers' signals, then stop them and wait (safe to call twice)."""
        if not self.session_links:
            return
        for signal, slot in self.session_links:
            signal.disconnect(slot)
        self.session_links = []
        self.session.stop_work()   # first: the pools below wait for reads it stops
        self.external.stop()
        self.watcher.stop()
        self.duplicates.stop()
        self.models.stop()
        self.save_settings()
        self.removal.forget_undo()
        self.results.preview.shutdown()
        self.thumbs.shutdown()
        self.session.shutdown()

