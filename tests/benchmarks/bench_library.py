"""Synthetic libraries of N photos (100k, 1M): a folder of N empty ``.jpg`` files (so an
unchanged rescan really walks and stats them) with names like a camera's in dated folders,
catalog rows that match them (a blake2b-128 digest as the indexer stores, a camera's name as
its words) and clustered 512-d vectors (``bench_data.Space``), indexed through the app's own
code. Kept in the cache."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from pathlib import Path

import numpy as np

import clipview
from clipview.core.catalog.catalog import NewImage
from clipview.core.library.library import Library
from tests.benchmarks.bench_data import Space, say

PER_FOLDER = 1000
BATCH = 5000
FORMAT = 4  # bump when the layout of a synthetic library changes


def library_path(cache: Path, count: int) -> Path:
    return cache / f"library-{count}"


def build_library(cache: Path, bundle: Path, count: int, space: Space) -> Path:
    """The library folder (``home`` and ``photos`` inside); built once per size."""
    root = library_path(cache, count)
    done = root / "done.json"
    if done.is_file() and json.loads(done.read_text()).get("format") == FORMAT:
        return root
    shutil.rmtree(root, ignore_errors=True)
    started = time.monotonic()
    photos = root / "photos"
    say(f"library {count}: {count} empty photo files")
    paths = _make_files(photos, count)
    library = clipview.open_library(root / "home", bundle, "cpu")
    try:
        library.add_folder(photos)
        with library.writer:
            model_id = library.catalog.models.add(library.key, library.model.name, 512)
            for start in range(0, count, BATCH):
                _commit(library, model_id, paths[start:start + BATCH], space, start)
                if start % 100_000 == 0:
                    say(f"library {count}: {start + BATCH} catalog rows")
            say(f"library {count}: building the HNSW index through the app (slow at 1M)")
            library.ensure_index()
    finally:
        library.close()
    done.write_text(json.dumps({"format": FORMAT, "seconds": time.monotonic() - started}))
    say(f"library {count} built in {time.monotonic() - started:.0f} s")
    return root


def _make_files(folder: Path, count: int) -> list[str]:
    paths = []
    for n in range(count):
        day = 2010 + (n // PER_FOLDER) % 15, 1 + (n // PER_FOLDER) % 12, 1 + n % 28
        sub = folder / f"{day[0]}" / f"{day[0]}-{day[1]:02d} Trip {n // PER_FOLDER:04d}"
        if n % PER_FOLDER == 0:
            sub.mkdir(parents=True, exist_ok=True)
        path = sub / f"IMG_{day[0]}{day[1]:02d}{day[2]:02d}_{n:07d}.jpg"
        path.touch()
        paths.append(str(path))
    return paths


def _commit(library: Library, model_id: int, paths: list[str], space: Space,
            start: int) -> None:
    folder_id = library.catalog.folders.all()[0].id
    vectors = space.photos(start, len(paths))
    rows = []
    for path, vector in zip(paths, vectors, strict=True):
        mtime = os.stat(path).st_mtime_ns
        digest = hashlib.blake2b(path.encode(), digest_size=16).hexdigest()
        rows.append((NewImage(path, folder_id, 0, mtime, digest, 4000, 3000, mtime / 1e9,
                              camera="Canon EOS R6"), vector))
    library.catalog.images.commit_batch(model_id, rows, [])


def ids_and_vectors(root: Path, bundle: Path) -> tuple[np.ndarray, np.ndarray]:
    """Every (id, vector) of the library, for exact answers."""
    library = clipview.open_library(root / "home", bundle, "cpu")
    try:
        parts = list(library.catalog.vectors.batches(library.model_id, 512))
    finally:
        library.close()
    return (np.concatenate([p[0] for p in parts]),
            np.concatenate([p[1] for p in parts]).astype(np.float32))
