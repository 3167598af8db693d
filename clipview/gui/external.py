"""Other processes on the same library: a `clipview index` or `clipview watch` in a terminal.
While one writes, the window says so (and never claims "Up to date" early); whenever the
catalog changed behind the window's back, the folder tree and the grid refresh; a folder
added or removed there (also while no model is open) is listed again."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from clipview.gui.grid_presenter import GridPresenter
from clipview.gui.main_window import MainWindow
from clipview.gui.session import LibrarySession

POLL_MS = 2000


class ExternalWatch(QObject):
    def __init__(self, window: MainWindow, session: LibrarySession, grid: GridPresenter) -> None:
        super().__init__(window)
        self.window, self.session, self.grid = window, session, grid
        self.generation: int | None = None   # the catalog generation last shown
        self.writer = 0                      # pid of the other process writing (0: none)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(session.poll_external)
        session.externalState.connect(self.update)

    def start(self) -> None:
        """Poll from now on (once a library is open, with a model or not)."""
        if not self.timer.isActive():
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        self.session.externalState.disconnect(self.update)

    def update(self, pid: int, generation: int, folders: tuple[str, ...] = ()) -> None:
        own_job = self.session.running() is not None
        if pid and pid != self.writer:
            self.window.status.indexing.setText(self.tr(
                "Another clipview process (pid {pid}) is updating this library…").format(pid=pid))
        elif not pid and self.writer:
            self.window.status.indexing.setText(
                self.tr("Up to date (updated by another clipview process)"))
        self.writer = pid
        if own_job:
            return
        listed = set(self.window.sidebar.roots())
        if set(folders) != listed and generation == self.generation:
            self.session.refresh_folders()   # added or removed elsewhere: no photo changed
        if generation == self.generation:
            return
        first = self.generation is None
        self.generation = generation
        if not first:
            self.session.refresh_folders()
            self.grid.rerun()
