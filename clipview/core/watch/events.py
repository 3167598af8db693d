"""From file-system events to settled batches of changed directories.

Events only say *where* to look: a batch names the directories whose contents changed, and
the library compares those directories with the catalog (``Library.apply_changes``), so a
missed or duplicated event costs nothing but a look. A batch is handed out only when no event
came for ``quiet`` seconds *and* every file the events named kept its size and modification
time (and ctime) between two checks ``settle`` seconds apart: a photo still being copied is not read
half-written.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileAttribEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
)

from clipview.core.media.scanner import is_photo_name

# the events that can change what the library holds; reads (opened, closed without writing)
# are left out, so indexing a photo never looks like a change to it
WATCHED_EVENTS: list[type[FileSystemEvent]] = [
    FileCreatedEvent, FileModifiedEvent, FileAttribEvent, FileClosedEvent, FileDeletedEvent,
    FileMovedEvent, DirCreatedEvent, DirDeletedEvent, DirMovedEvent]
_DIR_EVENTS = (DirCreatedEvent, DirDeletedEvent, DirMovedEvent)
_FILE_EVENTS = tuple(kind for kind in WATCHED_EVENTS if kind not in _DIR_EVENTS)


@dataclass(frozen=True)
class ChangeBatch:
    """Directories to compare with the catalog (``dirs``) and the photo files the events
    named (``files``, for the record). ``reason``: why, in words."""

    dirs: frozenset[str]
    files: frozenset[str] = frozenset()
    reason: str = "changes"

    def __bool__(self) -> bool:
        return bool(self.dirs)

    def merged(self, other: ChangeBatch) -> ChangeBatch:
        """One batch covering both (a batch that could not be applied yet, and newer ones)."""
        return ChangeBatch(self.dirs | other.dirs, self.files | other.files,
                           self.reason if self.reason == other.reason else "changes")


def _text(path: bytes | str) -> str:
    return os.fsdecode(path)


def touched(event: FileSystemEvent) -> tuple[set[str], set[str]]:
    """(directories to look at, photo files to watch settle) for one event."""
    dirs: set[str] = set()
    files: set[str] = set()
    paths = [_text(event.src_path)]
    if isinstance(event, (FileMovedEvent, DirMovedEvent)) and event.dest_path:
        paths.append(_text(event.dest_path))
    if isinstance(event, _DIR_EVENTS):
        dirs.update(p for p in paths if p)
    elif isinstance(event, _FILE_EVENTS):
        for path in paths:
            if path and is_photo_name(os.path.basename(path)):
                dirs.add(os.path.dirname(path))
                files.add(path)
    return dirs, files


def _signature(path: str) -> tuple[int, int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None  # gone (or unreadable): nothing more to wait for
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns  # ctime: also a restored mtime


@dataclass
class Settler:
    """Collects events (any thread) and hands out a batch once everything has settled
    (``ready``, called by the watcher's own thread)."""

    quiet: float
    settle: float
    clock: Callable[[], float] = time.monotonic
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _dirs: set[str] = field(default_factory=set)
    _files: set[str] = field(default_factory=set)
    _reasons: set[str] = field(default_factory=set)
    _last_event: float = 0.0
    _events: int = 0
    _snapshot: dict[str, tuple[int, int, int] | None] | None = None
    _snapshot_at: float = 0.0

    def add(self, dirs: set[str], files: set[str], reason: str = "changes") -> None:
        if not dirs:
            return
        with self._lock:
            self._dirs |= dirs
            self._files |= files
            self._reasons.add(reason)
            self._last_event = self.clock()
            self._events += 1
            self._snapshot = None

    @property
    def pending(self) -> bool:
        with self._lock:
            return bool(self._dirs)

    def ready(self) -> ChangeBatch | None:
        """The batch when it has settled (and forget it), else None."""
        with self._lock:
            if not self._dirs or self.clock() - self._last_event < self.quiet:
                return None
            files = sorted(self._files)
            snapshot, taken_at, events = self._snapshot, self._snapshot_at, self._events
        if snapshot is not None and self.clock() - taken_at < self.settle:
            return None
        now = {path: _signature(path) for path in files}
        with self._lock:
            if self._events != events:  # an event came meanwhile: start over
                return None
            if snapshot is None or snapshot != now:
                self._snapshot, self._snapshot_at = now, self.clock()
                return None
            reason = "changes" if len(self._reasons) != 1 else next(iter(self._reasons))
            batch = ChangeBatch(frozenset(self._dirs), frozenset(self._files), reason)
            self._dirs, self._files, self._reasons = set(), set(), set()
            self._snapshot = None
            return batch
