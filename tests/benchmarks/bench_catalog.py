"""What a photo costs in the catalog file: a catalog of N photos with realistic rows, written
through the app's own catalog code in the order the indexer writes them (rows registered
REGISTER_BATCH at a time with their words, then committed 32 at a time, newest first, with a
digest, size, dimensions, date, camera and one 512-d float32 unit vector), then its bytes
(the file and its -wal after a checkpoint) per photo and where they go (``dbstat``).

    python -m tests.benchmarks.bench_catalog [N ...] [--videos FRACTION] [--keep DIR]

``catalog_bytes_per_photo(path, photos)`` is what the main benchmark calls on its libraries.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from clipview.core.catalog.catalog import Catalog, NewImage
from clipview.core.library.indexer import REGISTER_BATCH

ROOT_FOLDER = "/home/user/Pictures"
COMMIT_BATCH = 32   # the indexer's default batch
DIM = 512
FRAMES = 6          # vectors of a video (video.py: 3 to 10)
EVENTS = ("Holiday", "Birthday Anna", "Christmas", "Hiking in the Alps", "Beach", "Garden",
          "Wedding Tom & Lisa", "Zoo", "Barcelona", "Camping", "Easter", "New Year",
          "School trip", "Grandma 80", "First day of school", "Skiing")
CAMERAS = ("Google Pixel 7", "samsung SM-G991B", "Apple iPhone 12", "Canon EOS 80D",
           "NIKON CORPORATION NIKON D750", "SONY ILCE-7M3", "")


def catalog_bytes_per_photo(path: Path, photos: int) -> float:
    """Bytes of the catalog at ``path`` (its -wal included, after a checkpoint) per photo."""
    catalog = Catalog(Path(path))
    try:
        catalog.health.checkpoint()
    finally:
        catalog.close()
    size = sum(os.path.getsize(name) for name in (f"{path}", f"{path}-wal")
               if os.path.exists(name))
    return size / max(photos, 1)


def space(path: Path) -> dict[str, int]:
    """Bytes per table and index of the catalog at ``path`` (``dbstat``)."""
    catalog = Catalog(Path(path))
    try:
        return catalog.health.space()
    finally:
        catalog.close()


def _items(photos: int, videos: float, rng: np.random.Generator
           ) -> list[tuple[str, float, bool]]:
    """(path, taken_at, is a video) of a library: dated event folders of 20 to 300 photos,
    a fortnight apart, or closer where that many would not fit in 2005-2024."""
    items: list[tuple[str, float, bool]] = []
    when = time.mktime((2005, 1, 1, 9, 0, 0, 0, 0, -1))
    gap = min(16 * 86400.0, 20 * 365 * 86400.0 / max(photos / 160, 1))
    while len(items) < photos:
        when += gap * float(rng.uniform(0.5, 1.5))
        day = time.localtime(when)
        folder = (f"{ROOT_FOLDER}/{day.tm_year}/{time.strftime('%Y-%m-%d', day)} "
                  f"{EVENTS[int(rng.integers(len(EVENTS)))]}")
        shot = when
        for _ in range(min(int(rng.integers(20, 300)), photos - len(items))):
            shot += float(rng.integers(5, 600))
            items.append(_item(folder, shot, bool(rng.random() < videos), rng))
    return items


def _item(folder: str, shot: float, video: bool, rng: np.random.Generator
          ) -> tuple[str, float, bool]:
    stamp = time.strftime("%Y%m%d_%H%M%S", time.localtime(shot))
    style = int(rng.integers(4))
    if video:
        name = f"VID_{stamp}.mp4"
    elif style == 0:
        name = f"DSC_{int(rng.integers(10000)):04d}.JPG"
    elif style == 1:
        name = f"PXL_{stamp}{int(rng.integers(1000)):03d}.jpg"
    else:
        name = f"IMG_{stamp}.jpg"
    return f"{folder}/{name}", shot, video


def _row(path: str, folder_id: int, taken: float, rng: np.random.Generator,
         full: bool) -> NewImage:
    """The row the indexer registers (``full`` False: no digest yet) or commits."""
    mtime_ns = int(taken * 1e9) + int(rng.integers(10**9))
    size = int(rng.integers(1_500_000, 9_000_000))
    if not full:
        return NewImage(path, folder_id, size, mtime_ns, "", taken_at=taken, ctime_ns=mtime_ns)
    digest = hashlib.blake2b(path.encode(), digest_size=16).hexdigest()  # hashing.py's kind
    camera = CAMERAS[int(rng.integers(len(CAMERAS)))]
    return NewImage(path, folder_id, size, mtime_ns, digest, 4032, 3024, taken, "", camera,
                    ctime_ns=mtime_ns)


def _vectors(rng: np.random.Generator, count: int) -> np.ndarray:
    vectors = rng.standard_normal((count, DIM)).astype(np.float32)
    return np.asarray(vectors / np.linalg.norm(vectors, axis=-1, keepdims=True), np.float32)


def build_catalog(path: Path, photos: int, videos: float = 0.0, seed: int = 0) -> Path:
    """A catalog of ``photos`` items (``videos``: the fraction that are videos)."""
    rng = np.random.default_rng(seed)
    items = _items(photos, videos, rng)
    catalog = Catalog(path)
    try:
        folder_id = catalog.folders.add(ROOT_FOLDER)
        model_id = catalog.models.add("bench-vit-b-32", "ViT-B/32", DIM)
        for start in range(0, len(items), REGISTER_BATCH):
            catalog.images.register([_row(p, folder_id, t, rng, False)
                                     for p, t, _ in items[start:start + REGISTER_BATCH]])
        newest = sorted(items, key=lambda item: -item[1])
        for start in range(0, len(newest), COMMIT_BATCH):
            batch = newest[start:start + COMMIT_BATCH]
            encoded = [(_row(p, folder_id, t, rng, True),
                        _vectors(rng, FRAMES if video else 1)[0 if not video else slice(None)])
                       for p, t, video in batch]
            catalog.images.commit_batch(model_id, encoded, [])
    finally:
        catalog.close()
    return path


def measure(folder: Path, photos: int, videos: float) -> None:
    path = folder / f"catalog-{photos}-{videos:g}.sqlite"
    started = time.monotonic()
    build_catalog(path, photos, videos)
    built = time.monotonic() - started
    per_photo = catalog_bytes_per_photo(path, photos)
    parts = sorted(space(path).items(), key=lambda item: -item[1])
    print(f"{photos} items ({videos:.0%} videos): {per_photo:,.0f} bytes a photo "
          f"(built in {built:.0f} s)")
    for name, size in parts[:8]:
        print(f"    {name:24s} {size / photos:8,.0f} B/photo")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[20_000, 100_000])
    parser.add_argument("--videos", type=float, default=0.0)
    parser.add_argument("--keep", type=Path, help="build the catalogs in this folder")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-catalog-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for photos in args.sizes:
            measure(folder, photos, args.videos)


if __name__ == "__main__":
    main(sys.argv[1:])
