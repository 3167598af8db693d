"""The Duplicates dialog, fed by the session's read lane; its removals are a trash job on
the write lane that goes through ``Library.trash_duplicates`` (as ``--trash-extra`` does):
a copy said to be identical to its keeper is read again first and stays when it changed."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject

from clipview.core.library.browse import TrashReport
from clipview.core.library.duplicates import DuplicateGroup
from clipview.gui.duplicates_view import DuplicatesView
from clipview.gui.jobs import Job, JobKind, Work
from clipview.gui.library_jobs import require
from clipview.gui.main_window import MainWindow
from clipview.gui.session import LibrarySession
from clipview.gui.thumbnails import ThumbnailLoader


def trash_chosen(groups: Sequence[DuplicateGroup], paths: list[str]) -> Work[TrashReport]:
    """The write lane's job: the ticked ``paths`` of ``groups`` to the trash."""
    chosen = frozenset(paths)
    return lambda library, _token: require(library).trash_duplicates(groups, chosen)


class DuplicatesTool(QObject):
    def __init__(self, window: MainWindow, session: LibrarySession, thumbs: ThumbnailLoader,
                 trash_done: Callable[[Job[TrashReport]], None] = lambda _job: None) -> None:
        super().__init__(window)
        self.session = session
        self.trash_done = trash_done   # any trash job's end (the folders, the grid, a line)
        self.view = DuplicatesView(thumbs, parent=window)
        self.view.findRequested.connect(session.find_duplicates)
        self.view.trashRequested.connect(self.trash)
        session.duplicatesFound.connect(self.found)
        window.duplicates_action.triggered.connect(self.open)

    def open(self) -> None:
        self.view.show()
        self.view.raise_()
        self.view.find_duplicates()

    def found(self, groups: object) -> None:
        self.view.show_groups(groups if isinstance(groups, list) else [])

    def trash(self, paths: list[str]) -> None:
        """The dialog's ticked photos, checked against the groups it shows (write lane)."""
        self.session.submit(JobKind.TRASH, trash_chosen(list(self.view.groups), paths),
                            label=f"{len(paths)} photos", finished=self.trash_done,
                            returned=lambda report: self.view.show_trashed(report.moved,
                                                                           report.failed))

    def trashed_elsewhere(self, report: TrashReport) -> None:
        """Photos trashed from the grid leave the dialog (its own trash says which stayed
        and why: ``trash``)."""
        self.view.forget_paths(report.moved)

    def stop(self) -> None:
        self.session.duplicatesFound.disconnect(self.found)
