"""Time to browse: from adding a folder to every photo listed in the timeline (its date from
EXIF, its size), before any photo is encoded — the model does not matter. Fresh library each
round; the model is open already (as in the app when a folder is dropped); the encoding the
run goes on to is cancelled at its first report."""

from __future__ import annotations

import shutil
import statistics
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

import clipview
from clipview.core.progress import CancelToken, Phase
from tests.benchmarks.bench_data import photo, say

START = datetime(2015, 3, 1, 9, 0, 0)


def dated_photos(cache: Path, count: int, size: tuple[int, int]) -> Path:
    """``count`` JPEGs with EXIF dates an hour apart, 1,000 to a folder (generated once)."""
    root = cache / f"dated-{count}-{size[0]}x{size[1]}"
    done = root / ".complete"
    if done.is_file():
        return root
    say(f"generating {count} dated photos of {size[0]}x{size[1]} in {root}")
    shutil.rmtree(root, ignore_errors=True)
    base = photo(np.random.default_rng(3), *size)
    for n in range(count):
        folder = root / f"{2015 + n // 1000 % 10}-{n // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        exif = Image.Exif()
        when = START + timedelta(hours=n)
        exif.get_ifd(0x8769)[0x9003] = when.strftime("%Y:%m:%d %H:%M:%S")
        base.save(folder / f"IMG_{n:06d}.jpg", quality=85, exif=exif)
    done.touch()
    return root


def time_to_browse(photos: Path, bundle: Path, scratch: Path, count: int) -> dict[str, Any]:
    """Seconds from add_folder to the timeline listing all ``count`` photos, and whether
    their dates are the EXIF ones."""
    shutil.rmtree(scratch, ignore_errors=True)
    library = clipview.open_library(scratch / "home", bundle, "cpu")
    token = CancelToken()
    try:
        started = time.perf_counter()
        library.add_folder(photos)
        for progress in library.index(token):
            if progress.phase is Phase.ENCODING:
                rows = library.catalog.browse.photos()
                seconds = time.perf_counter() - started
                token.cancel()
                break
    finally:
        library.close()
    dated = sum(1 for row in rows if row.when is not None and row.when < START.timestamp()
                + 3600 * count + 1 and row.when >= START.timestamp() - 86400)
    return {"seconds": round(seconds, 3), "listed": len(rows), "exif_dates": dated}


def measure(cache: Path, bundle: Path, count: int, rounds: int) -> dict[str, Any]:
    size = (800, 600) if count <= 10_000 else (160, 120)
    photos = dated_photos(cache, count, size)
    runs = [time_to_browse(photos, bundle, cache / "scratch" / f"browse-{count}", count)
            for _ in range(rounds)]
    assert all(r["listed"] == count for r in runs), runs
    return {"seconds": round(statistics.median(r["seconds"] for r in runs), 3),
            "runs": runs, "size": list(size)}
