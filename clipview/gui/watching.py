"""Live watching while the window is open: a ``FolderWatcher`` (watchdog) on the tracked
folders; each settled batch of changes becomes a queued job on the session's write lane, so it
goes through the same indexer and commit path as an index run. With a ``clipview watch``
running beside the window, both see the changes; whichever writes second finds them done (the
write lane waits while the other process holds the writer lock), so they never fight."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from PySide6.QtCore import QObject, Signal

from clipview.core.library import Library
from clipview.core.progress import CancelToken, Progress
from clipview.core.watch import FolderWatcher
from clipview.core.watch_events import ChangeBatch
from clipview.gui.jobs import Work
from clipview.gui.library_jobs import WaitingForWriter, require, wait_for_writer
from clipview.gui.main_window import MainWindow
from clipview.gui.session import LibrarySession

logger = logging.getLogger(__name__)


def apply_batch(batch: ChangeBatch) -> Work:
    def work(library: Library | None, token: CancelToken
             ) -> Iterator[Progress | WaitingForWriter]:
        library = require(library)
        yield from wait_for_writer(library, token)
        if not token.cancelled:
            yield from library.apply_changes(batch, token)
    return work


class GuiWatcher(QObject):
    batchReady = Signal(object)   # ChangeBatch, emitted on the watcher's thread → queued here

    def __init__(self, window: MainWindow, session: LibrarySession) -> None:
        super().__init__(window)
        self.window, self.session = window, session
        self.watcher: FolderWatcher | None = None
        self.batchReady.connect(self.queue_batch)

    def watch(self, roots: list[str]) -> None:
        """Watch these folders (start on first call, then follow the library's folders)."""
        if self.watcher is None:
            if not roots:
                return
            try:
                self.watcher = FolderWatcher(roots, settle_seconds=2.0,
                                             on_batch=self.batchReady.emit)
                self.watcher.start()
            except (OSError, RuntimeError) as exc:   # no watching is not fatal: Rescan works
                logger.exception("watching could not start")
                self.window.status.show_error(f"Not watching folders: {exc}")
                self.watcher = None
                return
        else:
            self.watcher.set_roots(roots)
        count = len(roots)
        self.window.status.watching.setText(
            f"watching {count} folder{'s' if count != 1 else ''}" if count else "")

    def queue_batch(self, batch: ChangeBatch) -> None:
        self.session.submit("watch", apply_batch(batch), label=f"{len(batch.dirs)} folders")

    def stop(self) -> None:
        self.batchReady.disconnect(self.queue_batch)
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None
