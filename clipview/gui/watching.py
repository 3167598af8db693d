"""Live watching while the window is open: a ``FolderWatcher`` (watchdog) on the tracked
folders; each settled batch of changes becomes a queued job on the session's write lane, so it
goes through the same indexer and commit path as an index run. With a ``clipview watch``
running beside the window, both see the changes; whichever writes second finds them done (the
write lane waits while the other process holds the writer lock), so they never fight.

Offline folders are watched too: the watcher's own thread looks at each root (one stat) every
tick, so a drive plugged back in or a share that returns is noticed without F5, brought up to
date by a watch job (which marks it online), the sidebar is listed again, and the thumbnails
that could not be shown while it was away are asked again (``folderReturned``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from clipview.core.library.library import Library
from clipview.core.progress import CancelToken
from clipview.core.watch.events import ChangeBatch
from clipview.core.watch.watch import FolderWatcher
from clipview.gui.jobs import Job, JobKind
from clipview.gui.library_jobs import LongSteps, Run, require, summarised, wait_for_writer
from clipview.gui.main_window import MainWindow
from clipview.gui.session import LibrarySession
from clipview.gui.thumbnails import ThumbnailLoader
from clipview.gui.translation import plural

logger = logging.getLogger(__name__)


def apply_batch(batch: ChangeBatch) -> LongSteps:
    """The write lane's watch job: the batch's folders brought up to date (``index``'s
    shape: it waits for another writer, yields progress, returns the run's summary)."""
    def work(library: Library | None, token: CancelToken) -> Run:
        library = require(library)
        yield from wait_for_writer(library, token)
        if token.cancelled:
            return None
        return (yield from summarised(library.apply_changes(batch, token)))
    return work


class GuiWatcher(QObject):
    batchReady = Signal(object)   # ChangeBatch, emitted on the watcher's thread → queued here
    folderReturned = Signal(str)  # a tracked folder listed offline before is online again
    startFailed = Signal(str)     # the watcher's first look failed (its thread → queued here)

    def __init__(self, window: MainWindow, session: LibrarySession,
                 thumbs: ThumbnailLoader | None = None,
                 changed: Callable[[], None] = lambda: None) -> None:
        super().__init__(window)
        self.window, self.session, self.thumbs = window, session, thumbs
        self.changed = changed   # after a batch: the folders and the grid follow
        self.watcher: FolderWatcher | None = None
        self._offline: set[str] | None = None   # as last listed (None: not listed yet)
        self.batchReady.connect(self.queue_batch)
        self.startFailed.connect(self._start_failed)

    def show_folders(self, folders: list[dict[str, object]]) -> None:
        """The library's folders as just listed: watch every one, offline ones included
        (see the module); a folder whose offline state changed gets its failed thumbnails
        asked again, and one that came back is announced (``folderReturned``). Without a
        model nothing is watched: the folders wait on the shelf, and the index run that
        follows the model's opening reads them whole."""
        if self.session.library() is None:
            return
        paths = [str(f["path"]) for f in folders]
        offline = {str(f["path"]) for f in folders if f.get("offline")}
        before, self._offline = self._offline, offline
        self.watch(paths, len(offline))
        if before is None:
            return
        for path in sorted((offline ^ before) & set(paths)):
            if self.thumbs is not None:
                self.thumbs.retry(path)
            if path not in offline:
                logger.info("%s is back online", path)
                self.folderReturned.emit(path)

    def batch_done(self, _job: Job[Any]) -> None:
        """A watch batch looked at the files again: so do failed thumbnails (a rescan's
        end does the same: Controller.indexed)."""
        self.changed()
        if self.thumbs is not None:
            self.thumbs.retry()

    def watch(self, roots: list[str], offline: int = 0) -> None:
        """Watch these folders (start on first call, then follow the library's folders).
        Never waits on the disk: the watcher's own thread looks at the folders (an offline
        share may hang), and a failure comes back by ``startFailed``."""
        if self.watcher is None:
            if not roots:
                return
            try:
                self.watcher = FolderWatcher(
                    roots, settle_seconds=2.0, on_batch=self.batchReady.emit,
                    on_error=lambda exc: self.startFailed.emit(str(exc)))
                self.watcher.start(wait=False)
            except (OSError, RuntimeError) as exc:   # no watching is not fatal: Rescan works
                logger.exception("watching could not start")
                self.window.status.show_error(
                    self.tr("Not watching folders: {error}").format(error=exc))
                self.watcher = None
                return
        else:
            self.watcher.set_roots(roots)
        count = len(roots)
        text = plural(count, self.tr("watching %n folder", "", count),
                      self.tr("watching %n folders", "", count))
        if offline:
            text = self.tr("{watching} ({offline} offline)").format(watching=text,
                                                                   offline=offline)
        self.window.status.watching.setText(text if count else "")

    def _start_failed(self, message: str) -> None:
        self.window.status.show_error(
            self.tr("Not watching folders: {error}").format(error=message))
        if self.watcher is not None:
            self.watcher.stop()   # its thread has ended: no wait
            self.watcher = None

    def queue_batch(self, batch: ChangeBatch) -> None:
        if self.session.library() is None:   # no model (yet): the opening's index run reads it
            logger.info("changes in %d folders wait for a model", len(batch.dirs))
            return
        self.session.submit_steps(JobKind.WATCH, apply_batch(batch),
                                  label=f"{len(batch.dirs)} folders", finished=self.batch_done)

    def stop(self) -> None:
        self.batchReady.disconnect(self.queue_batch)
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None
