"""The int8 copy of the model in use, made in the background (``quantize.make_int8``).

When the library opens on the CPU with a model that has no int8 copy yet (just installed, or
the app closed while it was being made), a model-lane job makes it, its progress in the
status bar. It runs beside the write lane: folders are added and their photos listed
(browsable, dated) meanwhile, but not encoded (``making``: the index runs only list), since
fp32 vectors would be made again in int8. Search answers meanwhile with the fp32 files.
When the copy is chosen the library is reopened with it and indexed; when it is refused
(or failed), the folders are indexed with fp32.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator

from PySide6.QtCore import QObject

from clipview.core.library.library import Library
from clipview.core.models import precision, quantize
from clipview.core.models.precision import Precision
from clipview.core.models.quantize import Int8Progress
from clipview.core.progress import CancelToken
from clipview.gui.jobs import Job, JobKind
from clipview.gui.main_window import MainWindow
from clipview.gui.model_text import int8_text
from clipview.gui.session import LibrarySession, ModelInfo

logger = logging.getLogger(__name__)


class Int8Maker(QObject):
    """Queues the int8 job once per model and session, and shows how far it is.
    ``reopen(bundle)``: open the library again with ``bundle`` (then it indexes);
    ``index()``: index with the model open (the copy was refused)."""

    def __init__(self, window: MainWindow, session: LibrarySession,
                 reopen: Callable[[str], None], index: Callable[[], None]) -> None:
        super().__init__(window)
        self.window, self.session = window, session
        self.reopen, self.index = reopen, index
        self.tried: set[str] = set()   # bundles a job was queued for (once each)
        self.opened: ModelInfo | None = None   # what the session has open
        session.opened.connect(self.library_opened)

    def making(self) -> bool:
        """Whether an int8 copy of the open model is being made (index runs only list)."""
        return self.opened is not None and any(
            job.kind is JobKind.INT8 and job.label == self.opened.bundle
            for job in self.session.model_jobs())

    def library_opened(self, info: ModelInfo) -> None:
        """Queue the job when the library runs the fp32 files on the CPU and no decision
        is recorded (``ModelInfo.int8_due``, read on the write lane)."""
        self.opened = info
        if not info.int8_due or info.bundle in self.tried:
            return
        self.tried.add(info.bundle)
        self.session.submit_model_job(
            JobKind.INT8, _work, label=info.bundle,
            yielded=lambda value: self.progressed(info.name, value),
            finished=lambda job: self.made(info, job))

    def progressed(self, model: str, value: Int8Progress) -> None:
        """How far the copy of ``model`` is (its job's own progress)."""
        self.window.status.show_message(int8_text(model, value))

    def made(self, info: ModelInfo, job: Job[Precision | None]) -> None:
        """The job ended: reopen with the copy, or index with fp32 (nothing when the
        library has another model open by now, or the job was cancelled)."""
        if self.opened is None or self.opened.bundle != info.bundle or job.token.cancelled:
            return
        if job.result is not None and job.result.name == "int8":
            self.reopen(info.bundle)
        else:
            self.index()


def _work(library: Library | None, token: CancelToken
          ) -> Generator[Int8Progress, None, Precision | None]:
    """Make the copy of the library's model (None: no library, or nothing to make)."""
    if library is None or not precision.needs_int8(library.model.bundle, "cpu"):
        return None
    last = None
    try:
        for last in quantize.make_int8(library.model.bundle, reference=library.model,
                                       cancelled=lambda: token.cancelled):
            yield last
    except quantize.Int8Cancelled:   # the app quits (or the model went): not a failure
        logger.info("the int8 copy of %s was not finished: cancelled", library.model.name)
        return None
    return last.precision if last is not None else None

