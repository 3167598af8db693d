"""The one library session: owns the ``Library`` on worker threads, in two lanes.

- The read lane (this QObject's thread) answers queries, Find similar and folder lists;
  the latest request wins and stale ones are dropped before they run.
- The write lane (a ``JobRunner`` on its own thread) runs jobs in FIFO order: open or reopen
  with another model or device, add folder, forget, index, check. A reopen queued during
  indexing runs after it; nothing closes the library under a running job.
- The model lane (another ``JobRunner``) runs jobs that only read the open model and write
  model files (the int8 copy, minutes for a big model), so that the write lane meanwhile
  adds and lists folders. Its jobs hold the model they started with: a model closed under
  them opens its sessions again (``ClipModel.close``).

No GUI-thread code holds the ``Library``: the GUI talks to the session through its methods
(thread-safe, they only queue work) and hears back through signals.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from clipview.core.catalog.digests import FileFacts
from clipview.core.errors import ImageSkipped
from clipview.core.library.folders import FolderShelf, open_shelf
from clipview.core.library.library import Library, open_library
from clipview.core.library.model_switch import remember_choice
from clipview.core.models import precision
from clipview.core.models.choice import chosen_bundle
from clipview.core.models.library_models import LibraryModels
from clipview.core.progress import CancelToken
from clipview.core.search.search import Filters, SearchResult
from clipview.gui.errors import describe_error
from clipview.gui.grid_rows import arrange_rows, starts_with
from clipview.gui.jobs import Continuations, Job, JobKind, JobRunner, Steps, Work, once
from clipview.gui.session_answers import ModelInfo, QueryAnswer

__all__ = ["LibrarySession", "ModelInfo", "QueryAnswer"]

logger = logging.getLogger(__name__)
FIRST_PAGE = 2000   # the timeline's newest photos, answered before the rest
P = TypeVar("P")
R = TypeVar("R")


class LibrarySession(QObject):
    """Talk to it through its public methods; it answers with signals."""

    opened = Signal(object)            # ModelInfo, after an open job succeeded
    browsable = Signal()               # an open job's library lists photos (before opened)
    answered = Signal(object)          # QueryAnswer
    failed = Signal(int, str)          # read request id, one-line message
    photoRefused = Signal(int, str)    # before ``failed``: the request's photo cannot be used
    duplicatesFound = Signal(object)   # list[DuplicateGroup] (or None when it failed)
    externalState = Signal(int, int, object)   # pid of another process writing (0: none),
    #                                            generation, the tracked folders (a tuple)
    modelFound = Signal(str)           # no model open: the bundle the library chooses now
    foldersChanged = Signal(list, dict)  # [{'path', 'images', 'skipped', 'offline'}],
                                         # {directory: photos directly in it}

    _browseRequested = Signal(int, object)              # id, Filters
    _queryRequested = Signal(int, str, int, object)     # id, text, k, Filters
    _similarRequested = Signal(int, str, int, object)   # id, path, k, Filters
    _foldersRequested = Signal()
    _closeRequested = Signal(object)   # a replaced Library (or FolderShelf), closed here
    _pollRequested = Signal()
    _duplicatesRequested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._library: Library | None = None
        self._shelf: FolderShelf | None = None   # the catalog alone, while no model is open
        self._opening: Library | None = None   # opened, its model not ready: browse only
        self._guard = threading.Lock()
        self._latest = 0
        self._pending: list[Job[Any]] = []
        self._running: Job[Any] | None = None
        self.paused = False   # long jobs hold (set on the GUI thread by Pause)
        self.runner = JobRunner(self.library)
        # direct: the running job is noted on the write lane as it starts and ends, before
        # any queued end reaches the GUI (the session itself lives on the read lane)
        self.runner.started.connect(self._note_started, Qt.ConnectionType.DirectConnection)
        self.runner.finished.connect(self._note_finished, Qt.ConnectionType.DirectConnection)
        self.continuations = Continuations(self.runner)   # stays on the GUI thread
        self.model_runner = JobRunner(self.library)
        self.model_continuations = Continuations(self.model_runner)
        self._model_jobs: list[Job[Any]] = []   # queued or running on the model lane
        self.model_runner.finished.connect(self._model_job_ended,
                                           Qt.ConnectionType.DirectConnection)
        self._browseRequested.connect(self._browse)
        self._queryRequested.connect(self._query)
        self._similarRequested.connect(self._similar)
        self._foldersRequested.connect(self._folders)
        self._closeRequested.connect(self._close)
        self._pollRequested.connect(self._poll)
        self._duplicatesRequested.connect(self._duplicates)
        self.threads: list[QThread] = []

    def library(self) -> Library | None:
        with self._guard:
            return self._library

    def _opening_library(self) -> Library | None:
        """The library an open job is preparing (its timeline can be listed already)."""
        with self._guard:
            return self._opening

    def shelf(self) -> FolderShelf | None:
        """The library opened without a model (``open_shelf``), while no model is open."""
        with self._guard:
            return self._shelf

    def file_facts(self, path: str) -> FileFacts | None:
        """What the catalog recorded of the file at ``path`` (its digest, size and time),
        None when it is not indexed or no library is open. Any thread but the GUI's: the
        thumbnail pool asks, to key its disk cache (a short indexed query; CatalogError
        when the library is being closed)."""
        with self._guard:
            opened: Library | FolderShelf | None = self._library or self._shelf
        return None if opened is None else opened.catalog.digests.file_facts(path)

    # -- the write lane (called on the GUI thread) ---------------------------------------
    def submit(self, kind: JobKind, work: Work[R], label: str = "", *,
               returned: Callable[[R], None] | None = None,
               finished: Callable[[Job[R]], None] | None = None) -> Job[R]:
        """Queue a plain call after every job already queued. On the GUI thread,
        ``returned`` gets its result when it ran to its end, then ``finished`` the job
        (always: failed, cancelled or not)."""
        return self.submit_steps(kind, once(work), label, returned=returned, finished=finished)

    def submit_steps(self, kind: JobKind, steps: Steps[P, R], label: str = "", *,
                     yielded: Callable[[P], None] | None = None,
                     returned: Callable[[R], None] | None = None,
                     finished: Callable[[Job[R]], None] | None = None) -> Job[R]:
        """Queue a generator job (``submit``); ``yielded`` gets each value it yields."""
        job = Job(kind, steps, CancelToken(), label, yielded, returned, finished)
        if self.paused and kind.long:
            job.token.pause()   # queued while the person has paused: it starts paused
        with self._guard:
            self._pending.append(job)
        self.runner.runRequested.emit(job)
        return job

    def submit_model_job(self, kind: JobKind, steps: Steps[P, R], label: str = "", *,
                         yielded: Callable[[P], None] | None = None,
                         returned: Callable[[R], None] | None = None,
                         finished: Callable[[Job[R]], None] | None = None) -> Job[R]:
        """Queue a job on the model lane (``submit_steps``' continuations, in its order)."""
        job = Job(kind, steps, CancelToken(), label, yielded, returned, finished)
        with self._guard:
            self._model_jobs.append(job)
        self.model_runner.runRequested.emit(job)
        return job

    def model_jobs(self) -> list[Job[Any]]:
        """The model lane's jobs, running or queued."""
        with self._guard:
            return list(self._model_jobs)

    @Slot(object)
    def _model_job_ended(self, job: Job[Any]) -> None:
        with self._guard:
            if job in self._model_jobs:
                self._model_jobs.remove(job)

    def jobs(self) -> list[Job[Any]]:
        """The running job (first) and those waiting, in order."""
        with self._guard:
            return ([self._running] if self._running else []) + list(self._pending)

    def running(self) -> Job[Any] | None:
        with self._guard:
            return self._running

    def last_queued(self) -> Job[Any] | None:
        with self._guard:
            return self._pending[-1] if self._pending else None

    @Slot(object)
    def _note_started(self, job: Job[Any]) -> None:
        with self._guard:
            if job in self._pending:
                self._pending.remove(job)
            self._running = job

    @Slot(object)
    def _note_finished(self, job: Job[Any]) -> None:
        with self._guard:
            if self._running is job:
                self._running = None

    def open(self, home: str, bundle: str, device: str, *,
             returned: Callable[[ModelInfo], None] | None = None,
             finished: Callable[[Job[ModelInfo]], None] | None = None) -> Job[ModelInfo]:
        """Open (or reopen with another model or device) after the jobs already queued."""
        return self.submit(JobKind.OPEN,
                           lambda _lib, _token: self.open_now(home, bundle, device),
                           label=bundle, returned=returned, finished=finished)

    def open_now(self, home: str, bundle: str, device: str) -> ModelInfo:
        """Open on the write lane, from a job's work (``open``'s, or one that reopens the
        library before the jobs queued after it run: int8_job)."""
        library = open_library(Path(home), Path(bundle), device=device)
        remember_choice(LibraryModels(library.home, library.catalog), bundle, device)
        with self._guard:
            self._opening = library   # the timeline is listed while the model opens
        self.browsable.emit()
        try:
            library.prepare()   # the text encoder and the index, together
            library.vectors.load_graph_later()  # searches answer from the file meanwhile
        except BaseException:
            with self._guard:
                self._opening = None
            self._closeRequested.emit(library)   # after a browse still reading it
            raise
        with self._guard:
            old, self._library, self._opening = self._library, library, None
            shelf, self._shelf = self._shelf, None
        for replaced in (old, shelf):
            if replaced is not None:
                self._closeRequested.emit(replaced)  # after any read still using it
        model = library.model
        due = model.device == "cpu" and precision.needs_int8(model.bundle, "cpu")
        info = ModelInfo(model.name, model.device, model.device_note, str(library.home),
                         library.key, bundle, due)
        self.opened.emit(info)
        self._foldersRequested.emit()
        return info

    def open_shelf(self, home: str) -> Job[None]:
        """No model to open: the library's catalog alone, so that its folders are listed
        and new ones tracked (they wait for a model). Nothing when one is open already."""
        return self.submit(JobKind.SHELF, lambda _lib, _token: self._open_shelf(home),
                           label=home)

    def _open_shelf(self, home: str) -> None:
        if self.library() is None and self.shelf() is None:   # only this lane sets them
            self._shelf = open_shelf(home)
            self._foldersRequested.emit()

    # -- the read lane (requests from the GUI thread, answered on this thread) -----------
    def browse(self, request: int, filters: Filters) -> None:
        self._note_request(request)
        self._browseRequested.emit(request, filters)

    def query(self, request: int, text: str, k: int, filters: Filters) -> None:
        self._note_request(request)
        self._queryRequested.emit(request, text, k, filters)

    def similar(self, request: int, path: str, k: int, filters: Filters) -> None:
        self._note_request(request)
        self._similarRequested.emit(request, path, k, filters)

    def refresh_folders(self) -> None:
        self._foldersRequested.emit()

    def find_duplicates(self) -> None:
        """Look for copies of the same photo (read lane; ``duplicatesFound`` answers)."""
        self._duplicatesRequested.emit()

    @Slot()
    def _duplicates(self) -> None:
        library = self.library()
        if library is None:
            self.duplicatesFound.emit(None)
            return
        try:
            groups = library.duplicates()
        except Exception as exc:  # a thread boundary: every failure is reported
            logger.exception("finding duplicates failed")
            self.failed.emit(0, describe_error(exc, "duplicates"))
            groups = None
        self.duplicatesFound.emit(groups)

    def poll_external(self) -> None:
        """Ask whether another process writes to the library, how far the catalog is and
        which folders it tracks (answered by ``externalState`` from the read lane; a folder
        added or removed elsewhere changes no generation); while no model is open, also
        which model the library chooses now (``modelFound``: one was installed or chosen)."""
        self._pollRequested.emit()

    @Slot()
    def _poll(self) -> None:
        with self._guard:
            opened: Library | FolderShelf | None = self._library or self._shelf
            waiting = self._library is None
        if opened is None:
            return
        try:
            pid = opened.other_writer() or 0
            generation = opened.catalog.generation()
            folders = tuple(opened.folders())   # added or removed by another process too
            found = chosen_bundle(opened.home) if waiting else None
        except Exception:  # a thread boundary: a failed poll is only logged
            logger.exception("checking for other writers failed")
            return
        self.externalState.emit(pid, generation, folders)
        if found is not None:
            self.modelFound.emit(str(found))

    def _note_request(self, request: int) -> None:
        with self._guard:
            self._latest = max(self._latest, request)

    def _stale(self, request: int) -> bool:
        with self._guard:
            return request < self._latest

    def _answer(self, request: int, text: str, kind: str,
                work: Callable[[Library], list[SearchResult]], timeline: bool = False,
                page: int | None = None, after: list[SearchResult] | None = None
                ) -> list[SearchResult] | None:
        """Run ``work`` and send its answer (None: stale, no library, or it failed).
        ``timeline``: its grid rows are made here; ``page``: a first page of that size
        (``partial`` when full); ``after``: the page already sent (``extends``)."""
        library = self.library() or (self._opening_library() if timeline else None)
        if library is None or self._stale(request):
            return None
        started = time.perf_counter()
        try:
            results = work(library)
        except Exception as exc:  # a thread boundary: every failure is reported
            logger.exception("%s %r failed", kind, text)
            if isinstance(exc, ImageSkipped):   # the query's photo: its chip goes
                self.photoRefused.emit(request, exc.path)
            self.failed.emit(request, describe_error(exc, kind))
            return None
        seconds = time.perf_counter() - started
        arranged = arrange_rows(results, sectioned=True) if timeline else None
        self.answered.emit(QueryAnswer(
            request, text, results, seconds, hash(tuple(results)), arranged,
            partial=page is not None and len(results) >= page,
            extends=len(after) if after and starts_with(results, after) else 0))
        return results

    @Slot(int, object)
    def _browse(self, request: int, filters: Filters) -> None:
        """The timeline's first page at once (its first screen in a moment at any size),
        then the whole of it, which the grid appends below the page."""
        first = self._answer(request, "", "browse", lambda lib: lib.browse(filters, FIRST_PAGE),
                             timeline=True, page=FIRST_PAGE)
        if first is None or len(first) < FIRST_PAGE or self._stale(request):
            return
        self._answer(request, "", "browse", lambda lib: lib.browse(filters), timeline=True,
                     after=first)

    @Slot(int, str, int, object)
    def _query(self, request: int, text: str, k: int, filters: Filters) -> None:
        self._answer(request, text, "query", lambda lib: lib.search(text, k, filters))

    @Slot(int, str, int, object)
    def _similar(self, request: int, path: str, k: int, filters: Filters) -> None:
        self._answer(request, path, "similar", lambda lib: lib.similar(path, k, filters))

    @Slot()
    def _folders(self) -> None:
        with self._guard:
            library: Library | FolderShelf | None = self._library or self._shelf
            waiting = self._library is None   # no model yet: the folders wait for one
        if library is None:
            return
        try:
            rows: list[Any] = library.folder_rows()
            directories = library.directory_counts()
        except Exception as exc:  # a thread boundary: every failure is reported
            logger.exception("listing folders failed")
            self.failed.emit(0, describe_error(exc, "folders"))
            return
        self.foldersChanged.emit([{"path": f.path, "images": f.images, "skipped": f.skipped,
                                   "offline": bool(getattr(f, "offline", False)),
                                   "waiting": waiting} for f in rows], directories)

    @Slot(object)
    def _close(self, library: Library | FolderShelf) -> None:
        try:
            library.close()
        except Exception:  # closing an old library must not take the session down
            logger.exception("closing the previous library failed")

    # -- lifetime -----------------------------------------------------------------------
    def start(self) -> None:
        """Move the session and its runners to their threads and start them."""
        self.threads = [_start_thread(self, "clipview-read"),
                        _start_thread(self.runner, "clipview-write"),
                        _start_thread(self.model_runner, "clipview-models")]

    def stop_work(self) -> None:
        """The first step of quitting (GUI thread): no continuation is called from now on,
        every job is cancelled and a long catalog read (a million rows, on any thread)
        stops now rather than at its end. Safe to call again."""
        self.continuations.stopped = self.model_continuations.stopped = True
        for job in self.jobs() + self.model_jobs():
            job.token.cancel()
        with self._guard:
            reading: list[Library | FolderShelf] = [
                lib for lib in (self._library, self._shelf, self._opening) if lib is not None]
        for library in reading:
            library.catalog.interrupt()

    def shutdown(self, wait_ms: int = 30000) -> None:
        """Cancel every job, stop the lanes and close the library (GUI thread); no job's
        continuation is called after."""
        self.stop_work()
        for thread in self.threads:
            thread.quit()
        for thread in self.threads:
            if not thread.wait(wait_ms):
                logger.error("thread %s did not stop in time", thread.objectName())
        with self._guard:
            opened, self._library, self._shelf = (self._library, self._shelf), None, None
        for library in (lib for lib in opened if lib is not None):
            self._close(library)


def _start_thread(worker: QObject, name: str) -> QThread:
    thread = QThread()
    thread.setObjectName(name)
    worker.moveToThread(thread)
    thread.start()   # the workers are not deleteLater'd: a late queued signal may still
    return thread    # reach them after shutdown, and must find them alive (and idle)
