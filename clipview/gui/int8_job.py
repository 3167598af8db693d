"""The int8 copy of the model in use, made in the background (``quantize.make_int8``).

When the library opens on the CPU with a model that has no int8 copy yet (just installed, or
the app closed while it was being made), a write-lane job makes it, its progress in the
status bar. Search answers meanwhile with the fp32 files (the read lane never waits for
it); the job is queued before the index run that follows the opening, and reopens the
library when the copy is chosen, so that run makes int8 vectors, and every later search and
session uses the int8 copy.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator

from PySide6.QtCore import QObject

from clipview.core.library.library import Library
from clipview.core.models import precision, quantize
from clipview.core.models.quantize import Int8Progress
from clipview.core.progress import CancelToken
from clipview.gui.jobs import JobKind, Steps
from clipview.gui.main_window import MainWindow
from clipview.gui.model_text import int8_text
from clipview.gui.session import LibrarySession, ModelInfo

logger = logging.getLogger(__name__)


class Int8Maker(QObject):
    """Queues the int8 job once per model and session, and shows how far it is."""

    def __init__(self, window: MainWindow, session: LibrarySession,
                 device: Callable[[], str]) -> None:
        super().__init__(window)
        self.window, self.session, self.device = window, session, device
        self.tried: set[str] = set()   # bundles a job was queued for (once each)
        session.opened.connect(self.library_opened)

    def library_opened(self, info: ModelInfo) -> None:
        """Queue the job when the library runs the fp32 files on the CPU (a job that finds
        the decision recorded ends at once)."""
        if info.device != "cpu" or info.key.endswith("-int8") or info.bundle in self.tried:
            return
        self.tried.add(info.bundle)
        self.session.submit_steps(JobKind.INT8, self._work(info), label=info.name,
                                  yielded=lambda value: self.progressed(info.name, value))

    def _work(self, info: ModelInfo) -> Steps[Int8Progress, None]:
        def work(library: Library | None, token: CancelToken
                 ) -> Generator[Int8Progress, None, None]:
            if library is None or not precision.needs_int8(library.model.bundle, "cpu"):
                return
            last = None
            for last in quantize.make_int8(library.model.bundle, reference=library.model,
                                           cancelled=lambda: token.cancelled):
                yield last
            if last is not None and last.precision is not None and \
                    last.precision.name == "int8":
                # reopened here, on the write lane: the index run queued next uses it
                self.session.open_now(str(library.home), info.bundle, self.device())
        return work

    def progressed(self, model: str, value: Int8Progress) -> None:
        """How far the copy of ``model`` is (its job's own progress)."""
        self.window.status.show_message(int8_text(model, value))
