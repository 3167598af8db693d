"""Removing a folder safely: ask first (how many photos, vectors dropped, files kept), then
offer Undo. The removed rows and vectors stay in memory until the app closes or the undo
time ends, so an undo re-encodes nothing."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox

from clipview.core.library.browse import FolderSnapshot
from clipview.gui import library_jobs as jobs
from clipview.gui.jobs import Job, JobKind
from clipview.gui.main_window import MainWindow
from clipview.gui.session import LibrarySession
from clipview.gui.translation import plural, translate

UNDO_MS = 10 * 60 * 1000   # an undo stays possible this long (and never past closing)


class Removal(QObject):
    def __init__(self, window: MainWindow, session: LibrarySession,
                 changed: Callable[[], None] = lambda: None) -> None:
        super().__init__(window)  # deleted with the window, on the GUI thread
        self.window, self.session = window, session
        self.changed = changed   # after a removal or an undo: the folders and grid follow
        self.snapshot: FolderSnapshot | None = None
        self.ask = True   # tests and scripts may answer for the person
        self._expiry = QTimer(self)
        self._expiry.setSingleShot(True)
        self._expiry.setInterval(UNDO_MS)
        self._expiry.timeout.connect(self.forget_undo)
        window.status.undo.clicked.connect(self.undo)

    def confirm(self, path: str, photos: int | None, waiting: bool = False) -> bool:
        """Ask first; ``waiting``: the folder waits for a model (nothing was indexed)."""
        if not self.ask:
            return True
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Remove folder"),
                          self.tr("Stop tracking “{folder}”?").format(
                              folder=os.path.basename(path.rstrip(os.sep)) or path),
                          QMessageBox.StandardButton.Cancel, self.window)
        box.setInformativeText(removal_text(photos, waiting))
        box.setDetailedText(path)
        remove = box.addButton(self.tr("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)   # Enter never removes
        box.exec()
        return box.clickedButton() is remove

    def remove(self, path: str) -> Job[FolderSnapshot]:
        return self.session.submit(JobKind.FORGET, jobs.detach(path, self.session.shelf),
                                   label=path,
                                   returned=lambda snapshot: self.removed(path, snapshot),
                                   finished=lambda _job: self.changed())

    def removed(self, path: str, snapshot: FolderSnapshot) -> None:
        """The folder at ``path`` is removed: offer to undo it."""
        self.snapshot = snapshot
        count = len(snapshot.images)
        held = self.tr("nothing indexed yet") if not count else plural(   # waiting for a model
            count, self.tr("%n photo", "", count), self.tr("%n photos", "", count))
        self.window.status.show_undo(self.tr("Removed {folder} ({held})").format(
            folder=os.path.basename(path.rstrip(os.sep)) or path, held=held))
        self._expiry.start()

    def undo(self) -> None:
        snapshot, self.snapshot = self.snapshot, None
        self.window.status.hide_undo()
        self._expiry.stop()
        if snapshot is not None:
            self.session.submit(
                JobKind.RESTORE, jobs.restore(snapshot, self.session.shelf),
                label=snapshot.path, finished=lambda _job: self.changed(),
                returned=lambda _photos: self.window.status.show_message(
                    self.tr("Restored {folder}").format(folder=snapshot.path)))

    def forget_undo(self) -> None:
        """Drop what an undo needed: the removal is final."""
        self.snapshot = None
        self._expiry.stop()
        self.window.status.hide_undo()


def removal_text(photos: int | None, waiting: bool) -> str:
    """What removing a folder does, said before it is done."""
    if waiting:
        return translate("Removal", "clipview stops tracking it; nothing was indexed yet. The "
                         "files stay on disk. You can undo this until clipview closes.")
    counted = translate("Removal", "Its photos leave the library and their vectors are "
                        "dropped.") if photos is None else plural(
        photos, translate("Removal", "Its %n photo leaves the library and its vector is "
                          "dropped.", "", photos),
        translate("Removal", "Its %n photos leave the library and their vectors are dropped.",
                  "", photos))
    return counted + " " + translate("Removal", "The files stay on disk. You can undo this "
                                     "until clipview closes.")
