"""clipview's own thumbnail cache on disk: what an entry is keyed by, and a size cap with
the entries nobody asks for evicted first.

An entry is a JPEG at ``<root>/<2 hex>/<40 hex>.jpg``, the SHA-1 of its key. The key
(``entry_key``) is what the catalog recorded of the file (its content digest and size) while
the file is as the catalog recorded it (``file_stamp.unchanged``: size, mtime and ctime) or
offline; else the file's own path, size, mtime and ctime. So a file edited since (its stamp
changed) has a new key: its old entry is never served again, a new one replaces it, and the
old one, asked by nobody, is among the first evicted.

Least recently served first: serving an entry (``read``) renews its mtime (at most every
``TOUCH_AFTER_S``; the atime is not used: ``noatime`` and ``relatime`` mounts do not keep
it), so an entry's mtime is when it was last made or served. The cache keeps a running
total of its entries' sizes, counted once by a scan in the background (``start``) and
kept up by every ``store``; when the total goes over the cap a background trim scans the
folders once and removes the oldest entries until the cache is at ``LOW_WATER`` of its cap
(the next trim comes after a tenth of the cap has been written again). Only files named as
entries (and this cache's own leftover temporaries) inside the cache's two-level folders
are removed, never a link and never anything outside the root. A read-only or full disk
costs speed only: the failure is logged and the thumbnail made again next time.

The default cap is 1 GiB: a grid thumbnail (256 px, JPEG quality 85) is roughly 10–20 KB,
so that keeps tens of thousands of them, a whole library's grid for most people, while
GNOME's housekeeping caps the shared thumbnails of every program together at 2 GiB
(``org.gnome.desktop.thumbnail-cache maximum-size``) and evicts by mtime the same way.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import threading
import time
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from clipview.core.errors import ImageSkipped
from clipview.core.media.file_stamp import Stamp, stamp_of, unchanged
from clipview.core.media.safe_read import read_regular
from clipview.core.private_files import private_dir, replace_file

logger = logging.getLogger(__name__)

DEFAULT_CAP_BYTES = 1 << 30
LOW_WATER = 0.9            # a trim leaves the cache at 90 % of its cap
TOUCH_AFTER_S = 600.0      # a served entry's mtime is renewed at most every 10 minutes
MAX_ENTRY_BYTES = 8 << 20  # no thumbnail clipview writes comes near this
STALE_TEMPORARY_S = 3600.0  # a temporary this old was left by a process that died

_FOLDER = re.compile(r"[0-9a-f]{2}")
_ENTRY = re.compile(r"[0-9a-f]{40}\.jpg")
_TEMPORARY = re.compile(r"\.[0-9a-f]{40}\.jpg\.[0-9]+\.[0-9]+\.tmp")  # replace_file's


def entry_key(path: str, tier: int, frame_time: float | None = None,
              digest: str | None = None, recorded: Stamp | None = None) -> str | None:
    """What the entry of ``path`` at ``tier`` (and a video's ``frame_time``) is keyed by:
    the catalog's ``digest`` while the file is as ``recorded`` or offline, else its path
    and stamp. None: the file is gone and the catalog does not know it."""
    at = "" if frame_time is None else f"|{frame_time:.3f}"
    try:
        info: os.stat_result | None = os.stat(path)
    except OSError:
        info = None
    if digest is not None and recorded is not None and (
            info is None or unchanged(recorded, stamp_of(info))):
        return f"digest|{digest}|{recorded.size}|{tier}{at}"
    if info is None:
        return None
    return f"{path}|{info.st_size}|{info.st_mtime_ns}|{info.st_ctime_ns}|{tier}{at}"


def recorded_key(path: str, tier: int, frame_time: float | None, recorded: Stamp) -> str | None:
    """The key ``entry_key`` gave the file before the catalog knew its digest (a photo listed
    and not yet encoded), from the stamp the catalog recorded: its thumbnail made then is
    found again, also while the file is offline. None when no ctime was recorded."""
    if recorded.ctime_ns is None:
        return None
    at = "" if frame_time is None else f"|{frame_time:.3f}"
    return f"{path}|{recorded.size}|{recorded.mtime_ns}|{recorded.ctime_ns}|{tier}{at}"


def entry_path(root: Path, key: str) -> Path:
    """Where the entry of ``key`` is kept under ``root``."""
    digest = hashlib.sha1(key.encode("utf-8", "surrogateescape"),
                          usedforsecurity=False).hexdigest()
    return root / digest[:2] / f"{digest}.jpg"


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


@dataclass(frozen=True)
class Entry:
    path: Path
    size: int
    mtime: float   # when it was last made or served


class ThumbCache:
    """The cache under ``root``, at most about ``cap_bytes`` (thread-safe)."""

    def __init__(self, root: Path, cap_bytes: int = DEFAULT_CAP_BYTES) -> None:
        if cap_bytes <= 0:
            raise ValueError(f"the thumbnail cache's cap must be positive, not {cap_bytes}")
        self.root, self.cap_bytes = Path(root), cap_bytes
        self._lock = threading.Lock()
        self._total = 0               # bytes: counted by the scans, kept up by store
        self._trim: Future[None] | None = None   # the background count or trim
        self._busy = self._again = False
        self._pool: ThreadPoolExecutor | None = None
        self._closed = False
        self._warned = False

    @property
    def total(self) -> int:
        """The entries' bytes as counted (exact after a scan, kept up since)."""
        with self._lock:
            return self._total

    def path_for(self, key: str) -> Path:
        return entry_path(self.root, key)

    def read(self, key: str) -> bytes | None:
        """The entry's bytes, None when there is none; a served entry's mtime is renewed
        (it is the last one a trim evicts)."""
        target = self.path_for(key)
        try:
            found = read_regular(target, limit=MAX_ENTRY_BYTES)
        except ImageSkipped:
            return None
        if time.time() - found.mtime_ns / 1e9 > TOUCH_AFTER_S:
            try:
                os.utime(target)
            except OSError as exc:   # a read-only cache: served, never renewed
                logger.debug("cannot renew the thumbnail %s: %s", target, exc)
        return found.data

    def store(self, key: str, data: bytes) -> None:
        """Write the entry (folders 0700, file 0600: thumbnails show photos from private
        folders; no fsync: a cache); a trim follows in the background when the cache is
        over its cap. A full or read-only disk is logged and costs speed only."""
        target = self.path_for(key)
        try:
            old = _size(target)
            private_dir(self.root)
            private_dir(target.parent)
            replace_file(target, data, durable=False)
        except OSError as exc:
            self._cannot_write(target, exc)
            return
        with self._lock:
            self._total += len(data) - old
            over = self._total > self.cap_bytes
        if over:
            self._trim_soon()

    def _cannot_write(self, target: Path, exc: OSError) -> None:
        if not self._warned:
            self._warned = True
            logger.warning("cannot write the thumbnail cache %s (%s): thumbnails are made "
                           "again each time", self.root, exc.strerror or exc)
        logger.debug("cannot cache the thumbnail %s: %s", target, exc)

    def start(self) -> None:
        """Count the cache (and trim it when over its cap) in the background."""
        self._trim_soon()

    def _trim_soon(self) -> None:
        """Run a trim on the cache's thread; one already running runs once more."""
        with self._lock:
            if self._closed:
                return
            if self._busy:
                self._again = True
                return
            self._busy = True
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1,
                                                thread_name_prefix="thumb-cache")
            self._trim = self._pool.submit(self._trims)

    def _trims(self) -> None:
        """Trim until no store asked for another meanwhile."""
        while True:
            try:
                self.trim()
            except Exception:   # noqa: BLE001 - a bug must not stop the next trims
                logger.exception("thumbnail cache trim failed")
            with self._lock:
                if not self._again or self._closed:
                    self._busy = self._again = False
                    return
                self._again = False

    def wait(self, timeout: float | None = None) -> None:
        """Wait for the background count or trim (tests; shutdown)."""
        with self._lock:
            pending = self._trim
        if pending is not None:
            with contextlib.suppress(CancelledError):   # closed before it ran
                pending.result(timeout)

    def close(self) -> None:
        """Stop: a scan under way ends early; nothing is started again."""
        with self._lock:
            self._closed = True
            pool = self._pool
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def trim(self) -> int:
        """Count the entries; when they are over the cap, remove the least recently served
        until the cache is at LOW_WATER of its cap. Returns the bytes removed. (Runs on
        the cache's own thread from ``start`` and ``store``; directly in tests.)"""
        with self._lock:
            before = self._total
        entries = self.entries()
        counted = sum(entry.size for entry in entries)
        with self._lock:
            self._total = counted + (self._total - before)   # + stored during the scan
            excess = self._total - int(self.cap_bytes * LOW_WATER)
            over = self._total > self.cap_bytes
        removed = self._evict(entries, excess) if over else 0
        if removed:
            logger.info("thumbnail cache trimmed: %d MB removed, %d MB kept (cap %d MB)",
                        removed >> 20, self.total >> 20, self.cap_bytes >> 20)
        return removed

    def _evict(self, entries: list[Entry], excess: int) -> int:
        removed = 0
        for entry in sorted(entries, key=lambda e: e.mtime):
            if removed >= excess or self._closed:
                break
            try:
                if os.stat(entry.path, follow_symlinks=False).st_mtime > entry.mtime:
                    continue   # served since the scan
                os.unlink(entry.path)
            except FileNotFoundError:
                continue
            except OSError as exc:   # a read-only cache cannot shrink: stop trying
                logger.info("cannot trim the thumbnail cache %s: %s", self.root, exc)
                break
            removed += entry.size
        with self._lock:
            self._total = max(0, self._total - removed)
        return removed

    def entries(self) -> list[Entry]:
        """The cache's entries (regular files named as entries, in its two-level folders;
        links are never followed); stale temporaries are removed on the way."""
        found: list[Entry] = []
        for folder in self._listing(self.root):
            if self._closed:
                break
            if _FOLDER.fullmatch(folder.name) and folder.is_dir(follow_symlinks=False):
                found.extend(self._folder_entries(Path(folder.path)))
        return found

    def _folder_entries(self, folder: Path) -> list[Entry]:
        found: list[Entry] = []
        now = time.time()
        for item in self._listing(folder):
            try:
                if not item.is_file(follow_symlinks=False):
                    continue
                info = item.stat(follow_symlinks=False)
                if _ENTRY.fullmatch(item.name):
                    found.append(Entry(Path(item.path), info.st_size, info.st_mtime))
                elif _TEMPORARY.fullmatch(item.name) and now - info.st_mtime > \
                        STALE_TEMPORARY_S:
                    os.unlink(item.path)
            except OSError as exc:
                logger.debug("thumbnail cache: skipped %s: %s", item.path, exc)
        return found

    @staticmethod
    def _listing(folder: Path) -> list[os.DirEntry[str]]:
        with contextlib.suppress(OSError), os.scandir(folder) as listing:
            return list(listing)
        return []
