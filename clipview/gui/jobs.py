"""The library session's write lane: a FIFO of jobs, each run to its end on one thread.

A job is a core generator (or a plain call) on the ``Library``. The runner follows superqt's
``GeneratorWorker`` pattern: it emits ``progressed`` for every value the generator yields,
``failed`` for *any* exception (the traceback goes to the log) and ``finished`` always, from a
``finally`` block, so the GUI never waits for an end that does not come.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

from clipview.core.progress import CancelToken
from clipview.gui.errors import describe_error

if TYPE_CHECKING:
    from clipview.core.library.library import Library

logger = logging.getLogger(__name__)
_ids = itertools.count(1)

# what a job does: called on the write lane's thread with the open library (None when no
# library is open yet) and the job's token; returns a generator of progress or a result
Work = Callable[["Library | None", CancelToken], Any]
LONG = ("index", "watch", "build")     # jobs with progress, pause and cancel


@dataclass(eq=False)
class Job:
    """One write, queued in order. The token is made on the GUI thread and travels along."""

    kind: str                     # "open", "add-folder", "forget", "index", "check", …
    work: Work
    token: CancelToken = field(default_factory=CancelToken)
    label: str = ""               # what it acts on (a folder, a model) for messages
    id: int = field(default_factory=lambda: next(_ids))
    result: Any = None            # the last value yielded, or the value returned
    error: str | None = None      # the one-line message when it failed

    def __repr__(self) -> str:
        return f"Job({self.id}, {self.kind!r}, {self.label!r})"


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
    def _run(self, job: Job) -> None:
        self.started.emit(job)
        try:
            if job.token.cancelled:
                logger.info("%r cancelled before it started", job)
                return
            outcome = job.work(self._library_of(), job.token)
            if isinstance(outcome, Iterator):
                for value in outcome:
                    job.result = value
                    self.progressed.emit(job, value)
            else:
                job.result = outcome
        except Exception as exc:  # a thread boundary: every failure is reported
            logger.exception("%r failed", job)
            job.error = describe_error(exc, job.kind)
            self.failed.emit(job, job.error)
        finally:
            self.finished.emit(job)
