"""HNSW cache of a model's vectors (hnswlib, cosine, labels = catalog image ids).

The file is a rebuildable cache: it is saved atomically with a stamp (catalog generation and
checksum); a missing, corrupt or stale file is rebuilt from the catalog's vectors. One lock
keeps ``knn_query`` from ever running while ``add_items`` or ``resize_index`` does.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

import hnswlib
import numpy as np

from clipview.core.exact import EXACT_BELOW, ExactVectors
from clipview.core.hashing import file_digest

M = 16
EF_CONSTRUCTION = 200
EF_SEARCH = 128
_GROWTH = 1.5
_MIN_CAPACITY = 1024


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
        try:
            stamp = json.loads(self.stamp_path.read_text())
            if stamp.get("generation") != generation or stamp.get("dim") != self.dim:
                return False
            if stamp.get("digest") != file_digest(self.path):
                return False
            index = hnswlib.Index(space="cosine", dim=self.dim)
            index.load_index(str(self.path), max_elements=int(stamp["capacity"]),
                             allow_replace_deleted=True)
        except (OSError, ValueError, KeyError, RuntimeError, TypeError):
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

    def save(self) -> None:
        """Write to a temporary file, then os.replace: a reader never sees half a file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        with self._lock:
            self._index.save_index(str(temporary))
            stamp = {"generation": self.generation, "dim": self.dim,
                     "capacity": int(self._index.get_max_elements()),
                     "digest": file_digest(temporary)}
        os.replace(temporary, self.path)
        stamp_tmp = self.stamp_path.with_name(f".{self.stamp_path.name}.{os.getpid()}.tmp")
        stamp_tmp.write_text(json.dumps(stamp))
        os.replace(stamp_tmp, self.stamp_path)

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
