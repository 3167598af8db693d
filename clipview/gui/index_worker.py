"""Runs the core indexing generator on a worker thread and reports progress as signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread, Signal, Slot

from clipview.core.errors import ClipviewError
from clipview.core.library import Library
from clipview.core.progress import CancelToken, Progress


class IndexWorker(QObject):
    """One run at a time; folders dropped during a run are indexed by a follow-up run."""

    progressed = Signal(object)   # Progress
    finished = Signal(object)     # IndexSummary or None
    failed = Signal(str)
    start = Signal(object)        # Library

    def __init__(self) -> None:
        super().__init__()
        self.token = CancelToken()
        self.start.connect(self._run)

    @Slot(object)
    def _run(self, library: Library) -> None:
        token = CancelToken()
        if self.token.paused and not self.token.cancelled:
            token.pause()  # paused before this run started: it starts paused
        self.token = token
        summary = None
        try:
            for progress in library.index(token):
                summary = progress.summary or summary
                self.progressed.emit(progress)
        except ClipviewError as exc:
            self.failed.emit(str(exc))
        except OSError as exc:
            self.failed.emit(f"indexing stopped: {exc}")
        self.finished.emit(summary)

    # these three are called from the GUI thread: the token is thread-safe
    def pause(self) -> None:
        self.token.pause()

    def resume(self) -> None:
        self.token.resume()

    def cancel(self) -> None:
        self.token.cancel()


def start_index_worker() -> tuple[IndexWorker, QThread]:
    from clipview.gui.service import run_on_thread

    worker = IndexWorker()
    return worker, run_on_thread(worker, "clipview-indexer")


def describe(progress: Progress) -> str:
    """One line for the status bar."""
    if progress.phase == "scanning":
        return "Scanning folders…"
    if progress.phase == "saving":
        return "Saving the index…"
    if progress.phase == "done":
        return f"Indexed {progress.done} photos"
    eta = "" if progress.eta is None else \
        f", {int(progress.eta) // 60}:{int(progress.eta) % 60:02d} left"
    state = "Paused: " if progress.phase == "paused" else "Indexing "
    skipped = f", {progress.skipped} skipped" if progress.skipped else ""
    return f"{state}{progress.done}/{progress.total} ({progress.rate:.1f}/s{eta}{skipped})"
