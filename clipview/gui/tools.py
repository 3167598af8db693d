"""The Duplicates dialog, fed by the session's read lane; its removals are a trash job on
the write lane that goes through ``Library.trash_duplicates`` (as ``--trash-extra`` does):
a copy said to be identical to its keeper is read again first and stays when it changed."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject

from clipview.core.library.browse import TrashReport
from clipview.core.library.duplicates import DuplicateGroup
from clipview.gui.duplicates_view import DuplicatesView
from clipview.gui.jobs import Job, Work
from clipview.gui.library_jobs import require
from clipview.gui.main_window import MainWindow
from clipview.gui.session import LibrarySession
from clipview.gui.thumbnails import ThumbnailLoader


def trash_chosen(groups: Sequence[DuplicateGroup], paths: list[str]) -> Work:
    """The write lane's job: the ticked ``paths`` of ``groups`` to the trash."""
    chosen = frozenset(paths)
    return lambda library, _token: require(library).trash_duplicates(groups, chosen)


class DuplicatesTool(QObject):
    def __init__(self, window: MainWindow, session: LibrarySession,
                 thumbs: ThumbnailLoader) -> None:
        super().__init__(window)
        self.session = session
        self.view = DuplicatesView(thumbs, parent=window)
        self.view.findRequested.connect(session.find_duplicates)
        self.view.trashRequested.connect(self.trash)
        self.jobs: set[int] = set()   # Job.id of the dialog's own trash jobs
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
        job = self.session.submit("trash", trash_chosen(list(self.view.groups), paths),
                                  label=f"{len(paths)} photos")
        self.jobs.add(job.id)

    def trashed(self, job: Job) -> None:
        """Any trash job finished: its photos leave the dialog; the dialog's own say which
        stayed and why."""
        if not isinstance(job.result, TrashReport):
            return
        if job.id in self.jobs:
            self.jobs.discard(job.id)
            self.view.show_trashed(job.result.moved, job.result.failed)
        else:
            self.view.forget_paths(job.result.moved)

    def stop(self) -> None:
        self.session.duplicatesFound.disconnect(self.found)
