"""Thumbnails: decoded on a thread pool into QImage (EXIF-oriented, draft decoding), turned
into QPixmap on the GUI thread; memory cache plus a disk cache invalidated by mtime."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
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


class _Task(QRunnable):
    def __init__(self, loader: ThumbnailLoader, path: str, tier: int, generation: int) -> None:
        super().__init__()
        self.loader, self.path, self.tier, self.generation = loader, path, tier, generation

    def run(self) -> None:
        if self.generation != self.loader.generation:
            return  # the query that wanted it is gone
        try:
            image = make_thumbnail(self.path, self.tier, self.loader.cache_dir)
        except ImageSkipped as exc:
            self.loader.signals.failed.emit(self.path, self.tier, self.generation, exc.reason)
            return
        self.loader.signals.loaded.emit(self.path, self.tier, self.generation, image)


class ThumbnailLoader(QObject):
    """GUI-thread facade: ``pixmap`` answers from memory or asks the pool."""

    ready = Signal(str)  # path whose thumbnail is now in the memory cache

    def __init__(self, cache_dir: Path | None, threads: int = 2) -> None:
        super().__init__()
        self.cache_dir = cache_dir
        self.generation = 0
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(threads)
        self.signals = _Signals()
        self.signals.loaded.connect(self._on_loaded)
        self.signals.failed.connect(self._on_failed)
        self._pending: set[tuple[str, int]] = set()
        self._broken: set[str] = set()
        QPixmapCache.setCacheLimit(256 * 1024)  # KiB

    def new_generation(self) -> None:
        """Drop the requests of the previous results."""
        self.generation += 1
        self.pool.clear()
        self._pending.clear()

    def pixmap(self, path: str, tier: int) -> QPixmap | None:
        found = QPixmapCache.find(f"{tier}:{path}")
        if found is not None and not found.isNull():
            return found
        if path in self._broken or (path, tier) in self._pending:
            return None
        self._pending.add((path, tier))
        self.pool.start(_Task(self, path, tier, self.generation))
        return None

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
        self.pool.waitForDone(5000)


def placeholder(size: int, broken: bool = False) -> QPixmap:
    """A neutral tile while loading (or a crossed one when the photo cannot be read)."""
    key = f"placeholder:{size}:{broken}"
    found = QPixmapCache.find(key)
    if found is not None and not found.isNull():
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
