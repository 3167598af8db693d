"""Keeping a library current from a folder watcher's batches (``FolderWatcher``).

``apply_changes`` is ``index`` limited to the directories a batch names: the same plan (moves
recognised by content digest, offline folders kept), the same indexer, the same commits and
the same HNSW save; it holds the writer lock for its whole run. It is a plain generator, so it
runs wherever it is iterated: the CLI's main thread (``watch_until``), or the GUI session's
write lane as a queued job. ``watch_until`` is the headless loop of ``clipview watch``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from typing import Protocol

from clipview.core.library.locking import LibraryBusy
from clipview.core.progress import CancelToken, IndexSummary, Progress
from clipview.core.watch.events import ChangeBatch
from clipview.core.watch.watch import FolderWatcher

logger = logging.getLogger(__name__)

BUSY_RETRY_SECONDS = 5.0
ROOTS_REFRESH_SECONDS = 5.0


class Watched(Protocol):
    """What ``watch_until`` keeps current: a ``Library``."""

    def folders(self) -> list[str]:
        """The tracked folders (the watched roots)."""

    def apply_changes(self, batch: ChangeBatch, token: CancelToken | None = None,
                      batch_size: int = 32) -> Iterator[Progress]:
        """Bring the library up to date with what changed in ``batch.dirs``."""


def summary_of(progress: Iterator[Progress]) -> IndexSummary | None:
    summary = None
    for step in progress:
        summary = step.summary or summary
    return summary


def watch_until(library: Watched, watcher: FolderWatcher, stop: threading.Event,
                token: CancelToken, report: Callable[[ChangeBatch, IndexSummary], None],
                batch_size: int = 32) -> None:
    """Apply the watcher's batches until ``stop`` is set (the caller's thread does the work;
    the caller started the watcher). ``token`` cancels a batch being applied (set it together
    with ``stop``). Keeps the watched roots equal to the library's folders (another process
    may add one), and keeps a batch while another process writes the library."""
    waiting: ChangeBatch | None = None
    since_refresh = 0.0
    while not stop.is_set():
        batch = watcher.take_batch(timeout=0.5)
        since_refresh += 0.5
        if since_refresh >= ROOTS_REFRESH_SECONDS:
            watcher.set_roots(library.folders())
            since_refresh = 0.0
        if batch is not None:
            waiting = batch if waiting is None else waiting.merged(batch)
        if waiting is None or stop.is_set():
            continue
        try:
            summary = summary_of(library.apply_changes(waiting, token, batch_size))
        except LibraryBusy as busy:
            logger.info("library busy, retrying in %.0f s: %s", BUSY_RETRY_SECONDS, busy)
            stop.wait(BUSY_RETRY_SECONDS)
            continue
        if summary is not None:
            report(waiting, summary)
        waiting = None
