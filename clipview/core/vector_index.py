"""HNSW cache of a model's vectors (hnswlib, cosine, labels = catalog image ids).

The file is a rebuildable cache: it is saved atomically with a stamp (catalog generation and
checksum); a missing, corrupt or stale file is rebuilt from the catalog's vectors. One lock
keeps ``knn_query`` from ever running while ``add_items`` or ``resize_index`` does.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import struct
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import hnswlib
import numpy as np

from clipview.core.errors import ClipviewError
from clipview.core.exact import EXACT_BELOW, ExactVectors
from clipview.core.hashing import file_digest
from clipview.core.private_files import create_private_file, private_dir, write_private
from clipview.core.safe_read import read_regular

logger = logging.getLogger(__name__)

M = 16
EF_CONSTRUCTION = 200
EF_SEARCH = 128
_GROWTH = 1.5
_MIN_CAPACITY = 1024
# hnswlib's file: a 96-byte header whose first fields are offsetLevel0, max_elements,
# cur_element_count and size_data_per_element (size_t); then cur_element_count level-0
# records, then one 4-byte link-list size (plus its lists) per element.
_HEADER = struct.Struct("<QQQQ")
_HEADER_BYTES = 96
_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.tmp$")


class SaveError(ClipviewError):
    """The index cache could not be written (the search keeps working from memory)."""


def _write_index(index: hnswlib.Index, path: str) -> None:
    """hnswlib writes the file itself (and says nothing when the disk fills up)."""
    index.save_index(path)


def check_saved(path: Path, count: int) -> None:
    """Raise SaveError unless ``path`` is a complete hnswlib file of ``count`` elements."""
    size = path.stat().st_size
    if size < _HEADER_BYTES:
        raise SaveError(f"{path} has {size} bytes, less than an index header")
    with path.open("rb") as handle:
        _, _, held, per_element = _HEADER.unpack(handle.read(_HEADER.size))
    if held != count:
        raise SaveError(f"{path} holds {held} elements instead of {count}")
    least = _HEADER_BYTES + count * (per_element + 4)
    if size < least:
        raise SaveError(f"{path} has {size} bytes, a complete file has at least {least}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: someone else's live process
        return True
    return True


def _sync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


class VectorIndex:
    """Thread-safe HNSW index with atomic persistence."""

    def __init__(self, path: Path, dim: int) -> None:
        self.path = path
        self.stamp_path = path.with_suffix(".stamp.json")
        self.dim = dim
        self.generation = -1
        self._lock = threading.Lock()
        self._index = self._empty(_MIN_CAPACITY)
        self._live: set[int] = set()
        self._exact: ExactVectors | None = None

    def _empty(self, capacity: int) -> hnswlib.Index:
        index = hnswlib.Index(space="cosine", dim=self.dim)
        index.init_index(max_elements=capacity, ef_construction=EF_CONSTRUCTION, M=M,
                         allow_replace_deleted=True)
        index.set_ef(EF_SEARCH)
        index.set_num_threads(1)
        return index

    def __len__(self) -> int:
        with self._lock:
            return len(self._live)

    def labels(self) -> set[int]:
        with self._lock:
            return set(self._live)

    # -- loading and saving -------------------------------------------------------------
    def load(self, generation: int, live: Iterable[int]) -> bool:
        """Load the saved file if its stamp matches ``generation``; False when it cannot.

        ``live`` are the catalog's ids for this model, which a matching file holds."""
        self.remove_stale_temporaries()
        try:
            stamp = json.loads(read_regular(self.stamp_path, 1 << 20).data)
            if stamp.get("generation") != generation or stamp.get("dim") != self.dim:
                return False
            if stamp.get("digest") != file_digest(self.path):
                return False
            index = hnswlib.Index(space="cosine", dim=self.dim)
            index.load_index(str(self.path), max_elements=int(stamp["capacity"]),
                             allow_replace_deleted=True)
        except (OSError, ClipviewError, ValueError, KeyError, RuntimeError, TypeError):
            return False
        index.set_ef(EF_SEARCH)
        index.set_num_threads(1)
        with self._lock:
            self._index = index
            self._live = set(live)
            self._exact = None
            self.generation = generation
        return True

    def fill_exact(self, batches: Iterable[tuple[np.ndarray, np.ndarray]]) -> None:
        """Keep a matrix for exact search when the index is small (EXACT_BELOW)."""
        if len(self) > EXACT_BELOW:
            return
        exact = ExactVectors(self.dim)
        for ids, vectors in batches:
            exact.add(ids, vectors)
        with self._lock:
            self._exact = exact if len(exact) == len(self._live) else None

    def rebuild(self, batches: Iterable[tuple[np.ndarray, np.ndarray]], generation: int,
                total: int) -> None:
        fresh = self._empty(max(_MIN_CAPACITY, int(total * _GROWTH)))
        live: set[int] = set()
        exact = ExactVectors(self.dim) if total <= EXACT_BELOW else None
        for ids, vectors in batches:
            live.update(int(i) for i in ids)
            if exact is not None:
                exact.add(ids, vectors)
            if len(ids):
                if fresh.get_current_count() + len(ids) > fresh.get_max_elements():
                    fresh.resize_index(int((fresh.get_current_count() + len(ids)) * _GROWTH))
                fresh.add_items(vectors, ids, num_threads=os.cpu_count() or 1)
        with self._lock:
            self._index = fresh
            self._live = live
            self._exact = exact
            self.generation = generation

    def save(self) -> bool:
        """Write to a private temporary file, check it is complete, then os.replace: a reader
        never sees half a file, and an empty or short file (disk full) never replaces a good
        one. A cache that cannot be written (read-only library, disk full) is logged and
        skipped: returns False, and search goes on from memory."""
        pid = os.getpid()
        temporary = self.path.with_name(f".{self.path.name}.{pid}.tmp")
        stamp_tmp = self.stamp_path.with_name(f".{self.stamp_path.name}.{pid}.tmp")
        try:
            private_dir(self.path.parent)
            create_private_file(temporary)
            with self._lock:
                _write_index(self._index, str(temporary))
                count = int(self._index.get_current_count())
                stamp: dict[str, object] = {
                    "generation": self.generation, "dim": self.dim,
                    "capacity": int(self._index.get_max_elements())}
            check_saved(temporary, count)
            _sync(temporary)
            stamp["digest"] = file_digest(temporary)
            write_private(stamp_tmp, json.dumps(stamp).encode())
            os.replace(temporary, self.path)
            os.replace(stamp_tmp, self.stamp_path)
        except (OSError, RuntimeError, ClipviewError) as exc:
            logger.warning("could not save the search index cache %s (search goes on; it is "
                           "rebuilt next time): %s", self.path, exc)
            _remove(temporary)
            _remove(stamp_tmp)
            return False
        return True

    def remove_stale_temporaries(self) -> None:
        """Delete temporary files that dead processes left beside the cache."""
        try:
            names = os.listdir(self.path.parent)
        except OSError:
            return
        own = (self.path.name, self.stamp_path.name)
        for name in names:
            match = _TEMP_NAME.match(name)
            if match and match["name"] in own and int(match["pid"]) != os.getpid() and \
                    not _alive(int(match["pid"])):
                _remove(self.path.parent / name)

    # -- changes ------------------------------------------------------------------------
    def add(self, ids: np.ndarray, vectors: np.ndarray, generation: int) -> None:
        with self._lock:
            needed = self._index.get_current_count() + len(ids)
            if needed > self._index.get_max_elements():
                self._index.resize_index(max(int(needed * _GROWTH), _MIN_CAPACITY))
            self._index.add_items(np.asarray(vectors, np.float32), np.asarray(ids, np.int64),
                                  replace_deleted=True)
            self._live.update(int(i) for i in ids)
            if self._exact is not None:
                self._exact.add(ids, vectors)
                if len(self._exact) > EXACT_BELOW:
                    self._exact = None  # from here on HNSW alone answers
            self.generation = generation

    def remove(self, ids: Iterable[int], generation: int) -> None:
        ids = [int(i) for i in ids]
        with self._lock:
            for label in ids:
                if int(label) in self._live:
                    self._index.mark_deleted(int(label))
                    self._live.discard(int(label))
            if self._exact is not None:
                self._exact.remove(ids)
            self.generation = generation

    # -- queries ------------------------------------------------------------------------
    def search(self, vector: np.ndarray, k: int,
               allowed: Callable[[int], bool] | None = None) -> list[tuple[int, float]]:
        """(image id, cosine) best first; at most ``k``; only ids ``allowed`` accepts."""
        with self._lock:
            k = min(k, len(self._live))
            if k <= 0:
                return []
            if self._exact is not None:
                return self._exact.search(vector, k, allowed)
            self._index.set_ef(max(EF_SEARCH, k))
            try:
                labels, distances = self._index.knn_query(
                    np.asarray(vector, np.float32).reshape(1, -1), k=k, filter=allowed)
            except RuntimeError:  # the filter left fewer than k
                return self._search_exact(vector, allowed)
        return [(int(i), float(1.0 - d)) for i, d in zip(labels[0], distances[0], strict=True)]

    def _search_exact(self, vector: np.ndarray, allowed: Callable[[int], bool] | None
                      ) -> list[tuple[int, float]]:
        ids = sorted(i for i in self._live if allowed is None or allowed(i))
        if not ids:
            return []
        items = np.asarray(self._index.get_items(ids), np.float32)
        scores = items @ np.asarray(vector, np.float32) / np.maximum(
            np.linalg.norm(items, axis=1) * np.linalg.norm(vector), 1e-12)
        order = np.argsort(-scores)
        return [(ids[i], float(scores[i])) for i in order]

    def vector(self, image_id: int) -> np.ndarray | None:
        with self._lock:
            if image_id not in self._live:
                return None
            return np.asarray(self._index.get_items([image_id])[0], np.float32)
