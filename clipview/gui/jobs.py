"""The library session's write lane: a FIFO of typed jobs, each run to its end on one thread.

A job is a core generator (or a plain call, made one by ``once``) on the ``Library``, of a
``JobKind`` that says in one place how the window names it, whether it shows progress (and
can be paused and cancelled), whether its photos appear as they come and what its failure
says. The runner follows superqt's ``GeneratorWorker`` pattern: it emits ``progressed`` for
every value the generator yields, ``failed`` for *any* exception (the traceback goes to the
log) and ``finished`` always, from a ``finally`` block, so the GUI never waits for an end
that does not come.

Each job carries its own continuation, as superqt's workers each have their own
``returned``: ``yielded`` (each value), ``returned`` (the typed result, when the work ran to
its end) and ``finished`` (the job, always, last), called on the GUI thread by
``Continuations``, so the code that starts a job hears its result, and no tool filters
every job's end by kind.
"""

from __future__ import annotations

import itertools
import logging
import sys
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal, Slot

from clipview.core.progress import CancelToken
from clipview.gui.errors import describe_failure
from clipview.gui.translation import translate

if TYPE_CHECKING:
    from clipview.core.library.library import Library

logger = logging.getLogger(__name__)
_ids = itertools.count(1)
P = TypeVar("P")   # what a job yields as it goes (its progress)
R = TypeVar("R")   # what it returns

# what a job does: called on the write lane's thread with the open library (None when no
# library is open yet) and the job's token; ``Steps`` yields its progress and returns its
# result, ``Work`` (a plain call) returns it
Work = Callable[["Library | None", CancelToken], R]
Steps = Callable[["Library | None", CancelToken], Generator[P, None, R]]


class JobKind(Enum):
    """Every kind of job on the write lane, with what the window says of it."""

    # label, what failed, long (progress, pause, cancel), adds photos (shown as they come)
    OPEN = ("open", QT_TRANSLATE_NOOP("JobKind", "Opening the library"))
    SHELF = ("shelf", QT_TRANSLATE_NOOP("JobKind", "Listing the library's folders"))
    INDEX = ("index", QT_TRANSLATE_NOOP("JobKind", "Indexing"), True, True)
    LIST = ("list", QT_TRANSLATE_NOOP("JobKind", "Listing the new photos"), True, True)
    WATCH = ("watch", QT_TRANSLATE_NOOP("JobKind", "Updating from the watched folders"), True, True)
    BUILD = ("build", QT_TRANSLATE_NOOP("JobKind", "Building the new model's vectors"), True)
    ADD_FOLDER = ("add-folder", QT_TRANSLATE_NOOP("JobKind", "Adding the folder"))
    FORGET = ("forget", QT_TRANSLATE_NOOP("JobKind", "Removing the folder"))
    RESTORE = ("restore", QT_TRANSLATE_NOOP("JobKind", "Putting the folder back"))
    TRASH = ("trash", QT_TRANSLATE_NOOP("JobKind", "Moving to the trash"))
    INT8 = ("int8", QT_TRANSLATE_NOOP("JobKind", "Making the int8 copy"))
    SWITCH = ("switch", QT_TRANSLATE_NOOP("JobKind", "Switching models"))
    MODEL_STATE = ("model-state", QT_TRANSLATE_NOOP("JobKind", "Reading the models' state"))
    REMOVE_MODEL = ("remove-model", QT_TRANSLATE_NOOP("JobKind", "Removing the model"))
    FIND_MODEL = ("find-model", QT_TRANSLATE_NOOP("JobKind", "Looking for a model"))

    def __init__(self, label: str, what: str, long: bool = False,
                 adds_photos: bool = False) -> None:
        self.label = label              # its name in logs and status sources ("job:index")
        self.what = what                # "Indexing" failed: … (English: ``said`` to people)
        self.long = long                # progress in the status bar, pause and cancel
        self.adds_photos = adds_photos  # the grid and the sidebar follow it as it runs

    @property
    def said(self) -> str:
        """``what`` in the window's language."""
        return translate("JobKind", self.what)


@dataclass(eq=False)
class Job(Generic[R]):
    """One write, queued in order. The token is made on the GUI thread and travels along;
    the continuations are called on the GUI thread (see ``Continuations``)."""

    kind: JobKind
    steps: Steps[Any, R]
    token: CancelToken = field(default_factory=CancelToken)
    label: str = ""               # what it acts on (a folder, a model) for messages
    yielded: Callable[[Any], None] | None = None       # each value, as it comes
    returned: Callable[[R], None] | None = None         # the result, when it ran to its end
    finished: Callable[[Job[R]], None] | None = None    # always, last (failed or not)
    id: int = field(default_factory=lambda: next(_ids))
    result: R | None = None       # the value returned (None until it ran to its end)
    error: str | None = None      # the one-line message when it failed
    done: bool = False            # it ran to its end: not failed, not cancelled before

    def __repr__(self) -> str:
        return f"Job({self.id}, {self.kind.label!r}, {self.label!r})"


def once(work: Work[R]) -> Steps[Any, R]:
    """A plain call as a job that yields nothing."""
    def steps(library: Library | None, token: CancelToken) -> Generator[Any, None, R]:
        yield from ()
        return work(library, token)
    return steps


class JobRunner(QObject):
    """Lives on the write lane's thread; runs the jobs it is sent one after the other."""

    started = Signal(object)             # Job
    progressed = Signal(object, object)  # Job, value yielded
    failed = Signal(object, str)         # Job, one-line message
    finished = Signal(object)            # Job (always, after started)
    runRequested = Signal(object)        # Job: emitted by the session, queued to this thread

    def __init__(self, library_of: Callable[[], Library | None]) -> None:
        super().__init__()
        self._library_of = library_of
        self.runRequested.connect(self._run)

    @Slot(object)
    def _run(self, job: Job[Any]) -> None:
        self.started.emit(job)
        try:
            if job.token.cancelled:
                logger.info("%r cancelled before it started", job)
                return
            steps = job.steps(self._library_of(), job.token)
            while True:
                try:
                    value = next(steps)
                except StopIteration as end:
                    job.result, job.done = end.value, True
                    break
                self.progressed.emit(job, value)
        except Exception as exc:  # a thread boundary: every failure is reported
            logger.exception("%r failed", job)
            job.error = describe_failure(exc, job.kind.said)
            self.failed.emit(job, job.error)
        finally:
            self.finished.emit(job)


class Continuations(QObject):
    """Lives on the GUI thread (made there, never moved): hands each job's values and end
    to the code that started it. A job's end is told in order: ``ended`` (every job, to
    what every job concerns: the progress line), then the job's own ``returned`` and
    ``finished``, then ``done`` (every job, after its starter heard) — ``done`` comes even
    when a continuation raised."""

    ended = Signal(object)   # Job, before its own continuation
    done = Signal(object)    # Job, after it

    def __init__(self, runner: JobRunner) -> None:
        super().__init__()
        self.stopped = False   # after the session's shutdown nothing more is called
        runner.progressed.connect(self._progressed)
        runner.finished.connect(self._finished)

    @Slot(object, object)
    def _progressed(self, job: Job[Any], value: object) -> None:
        if job.yielded is not None and not self.stopped:
            _call(job, job.yielded, value)

    @Slot(object)
    def _finished(self, job: Job[Any]) -> None:
        if self.stopped:
            return
        self.ended.emit(job)
        if job.done and job.returned is not None:
            _call(job, job.returned, job.result)
        if job.finished is not None:
            _call(job, job.finished, job)
        self.done.emit(job)


def _call(job: Job[Any], continuation: Callable[[Any], None], value: object) -> None:
    """A continuation that raises is logged and handed to ``sys.excepthook`` (as Qt does
    with a slot's exception: the console, or pytest-qt in tests); the job still ends."""
    try:
        continuation(value)
    except Exception:  # a boundary: the rest of the job's end must still come
        logger.exception("a continuation of %r failed", job)
        sys.excepthook(*sys.exc_info())
