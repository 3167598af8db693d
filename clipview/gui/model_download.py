"""Installing and verifying models off the GUI thread.

``ModelDownload`` lives on the GUI thread and owns one worker thread. ``start()`` runs
``ModelStore.install`` there (a catalogue name, a hub OWNER/REPO or a bundle folder),
``verify()`` runs ``ModelStore.verify``. Every signal of ``ModelDownload`` is emitted on the
GUI thread, so widgets and ``qtbot.waitSignal`` may use them directly. Like ``jobs.JobRunner``
the worker reports *any* failure as one line (the traceback goes to the log) and always ends
with ``finished``. A cancelled hub download keeps what it fetched in the store's ``.partial``
folder, so the next ``start()`` of the same model (now or after a restart) continues there.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal, Slot

from clipview.core.models.hub import DownloadCancelled
from clipview.core.models.install import InstallProgress
from clipview.core.models.store import ModelStore
from clipview.core.progress import CancelToken
from clipview.gui.errors import describe_failure
from clipview.gui.translation import translate

logger = logging.getLogger(__name__)
_still_running: list[tuple[QThread, QObject]] = []   # threads that outlived shutdown()


@dataclass(eq=False)
class _Task:
    """One piece of work for the worker; the token is made on the GUI thread."""

    kind: str                                   # "install" or "verify"
    label: str                                  # the source or the model's name
    work: Callable[[CancelToken], Iterator[InstallProgress] | list[str]]
    token: CancelToken = field(default_factory=CancelToken)


class _Worker(QObject):
    """Lives on the worker thread; runs the tasks it is sent one after the other."""

    progressed = Signal(object)      # InstallProgress
    installed = Signal(str)          # the installed model's name
    verified = Signal(str, object)   # name, list of problems (empty: all good)
    cancelled = Signal()
    failed = Signal(str)             # one line
    finished = Signal()              # always, after every task

    @Slot(object)
    def run(self, task: _Task) -> None:
        try:
            if task.token.cancelled:
                self.cancelled.emit()
                return
            outcome = task.work(task.token)
            if isinstance(outcome, list):
                self.verified.emit(task.label, outcome)
                return
            self._install(outcome)
        except DownloadCancelled:
            logger.info("installing %s was cancelled", task.label)
            self.cancelled.emit()
        except Exception as exc:  # a thread boundary: every failure is reported
            logger.exception("%s of %s failed", task.kind, task.label)
            self.failed.emit(_one_line(describe_failure(exc, _doing(task))))
        finally:
            self.finished.emit()

    def _install(self, steps: Iterator[InstallProgress]) -> None:
        last: InstallProgress | None = None
        for last in steps:
            self.progressed.emit(last)
        if last is None or last.model is None:
            raise RuntimeError("the install ended without a model")
        self.installed.emit(last.model.name)


def _doing(task: _Task) -> str:
    """What failed: "Installing ViT-B-32__openai", "Verifying …"."""
    doing = translate("ModelDownload", "Installing {model}") if task.kind == "install" else \
        translate("ModelDownload", "Verifying {model}")
    return doing.format(model=task.label)


def _one_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(lines) or translate("ModelDownload",
                                        "the operation failed (details in the log)")


class ModelDownload(QObject):
    """Installs (downloads) or verifies one model at a time on its own thread."""

    progressed = Signal(object)      # InstallProgress: phase, file, done_bytes, total_bytes
    installed = Signal(str)          # name: the model is in the store (not yet chosen)
    verified = Signal(str, object)   # name, list[str] of problems
    cancelled = Signal()             # a partial download is kept for the next start
    failed = Signal(str)             # one line for the user
    finished = Signal()              # always, after each start() / verify()
    _runRequested = Signal(object)   # _Task, queued to the worker's thread

    def __init__(self, store: ModelStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self._task: _Task | None = None
        self._thread: QThread | None = None
        self._worker: _Worker | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @property
    def busy(self) -> bool:
        return self._task is not None

    def start(self, source: str, name: str | None = None) -> bool:
        """Install ``source`` (catalogue name, OWNER/REPO or folder); False when busy."""
        return self._submit(_Task("install", source, lambda token: self.store.install(
            source, name=name, cancel=token)))

    def verify(self, name: str) -> bool:
        """Check an installed model's files and that it loads; False when busy."""
        return self._submit(_Task("verify", name, lambda _token: self.store.verify(name)))

    def cancel(self) -> None:
        """Stop the running download (what it fetched is kept for a resume)."""
        if self._task is not None:
            self._task.token.cancel()

    def shutdown(self, wait_ms: int = 30000) -> None:
        """Cancel what runs and stop the thread (GUI thread; before the owner is deleted)."""
        self.cancel()
        if self._thread is not None and self._worker is not None:
            self._runRequested.disconnect(self._worker.run)
            self._thread.quit()
            if not self._thread.wait(wait_ms):  # a stalled connection: let it end on its own
                logger.error("the model download thread did not stop in %d ms", wait_ms)
                _still_running.append((self._thread, self._worker))  # never destroyed running
            self._thread = self._worker = None

    def _start_thread(self) -> None:
        worker, thread = _Worker(), QThread()
        thread.setObjectName("clipview-models")
        worker.moveToThread(thread)
        for name in ("progressed", "installed", "verified", "cancelled", "failed"):
            getattr(worker, name).connect(getattr(self, name))  # queued to this thread
        worker.finished.connect(self._on_finished)
        self._runRequested.connect(worker.run)
        thread.start()
        self._worker, self._thread = worker, thread

    def _submit(self, task: _Task) -> bool:
        if self._task is not None:
            return False
        if self._thread is None:
            self._start_thread()
        self._task = task
        self._runRequested.emit(task)
        return True

    @Slot()
    def _on_finished(self) -> None:
        self._task = None
        self.finished.emit()
