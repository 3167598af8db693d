"""Thumbnails: decoded on a thread pool into QImage (EXIF-oriented, draft decoding), turned
into QPixmap on the GUI thread; a memory cache plus a private disk cache.

The disk cache (``core.media.thumb_cache``) is keyed by what the catalog knows of a file
(``facts``, asked on the pool thread): its content digest and size (and a video's frame
time), so a photo whose folder is offline still shows the thumbnail made before; a file that
is not indexed, or changed since (its size, mtime or ctime differ from the catalog's), is
keyed by its path and stamp. It is capped (``cache_cap``, 1 GiB by default): the entries
served least recently are evicted by a background trim. Before decoding a photo, the
desktop's shared thumbnail of it is used when one is valid (``core.media.shared_thumbs``:
read only). A photo that could not be shown is not asked again until ``retry`` (its folder
came back, a rescan).
"""

from __future__ import annotations

import io
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap, QPixmapCache

from clipview.core.catalog.digests import FileFacts
from clipview.core.errors import ClipviewError, ImageSkipped
from clipview.core.media.kinds import is_video_name
from clipview.core.media.preprocess import open_photo
from clipview.core.media.shared_thumbs import shared_thumbnail, thumbnails_root
from clipview.core.media.thumb_cache import (
    DEFAULT_CAP_BYTES,
    ThumbCache,
    entry_key,
    entry_path,
    recorded_key,
)
from clipview.core.media.video import video_frame
from clipview.core.paths import inside

logger = logging.getLogger(__name__)

TIERS = (128, 256, 512)
FactsLookup = Callable[[str], FileFacts | None]
CacheArg = ThumbCache | Path | None


def tier_for(size: int) -> int:
    """The cached size to use for a cell of ``size`` pixels (so zooming reuses files)."""
    return next((tier for tier in TIERS if tier >= size), TIERS[-1])


def _key(path: str, tier: int, frame_time: float | None, facts: FileFacts | None) -> str | None:
    if facts is None:
        return entry_key(path, tier, frame_time)
    return entry_key(path, tier, frame_time, facts.digest, facts.stamp)


def _known_keys(path: str, tier: int, frame_time: float | None, facts: FileFacts | None
                ) -> list[str]:
    """The key to store under, then the one a thumbnail made before the catalog knew the
    file's digest has (``recorded_key``)."""
    key = _key(path, tier, frame_time, facts)
    keys = [key] if key is not None else []
    earlier = recorded_key(path, tier, frame_time, facts.stamp) if facts is not None else None
    return keys + ([earlier] if earlier is not None and earlier != key else [])


def _kept(disk: ThumbCache, keys: list[str]) -> QImage | None:
    for key in keys:
        image = _from_cache(disk, key)
        if image is not None:
            return image
    return None


def cache_file(cache_dir: Path, path: str, tier: int, frame_time: float | None = None,
               facts: FileFacts | None = None) -> Path | None:
    """Where the thumbnail is kept (None: nothing to key it by, the file is gone and the
    catalog does not know it). ``facts``: what the catalog recorded of the file."""
    key = _key(path, tier, frame_time, facts)
    return None if key is None else entry_path(cache_dir, key)


def _as_cache(cache: CacheArg) -> ThumbCache | None:
    return ThumbCache(cache) if isinstance(cache, Path) else cache


def kept_on_disk(cache: CacheArg, tier: int) -> bool:
    """Whether a thumbnail of ``tier`` goes to the disk cache (the viewer's full sizes,
    above the largest tier, are not kept)."""
    return cache is not None and tier <= TIERS[-1]


def make_thumbnail(path: str, tier: int, cache: CacheArg, frame_time: float | None = None,
                   facts: FileFacts | None = None, shared: Path | None = None) -> QImage:
    """Runs on a pool thread: disk cache hit, else the desktop's shared thumbnail under
    ``shared`` (a photo's, when valid; a video shows its own frame), else decode + shrink;
    then stored. Raises
    ImageSkipped. A RAW file shows its embedded preview (``open_photo``); a video the frame
    at ``frame_time`` (default: half its length; the grid paints its play badge, the viewer
    shows the frame as it is). ``facts``: what the catalog knows of the file (its digest
    keys the cache, see the module)."""
    disk = _as_cache(cache) if kept_on_disk(cache, tier) else None
    keys = _known_keys(path, tier, frame_time, facts) if disk is not None else []
    cached = _kept(disk, keys) if disk is not None else None
    if cached is not None:
        return cached
    key = _key(path, tier, frame_time, facts) if disk is not None else None
    video = is_video_name(path)
    small = None if video or tier > TIERS[-1] else shared_thumbnail(path, tier, shared)
    if small is None:
        small = video_frame(path, frame_time, min_side=tier) if video else \
            open_photo(path, min_side=tier).image
        small.thumbnail((tier, tier), Image.Resampling.BICUBIC)
    if disk is not None and key is not None:
        _store(disk, key, small)
    data = small.tobytes()
    return QImage(data, small.width, small.height, 3 * small.width,
                  QImage.Format.Format_RGB888).copy()


def _from_cache(disk: ThumbCache, key: str) -> QImage | None:
    data = disk.read(key)
    image = QImage.fromData(data) if data is not None else None
    return image if image is not None and not image.isNull() else None


def _store(disk: ThumbCache, key: str, image: Image.Image) -> None:
    """Keep the thumbnail (a JPEG, privately: see ``ThumbCache.store``)."""
    encoded = io.BytesIO()
    image.save(encoded, "JPEG", quality=85)
    disk.store(key, encoded.getvalue())


class _Signals(QObject):
    loaded = Signal(str, int, int, QImage, float)   # path, tier, generation, image, frame
    failed = Signal(str, int, int, str, float)      # path, tier, generation, reason, frame


class ThumbnailLoader(QObject):
    """GUI-thread facade: ``pixmap`` answers from memory or asks the pool.

    ``cache_dir``: the disk cache (None: none), at most about ``cache_cap`` bytes (counted
    and trimmed on its own thread from the start); ``shared``: read the desktop's shared
    thumbnails (``$XDG_CACHE_HOME/thumbnails``, as the environment says when made)."""

    ready = Signal(str)  # path whose thumbnail is now in the memory cache

    def __init__(self, cache_dir: Path | None, threads: int = 2,
                 facts: FactsLookup | None = None, cache_cap: int = DEFAULT_CAP_BYTES,
                 shared: bool = True) -> None:
        super().__init__()
        self.cache_dir = cache_dir
        self.cache = None if cache_dir is None else ThumbCache(cache_dir, cache_cap)
        self.shared_root = thumbnails_root() if shared else None
        #: what the catalog knows of a path (called on the pool's threads; thread-safe)
        self.facts = facts
        self.generation = 0
        # a plain executor, not QThreadPool: Python QRunnables auto-deleted by Qt corrupt
        # PySide6's reference counts (crash at exit, seen with 6.12)
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="thumbs")
        self._futures: list[Future[None]] = []
        self.signals = _Signals()
        self.signals.loaded.connect(self._on_loaded)
        self.signals.failed.connect(self._on_failed)
        self._pending: set[tuple[str, int, float]] = set()
        self._broken: set[str] = set()
        self._closed = False
        QPixmapCache.setCacheLimit(256 * 1024)  # KiB
        if self.cache is not None:
            self.cache.start()   # counts (and trims) the disk cache in the background

    def new_generation(self) -> None:
        """Drop the requests of the previous results."""
        self.generation += 1
        for future in self._futures:
            future.cancel()
        self._futures.clear()
        self._pending.clear()

    def pixmap(self, path: str, tier: int, frame_time: float | None = None) -> QPixmap | None:
        """The thumbnail from memory, or None after asking the pool (``ready`` follows).
        ``frame_time``: for a video, the time of the frame to show (its best match)."""
        frame = -1.0 if frame_time is None else float(frame_time)
        found = cached_pixmap(_memory_key(path, tier, frame))
        if found is not None:
            return found
        request = (path, tier, frame)
        if path in self._broken or request in self._pending or self._closed:
            return None   # (after shutdown a window still painting gets placeholders)
        self._pending.add(request)
        self._futures = [f for f in self._futures if not f.done()]
        self._futures.append(self.pool.submit(self._load, path, tier, self.generation, frame))
        return None

    def _load(self, path: str, tier: int, generation: int, frame: float) -> None:
        """Runs on a pool thread; the result reaches the GUI thread as a queued signal."""
        if generation != self.generation:
            return  # the results that wanted it are gone
        try:
            facts = self._facts_of(path) if kept_on_disk(self.cache, tier) else None
            image = make_thumbnail(path, tier, self.cache, None if frame < 0 else frame,
                                   facts, self.shared_root)
        except ImageSkipped as exc:
            self.signals.failed.emit(path, tier, generation, exc.reason, frame)
            return
        except OSError as exc:
            self.signals.failed.emit(path, tier, generation, str(exc), frame)
            return
        self.signals.loaded.emit(path, tier, generation, image, frame)

    def largest_kept(self, path: str, frame_time: float | None = None) -> QPixmap | None:
        """The largest thumbnail kept of ``path`` (in memory, else from the disk cache, by
        its catalog digest): what the viewer shows of a photo it cannot read (its folder is
        offline). None after asking the pool once (``ready`` follows when one is found)."""
        frame = -1.0 if frame_time is None else float(frame_time)
        for tier in reversed(TIERS):
            found = cached_pixmap(_memory_key(path, tier, frame))
            if found is not None:
                return found
        request = (path, -1, frame)   # tier -1: the disk cache alone, never a decode
        if self.cache is not None and request not in self._pending and not self._closed:
            self._pending.add(request)
            self._futures.append(self.pool.submit(self._load_kept, path, self.cache,
                                                  self.generation, frame))
        return None

    def _load_kept(self, path: str, cache: ThumbCache, generation: int, frame: float) -> None:
        facts = self._facts_of(path)
        for tier in reversed(TIERS):
            image = _kept(cache, _known_keys(path, tier, None if frame < 0 else frame, facts))
            if image is not None:
                self.signals.loaded.emit(path, tier, generation, image, frame)
                return
        logger.info("no thumbnail kept of %s", path)   # asked once: the request stays

    def _facts_of(self, path: str) -> FileFacts | None:
        lookup = self.facts
        if lookup is None:
            return None
        try:
            return lookup(path)
        except ClipviewError as exc:   # a closed or busy catalog: keyed by the file
            logger.info("no catalog facts for %s: %s", path, exc)
            return None

    def retry(self, folder: str | None = None) -> None:
        """Ask again for the photos that could not be shown (those inside ``folder``; all
        when None): their folder came back online or was scanned again. Their tiles
        repaint (``ready``) and so ask again."""
        again = [p for p in self._broken if folder is None or inside(p, folder)]
        self._broken.difference_update(again)
        for path in again:
            self.ready.emit(path)

    def wait_idle(self, timeout: float = 10.0) -> None:
        wait(list(self._futures), timeout=timeout)

    def is_broken(self, path: str) -> bool:
        return path in self._broken

    def _on_loaded(self, path: str, tier: int, generation: int, image: QImage,
                   frame: float) -> None:
        self._pending.discard((path, tier, frame))
        QPixmapCache.insert(_memory_key(path, tier, frame), QPixmap.fromImage(image))
        self.ready.emit(path)

    def _on_failed(self, path: str, tier: int, generation: int, reason: str,
                   frame: float) -> None:
        self._pending.discard((path, tier, frame))
        self._broken.add(path)
        self.ready.emit(path)

    def shutdown(self) -> None:
        self._closed = True
        self.new_generation()
        self.pool.shutdown(wait=True, cancel_futures=True)
        if self.cache is not None:
            self.cache.close()


def _memory_key(path: str, tier: int, frame: float) -> str:
    return f"{tier}:{path}" if frame < 0 else f"{tier}:{path}@{frame:.3f}"


def cached_pixmap(key: str) -> QPixmap | None:
    found = QPixmapCache.find(key)  # type: ignore[call-overload]
    return found if isinstance(found, QPixmap) and not found.isNull() else None


def placeholder(size: int, broken: bool = False) -> QPixmap:
    """A neutral tile while loading (or a crossed one when the photo cannot be read)."""
    key = f"placeholder:{size}:{broken}"
    found = cached_pixmap(key)
    if found is not None:
        return found
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(60, 60, 64))
    if broken:
        painter = QPainter(pixmap)
        painter.setPen(QColor(200, 80, 80))
        painter.drawLine(8, 8, size - 8, size - 8)
        painter.drawLine(size - 8, 8, 8, size - 8)
        painter.end()
    QPixmapCache.insert(key, pixmap)
    return pixmap
