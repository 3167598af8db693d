"""How long jobs show in the window: progress in the status bar (indexing, updates from the
watched folders, building a new model's vectors), pause/resume/cancel for them, the sidebar's
"indexing" note, and an honest line when each ends."""

from __future__ import annotations

from PySide6.QtCore import QObject

from clipview.core.progress import IndexSummary, Phase, Progress
from clipview.gui.grid_presenter import GridPresenter
from clipview.gui.jobs import LONG, Job
from clipview.gui.library_jobs import WaitingForWriter
from clipview.gui.main_window import MainWindow
from clipview.gui.session import LibrarySession

ADDS_PHOTOS = ("index", "watch")       # jobs whose photos appear in the grid as they come


class ProgressView(QObject):
    def __init__(self, window: MainWindow, session: LibrarySession, grid: GridPresenter) -> None:
        super().__init__(window)
        self.window, self.session, self.grid = window, session, grid
        window.status.pause.toggled.connect(self.toggle_pause)
        window.status.cancel.clicked.connect(self.cancel)

    def started(self, job: Job) -> None:
        if job.kind in LONG:
            self.window.sidebar.set_indexing(job.kind in ADDS_PHOTOS)
            start = Progress(Phase.SCANNING, 0, 0)
            self.window.status.show_progress(start)
            if job.kind in ADDS_PHOTOS:
                self.grid.indexing(start)

    def progressed(self, job: Job, value: object) -> bool:
        """Show a report; True when it was an index or watch progress report."""
        if isinstance(value, WaitingForWriter):
            self.window.status.indexing.setText(
                f"Waiting: another clipview process (pid {value.pid}) is updating this library")
        elif job.kind in LONG and isinstance(value, Progress):
            self.window.status.show_progress(value)
            if job.kind in ADDS_PHOTOS:
                self.grid.indexing(value)
                return True
        return False

    def finished(self, job: Job) -> IndexSummary | None:
        """The end of a long job, said plainly; returns an index run's summary."""
        summary = job.result.summary if isinstance(job.result, Progress) else None
        still = any(j.kind in ADDS_PHOTOS for j in self.session.jobs() if j is not job)
        self.window.sidebar.set_indexing(still)
        self.window.status.show_finished(_ending(job, summary))
        if job.kind in ADDS_PHOTOS:
            self.grid.indexing(None)
        return summary

    def cancel(self) -> None:
        for job in self.session.jobs():
            if job.kind in LONG:
                job.token.cancel()

    def toggle_pause(self, paused: bool) -> None:
        self.session.paused = paused   # jobs queued from now on start paused too
        for job in self.session.jobs():
            if job.kind in LONG:
                (job.token.pause if paused else job.token.resume)()
        self.window.status.set_paused(paused)


def _ending(job: Job, summary: IndexSummary | None) -> str:
    if job.kind == "build":
        return ("Building the new model's vectors stopped" if job.error is not None
                else "The new model's vectors are built")
    if job.error is not None:
        return "Indexing stopped" if job.kind == "index" else "Updating stopped"
    text = "Indexing cancelled" if summary is not None and summary.cancelled else "Up to date"
    if summary is not None and (summary.indexed or summary.skipped):
        parts = [f"{summary.indexed} new"] if summary.indexed else []
        parts += [f"{len(summary.skipped)} skipped"] if summary.skipped else []
        text += ": " + ", ".join(parts)
    return text
