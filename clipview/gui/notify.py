"""A desktop notification when a long piece of work ends while nobody looks at the window.

Indexing (a run that found new photos, or failed), building a new model's vectors, making
the int8 copy (when it was made now, not read from the record) and a model download end;
when the main window is hidden or minimised, or none of the app's windows is active
(another app has the focus), the freedesktop notification service is told, on the session
D-Bus (``session_bus.notify``, on a thread of its own: the GUI thread never waits for the
bus). No bus or no service: one line in the log at info, nothing else.

``attach(window, controller)`` (launch.py) hears every job's end once, after its starter
(``Controller.jobDone``), and the Models tool's downloads.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLocale, QObject, Slot
from PySide6.QtWidgets import QApplication, QWidget

from clipview.core.models.quantize import Int8Progress
from clipview.core.progress import IndexSummary
from clipview.desktop import APP_ID
from clipview.gui import session_bus
from clipview.gui.jobs import Job, JobKind
from clipview.gui.model_text import int8_text
from clipview.gui.session_bus import Notification
from clipview.gui.translation import translate

if TYPE_CHECKING:
    from clipview.gui.controller import Controller

logger = logging.getLogger(__name__)
APP_NAME = "clipview"
_sender = ThreadPoolExecutor(max_workers=1, thread_name_prefix="clipview-notify")  # in order


def send_in_background(note: Notification) -> None:
    """Hand ``note`` to the notification service from the sender's thread, in order."""
    _sender.submit(_send, note)


def _send(note: Notification) -> None:
    try:
        session_bus.notify(note)
    except (session_bus.BusError, OSError) as exc:
        logger.info("no desktop notification for %r: %s", note.summary, exc)
    else:
        logger.info("desktop notification sent: %s", note.summary)


def looked_at(window: QWidget) -> bool:
    """The person sees the app: the window is shown, not minimised, and one of the app's
    windows (it or one of its dialogs) is the active one."""
    return window.isVisible() and not window.isMinimized() and \
        QApplication.activeWindow() is not None


def index_line(summary: IndexSummary | None) -> str | None:
    """What an index run that ended says, when it found new photos."""
    if summary is None or summary.cancelled or not summary.indexed:
        return None
    count = QLocale().toString(summary.indexed)
    if summary.indexed == 1:
        return translate("Notify", "Indexing finished: 1 photo")
    return translate("Notify", "Indexing finished: %1 photos").replace("%1", count)


class Notifier(QObject):
    """Lives on the GUI thread (a child of the window); says what ended, when unseen."""

    def __init__(self, window: QWidget,
                 send: Callable[[Notification], None] = send_in_background) -> None:
        super().__init__(window)
        self.window, self.send = window, send
        self.int8: dict[int, tuple[bool, Int8Progress]] = {}  # job id: (made now, last step)

    def tell(self, summary: str, body: str = "") -> bool:
        """Send a notification unless the window is looked at; whether it was sent."""
        if looked_at(self.window):
            return False
        self.send(Notification(APP_NAME, APP_ID, summary, body, desktop_entry=APP_ID))
        return True

    @Slot(object, object)
    def progressed(self, job: Job[Any], value: object) -> None:
        """Each step of an int8 job (from the write lane): was the copy made now?"""
        if job.kind is JobKind.INT8 and isinstance(value, Int8Progress):
            made = self.int8.get(job.id, (False, value))[0] or value.phase != "done"
            self.int8[job.id] = (made, value)

    @Slot(object)
    def job_done(self, job: Job[Any]) -> None:
        line = self.ending(job)
        if line is not None:
            self.tell(*line)

    def ending(self, job: Job[Any]) -> tuple[str, str] | None:
        """The summary and body for a job's end, None when it is not news."""
        made, last = self.int8.pop(job.id, (False, None))
        if job.kind not in (JobKind.INDEX, JobKind.BUILD, JobKind.INT8):
            return None
        if job.error is not None:
            return job.error, ""   # "Indexing failed: …", said as the window says it
        if not job.done or job.token.cancelled:
            return None
        if job.kind is JobKind.INDEX:
            summary = job.result if isinstance(job.result, IndexSummary) else None
            line = index_line(summary)
            return None if line is None or summary is None else (line, summary.ending("F5"))
        if job.kind is JobKind.BUILD:
            built = isinstance(job.result, IndexSummary) and not job.result.cancelled
            return (translate("Notify", "The new model's vectors are built"), "") if built else None
        return (int8_text(job.label, last), "") if made and last is not None else None

    @Slot(str)
    def installed(self, name: str) -> None:
        self.tell(translate("Notify", "Model download finished"),
                  translate("Notify", "%1 is installed").replace("%1", name))

    @Slot(str)
    def download_failed(self, line: str) -> None:
        self.tell(line)


def attach(window: QWidget, controller: Controller) -> Notifier:
    """Notify at the end of the controller's jobs and of its Models tool's downloads."""
    notifier = Notifier(window)
    controller.session.runner.progressed.connect(notifier.progressed)
    controller.session.model_runner.progressed.connect(notifier.progressed)
    controller.jobDone.connect(notifier.job_done)
    controller.models.downloads.installed.connect(notifier.installed)
    controller.models.downloads.failed.connect(notifier.download_failed)
    return notifier
