"""How long jobs show in the window: progress in the status bar (indexing, updates from the
watched folders, building a new model's vectors), pause/resume/cancel for them, the sidebar's
"indexing" note on the folder being indexed and its counts following the rows as they are
committed (read again whenever the timeline catches up, so both show the same photos, and at
least every COUNTS_MS while a search is shown), and an honest line when each ends ("Cancelled: 190
photos not indexed (F5 finishes)")."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer

from clipview.core.progress import IndexSummary, Phase, Progress
from clipview.gui.grid_presenter import BROWSE_REFRESH_MS, GridPresenter
from clipview.gui.jobs import Job, JobKind
from clipview.gui.library_jobs import WaitingForWriter
from clipview.gui.main_window import MainWindow
from clipview.gui.session import LibrarySession
from clipview.gui.translation import plural, translate

COUNTS_MS = BROWSE_REFRESH_MS          # the sidebar's counts follow a run at the grid's pace


class ProgressView(QObject):
    """Every job's start, progress and end reach it (what it shows concerns every long job);
    each job's kind says whether it is long and whether its photos appear as they come."""

    def __init__(self, window: MainWindow, session: LibrarySession, grid: GridPresenter) -> None:
        super().__init__(window)
        self.window, self.session, self.grid = window, session, grid
        self.summaries: dict[int, IndexSummary | None] = {}   # by Job.id: its last report's
        window.status.pause.toggled.connect(self.toggle_pause)
        window.status.cancel.clicked.connect(self.cancel)
        self.counts = QTimer(self)   # committed batches: fresh counts, throttled
        self.counts.setSingleShot(True)
        self.counts.setInterval(COUNTS_MS)
        self.counts.timeout.connect(session.refresh_folders)
        grid.resultsShown.connect(self._grid_shown)

    def started(self, job: Job[Any]) -> None:
        if job.kind.long:
            self.window.sidebar.set_indexing(job.kind.adds_photos)
            start = Progress(Phase.SCANNING, 0, 0)
            self.window.status.show_progress(start)
            if job.kind.adds_photos:
                job.token.prefer(self.grid.state.scope)   # the folders shown: first
                self.grid.indexing(start)

    def progressed(self, job: Job[Any], value: object) -> bool:
        """Show a report; True when it was an index or watch progress report."""
        if not job.kind.long:
            return False
        self.summaries[job.id] = value.summary if isinstance(value, Progress) else None
        if isinstance(value, WaitingForWriter):
            self.window.status.indexing.setText(self.tr(
                "Waiting: another clipview process (pid {pid}) is updating this library").format(
                pid=value.pid))
        elif isinstance(value, Progress):
            self.window.status.show_progress(value)
            if job.kind.adds_photos:
                self.grid.indexing(value)
                self._follow(value)
                return True
        return False

    def _grid_shown(self, _count: int) -> None:
        """The timeline caught up with a run: the counts beside it too."""
        if self.counts.isActive():
            self.counts.stop()
            self.session.refresh_folders()

    def _follow(self, progress: Progress) -> None:
        """The sidebar: the note on the folder being indexed, counts as batches commit."""
        if progress.current:
            self.window.sidebar.set_indexing(True, progress.current)
        listed = progress.phase is Phase.SCANNING and progress.total   # rows before vectors
        if (listed or progress.phase is Phase.ENCODING) and progress.done \
                and not self.counts.isActive():
            self.counts.start()

    def finished(self, job: Job[Any]) -> None:
        """The end of a long job, said plainly (with the summary its last report carried)."""
        if not job.kind.long:
            return
        summary = self.summaries.pop(job.id, None)
        still = any(j.kind.adds_photos for j in self.session.jobs() if j is not job)
        self.window.sidebar.set_indexing(still)
        if not still:
            self.counts.stop()   # the end of the run refreshes them
        self.window.status.show_finished(_ending(job, summary))
        if job.kind.adds_photos:
            self.grid.indexing(None)

    def cancel(self) -> None:
        for job in self.session.jobs():
            if job.kind.long:
                job.token.cancel()

    def toggle_pause(self, paused: bool) -> None:
        self.session.paused = paused   # jobs queued from now on start paused too
        for job in self.session.jobs():
            if job.kind.long:
                (job.token.pause if paused else job.token.resume)()
        self.window.status.set_paused(paused)


def _ending(job: Job[Any], summary: IndexSummary | None) -> str:
    if job.kind is JobKind.BUILD:
        return (translate("ProgressView", "Building the new model's vectors stopped")
                if job.error is not None
                else translate("ProgressView", "The new model's vectors are built"))
    if job.error is not None:
        return translate("ProgressView", "Indexing stopped") \
            if job.kind in (JobKind.INDEX, JobKind.LIST) \
            else translate("ProgressView", "Updating stopped")
    if summary is None and job.token.cancelled:
        what = job.kind.said   # "Indexing", "Updating from the watched folders"
        return translate("ProgressView", "{what} cancelled (F5 finishes)").format(what=what)
    if summary is None:
        return translate("ProgressView", "Up to date")
    if job.kind is JobKind.LIST and summary.waiting:
        n = summary.waiting
        return plural(n, translate("ProgressView", "%n photo listed: it is encoded once the "
                                   "int8 copy of the model is ready", "", n),
                      translate("ProgressView", "%n photos listed: they are encoded once the "
                                "int8 copy of the model is ready", "", n))
    return summary.ending("F5")   # the core's words (English)
