"""Opening a saved HNSW file fast: a stamp checked without reading the whole file, and exact
search over the vectors inside the file (memory-mapped) while the graph itself loads.

hnswlib's file is a 96-byte header, then ``count`` level-0 records of ``size_per_element``
bytes: the level-0 links (a count, whose third byte holds the "deleted" mark, then the
neighbours' rows), the vector (float32, already unit length in the cosine space) at
``offset_data`` and the label (int64) at ``label_offset``. numpy views those records in
place, so the first search needs no copy and no graph: a matrix-vector product over the
mapped rows (BLAS reads them with a row stride).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import mmap
import os
import struct
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import numpy as np

from clipview.core.media.hashing import file_digest
from clipview.core.private_files import replace_file
from clipview.core.search.allowed import as_mask

logger = logging.getLogger(__name__)

HEADER = struct.Struct("<QQQQQQiIQQQdQ")  # offsetLevel0 … ef_construction: 96 bytes
_DELETED = 0x01
_SAMPLE_BLOCK = 1 << 16
_SAMPLES = 16
_CHUNK_ROWS = 1 << 16


def file_facts(path: Path) -> dict[str, object]:
    """Size, mtime and a digest of 16 blocks of 64 KiB spread over the file (first and last
    included): written in the stamp at save, compared at load (about 1 MiB read at any
    size, where hashing the whole file took seconds at a million photos)."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        info = os.fstat(fd)
        size = info.st_size
        digest = hashlib.blake2b(str(size).encode(), digest_size=16)
        last = max(size - _SAMPLE_BLOCK, 0)
        for n in range(_SAMPLES):
            digest.update(os.pread(fd, _SAMPLE_BLOCK, last * n // (_SAMPLES - 1)))
    finally:
        os.close(fd)
    return {"size": size, "mtime_ns": info.st_mtime_ns, "sample": digest.hexdigest()}


def in_background(work: Callable[[], object]) -> threading.Thread:
    """Run ``work`` on a daemon thread; a failure is only logged (the caller's own call of
    the same work raises it where it can be reported)."""
    def run() -> None:
        try:
            work()
        except Exception:  # noqa: BLE001 - reported by the caller's own call
            logger.debug("background work failed", exc_info=True)

    thread = threading.Thread(target=run, name="clipview-prepare", daemon=True)
    thread.start()
    return thread


def stamp_matches(path: Path, stamp_path: Path, stamp: dict[str, object]) -> bool:
    """The file is the one the stamp describes: size, mtime and sampled blocks. A stamp of
    an older clipview (a whole-file digest) is checked once and rewritten in this form."""
    if "sample" in stamp:
        return all(stamp.get(key) == value for key, value in file_facts(path).items())
    if stamp.get("digest") != file_digest(path):
        return False
    upgraded = {k: v for k, v in stamp.items() if k != "digest"} | file_facts(path)
    with contextlib.suppress(OSError):  # checked in full again next time
        replace_file(stamp_path, json.dumps(upgraded).encode())
    return True


def header_of(path: Path) -> tuple[int, ...]:
    with path.open("rb") as handle:
        raw = handle.read(HEADER.size)
    if len(raw) < HEADER.size:
        raise ValueError(f"{path} is shorter than an index header")
    return HEADER.unpack(raw)


class LiveIds:
    """The ids of the live vectors. From a mapped file they stay an array until a lookup or
    a change needs a set (a million-id set costs a tenth of a second before the first
    answer); hnswlib labels are unique, so the array's length is the count."""

    def __init__(self, ids: np.ndarray | Iterable[int] = ()) -> None:
        self._array = ids if isinstance(ids, np.ndarray) else None
        self._set = None if isinstance(ids, np.ndarray) else set(ids)
        self._sorted: np.ndarray | None = None   # the array sorted, made when first needed

    def _ids(self) -> set[int]:
        if self._set is None:
            assert self._array is not None
            self._set, self._array, self._sorted = set(self._array.tolist()), None, None
        return self._set

    def __len__(self) -> int:
        return len(self._array) if self._array is not None else len(self._ids())

    def __contains__(self, image_id: object) -> bool:
        return image_id in self._ids()

    def __iter__(self) -> Iterator[int]:
        return iter(self._ids())

    def update(self, ids: Iterable[int]) -> None:
        self._ids().update(ids)

    def discard(self, image_id: int) -> None:
        self._ids().discard(image_id)

    def mask_of(self, labels: np.ndarray) -> np.ndarray:
        """For each label, whether it is live (vectorised while the ids are an array)."""
        labels = np.asarray(labels, np.int64)
        if self._array is not None:   # a search of the sorted ids (np.isin sorts them all)
            if self._sorted is None:
                self._sorted = np.sort(self._array)
            if not len(self._sorted):
                return np.zeros(len(labels), bool)
            at = np.minimum(np.searchsorted(self._sorted, labels), len(self._sorted) - 1)
            found: np.ndarray = self._sorted[at] == labels
            return found
        ids = self._ids()
        return np.fromiter((int(i) in ids for i in labels), bool, len(labels))


class MappedVectors:
    """The live vectors of a saved index file, searched exactly (recall 1) in place. The
    file is unmapped when the last reference goes (a search may still be running)."""

    def __init__(self, path: Path, dim: int) -> None:
        header = header_of(path)
        _, _, count, per_element, label_offset, data_offset = header[:6]
        max_links = int(header[9])   # maxM0: the level-0 links a record has room for
        if label_offset != data_offset + 4 * dim or per_element < label_offset + 8 or \
                data_offset < 4 * (max_links + 1):
            raise ValueError(f"{path} does not hold {dim}-d vectors")
        if path.stat().st_size < HEADER.size + count * per_element:
            raise ValueError(f"{path} is shorter than its {count} records")
        with path.open("rb") as handle:
            self._mmap = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        self._map = np.frombuffer(self._mmap, np.uint8)   # unmapped with its last view
        records = HEADER.size
        self.vectors = np.ndarray((count, dim), np.float32, self._map, records + data_offset,
                                  (per_element, 4))
        self.labels = np.array(np.ndarray((count,), np.int64, self._map,
                                          records + label_offset, (per_element,)))
        # each record opens with its level-0 link count (uint16), flags, then the links
        self.links = np.ndarray((count, max_links + 1), np.uint32, self._map, records,
                                (per_element, 4))
        flags = np.ndarray((count,), np.uint8, self._map, records + 2, (per_element,))
        self.alive = (flags & _DELETED) == 0
        self._order: np.ndarray | None = None   # rows by label, made when first needed
        self._ordered = self.labels[:0]          # the labels in that order
        self.release()   # reading the labels touched every page (2 GB resident at 1M)

    def release(self) -> None:
        """Hand back the pages a scan of the whole file made resident in this process (the
        system's file cache keeps them: the next read is a minor fault, not a disk read)."""
        if hasattr(self._mmap, "madvise") and hasattr(mmap, "MADV_DONTNEED"):
            self._mmap.madvise(mmap.MADV_DONTNEED)

    def live(self) -> LiveIds:
        return LiveIds(self.labels[self.alive])

    def rows_of(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(ids, rows): which of ``ids`` the file holds alive, and where."""
        if self._order is None:
            self._order = np.argsort(self.labels, kind="stable")
            self._ordered = self.labels[self._order]
        ids = np.asarray(ids, np.int64)
        if not len(self.labels) or not len(ids):
            return ids[:0], ids[:0]
        ordered = self._ordered
        at = np.minimum(np.searchsorted(ordered, ids), len(ordered) - 1)
        held = ordered[at] == ids
        rows = self._order[at[held]]
        alive = self.alive[rows]
        return ids[held][alive], rows[alive]

    def matrix(self, rows: np.ndarray) -> np.ndarray:
        """The unit vectors at ``rows``, copied out of the file."""
        return np.asarray(self.vectors[rows], np.float32)

    def scores(self, vector: np.ndarray) -> np.ndarray:
        """The cosine of every row (deleted ones included) with ``vector``; the pages read
        are handed back after (a later scan maps them again from the file cache)."""
        query = np.asarray(vector, np.float32)
        query = query / max(float(np.linalg.norm(query)), 1e-12)
        scores = np.empty(len(self.labels), np.float32)
        for start in range(0, len(scores), _CHUNK_ROWS):
            # einsum reads the strided records in place; np.dot would copy each chunk
            np.einsum("ij,j->i", self.vectors[start:start + _CHUNK_ROWS], query,
                      out=scores[start:start + _CHUNK_ROWS])
        self.release()   # the whole file was read: not kept resident for the next scan
        return scores

    def search(self, vector: np.ndarray, k: int, allowed: Callable[[int], bool] | None
               ) -> list[tuple[int, float]]:
        """(label, cosine) best first, at most ``k``, only live labels ``allowed`` takes."""
        scores = self.scores(vector)
        keep = self.alive
        taken = as_mask(allowed, self.labels)
        if taken is not None:
            keep = keep & taken
        rows = np.nonzero(keep)[0]
        k = min(k, len(rows))
        if k <= 0:
            return []
        chosen = scores[rows]
        top = np.argpartition(-chosen, k - 1)[:k] if k < len(rows) else np.arange(len(rows))
        order = top[np.argsort(-chosen[top], kind="stable")]
        return [(int(self.labels[rows[i]]), float(chosen[i])) for i in order]
