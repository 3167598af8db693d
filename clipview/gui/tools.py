"""The Duplicates dialog, fed by the session's read lane; its removals go through the trash
job like any other Move to trash."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from clipview.core.library_browse import TrashReport
from clipview.gui.duplicates_view import DuplicatesView
from clipview.gui.jobs import Job
from clipview.gui.main_window import MainWindow
from clipview.gui.session import LibrarySession
from clipview.gui.thumbnails import ThumbnailLoader


class DuplicatesTool(QObject):
    def __init__(self, window: MainWindow, session: LibrarySession, thumbs: ThumbnailLoader,
                 trash: Callable[[list[str]], None]) -> None:
        super().__init__(window)
        self.session = session
        self.view = DuplicatesView(thumbs, parent=window)
        self.view.findRequested.connect(session.find_duplicates)
        self.view.trashRequested.connect(trash)
        session.duplicatesFound.connect(self.found)
        window.duplicates_action.triggered.connect(self.open)

    def open(self) -> None:
        self.view.show()
        self.view.raise_()
        self.view.find_duplicates()

    def found(self, groups: object) -> None:
        self.view.show_groups(groups if isinstance(groups, list) else [])

    def trashed(self, job: Job) -> None:
        if isinstance(job.result, TrashReport):
            self.view.forget_paths(job.result.moved)

    def stop(self) -> None:
        self.session.duplicatesFound.disconnect(self.found)
