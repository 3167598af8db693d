"""Thumbnails: decoded on a thread pool into QImage (EXIF-oriented, draft decoding), turned
into QPixmap on the GUI thread; memory cache plus a disk cache invalidated by mtime."""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap, QPixmapCache

from clipview.core.errors import ImageSkipped
from clipview.core.preprocess import open_photo

TIERS = (128, 256, 512)


def tier_for(size: int) -> int:
    """The cached size to use for a cell of ``size`` pixels (so zooming reuses files)."""
    return next((tier for tier in TIERS if tier >= size), TIERS[-1])


def cache_file(cache_dir: Path, path: str, tier: int) -> Path | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    key = hashlib.sha1(f"{path}|{info.st_size}|{info.st_mtime_ns}|{tier}".encode(),
                       usedforsecurity=False).hexdigest()
    return cache_dir / key[:2] / f"{key}.jpg"


def make_thumbnail(path: str, tier: int, cache_dir: Path | None) -> QImage:
    """Runs on a pool thread: disk cache hit, or decode + shrink + store. Raises ImageSkipped."""
    cached = cache_file(cache_dir, path, tier) if cache_dir else None
    if cached is not None and cached.is_file():
        image = QImage(str(cached))
        if not image.isNull():
            return image
    photo = open_photo(path, min_side=tier)
    small = photo.image
    small.thumbnail((tier, tier), Image.Resampling.BICUBIC)
    if cached is not None:
        _store(small, cached)
    data = small.tobytes()
    return QImage(data, small.width, small.height, 3 * small.width,
                  QImage.Format.Format_RGB888).copy()


def _store(image: Image.Image, target: Path) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        image.save(temporary, "JPEG", quality=85)
        os.replace(temporary, target)
    except OSError:
        pass  # a full or read-only cache only costs speed


class _Signals(QObject):
    loaded = Signal(str, int, int, QImage)   # path, tier, generation, image
    failed = Signal(str, int, int, str)      # path, tier, generation, reason


class ThumbnailLoader(QObject):
    """GUI-thread facade: ``pixmap`` answers from memory or asks the pool."""

    ready = Signal(str)  # path whose thumbnail is now in the memory cache

    def __init__(self, cache_dir: Path | None, threads: int = 2) -> None:
        super().__init__()
        self.cache_dir = cache_dir
        self.generation = 0
        # a plain executor, not QThreadPool: Python QRunnables auto-deleted by Qt corrupt
        # PySide6's reference counts (crash at exit, seen with 6.12)
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="thumbs")
        self._futures: list[Future[None]] = []
        self.signals = _Signals()
        self.signals.loaded.connect(self._on_loaded)
        self.signals.failed.connect(self._on_failed)
        self._pending: set[tuple[str, int]] = set()
        self._broken: set[str] = set()
        QPixmapCache.setCacheLimit(256 * 1024)  # KiB

    def new_generation(self) -> None:
        """Drop the requests of the previous results."""
        self.generation += 1
        for future in self._futures:
            future.cancel()
        self._futures.clear()
        self._pending.clear()

    def pixmap(self, path: str, tier: int) -> QPixmap | None:
        found = cached_pixmap(f"{tier}:{path}")
        if found is not None:
            return found
        if path in self._broken or (path, tier) in self._pending:
            return None
        self._pending.add((path, tier))
        self._futures = [f for f in self._futures if not f.done()]
        self._futures.append(self.pool.submit(self._load, path, tier, self.generation))
        return None

    def _load(self, path: str, tier: int, generation: int) -> None:
        """Runs on a pool thread; the result reaches the GUI thread as a queued signal."""
        if generation != self.generation:
            return  # the results that wanted it are gone
        try:
            image = make_thumbnail(path, tier, self.cache_dir)
        except ImageSkipped as exc:
            self.signals.failed.emit(path, tier, generation, exc.reason)
            return
        except OSError as exc:
            self.signals.failed.emit(path, tier, generation, str(exc))
            return
        self.signals.loaded.emit(path, tier, generation, image)

    def wait_idle(self, timeout: float = 10.0) -> None:
        wait(list(self._futures), timeout=timeout)

    def is_broken(self, path: str) -> bool:
        return path in self._broken

    def _on_loaded(self, path: str, tier: int, generation: int, image: QImage) -> None:
        self._pending.discard((path, tier))
        QPixmapCache.insert(f"{tier}:{path}", QPixmap.fromImage(image))
        self.ready.emit(path)

    def _on_failed(self, path: str, tier: int, generation: int, reason: str) -> None:
        self._pending.discard((path, tier))
        self._broken.add(path)
        self.ready.emit(path)

    def shutdown(self) -> None:
        self.new_generation()
        self.pool.shutdown(wait=True, cancel_futures=True)


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
