"""Exact cosine search over a growable matrix, used below EXACT_BELOW vectors: there a
matrix product answers the result grid's top-1000 faster than HNSW (1.2 vs 2.1 ms at 20 000 × 512
on two cores) and recall is always 1."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

from clipview.core.search.allowed import as_mask

EXACT_BELOW = 20_000


class ExactVectors:
    """Rows of unit vectors with O(batch) add and remove (swap with the last row)."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self._matrix = np.zeros((1024, dim), np.float32)
        self._ids = np.zeros(1024, np.int64)
        self._row: dict[int, int] = {}

    def __len__(self) -> int:
        return len(self._row)

    def labels(self) -> set[int]:
        return set(self._row)

    def add(self, ids: Iterable[int], vectors: np.ndarray) -> None:
        vectors = np.asarray(vectors, np.float32)
        norms = np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        for label, vector in zip(ids, vectors / norms, strict=True):
            row = self._row.get(int(label))
            if row is None:
                row = len(self._row)
                if row == len(self._ids):
                    self._grow()
                self._row[int(label)] = row
                self._ids[row] = int(label)
            self._matrix[row] = vector

    def _grow(self) -> None:
        self._matrix = np.concatenate([self._matrix, np.zeros_like(self._matrix)])
        self._ids = np.concatenate([self._ids, np.zeros_like(self._ids)])

    def remove(self, ids: Iterable[int]) -> None:
        for label in ids:
            row = self._row.pop(int(label), None)
            if row is None:
                continue
            last = len(self._row)
            if row != last:
                moved = int(self._ids[last])
                self._matrix[row] = self._matrix[last]
                self._ids[row] = moved
                self._row[moved] = row

    def search(self, vector: np.ndarray, k: int, allowed: Callable[[int], bool] | None
               ) -> list[tuple[int, float]]:
        count = len(self._row)
        if count == 0 or k <= 0:
            return []
        query = np.asarray(vector, np.float32)
        scores = self._matrix[:count] @ (query / max(float(np.linalg.norm(query)), 1e-12))
        ids = self._ids[:count]
        keep = as_mask(allowed, ids)
        if keep is not None:
            scores, ids = scores[keep], ids[keep]
        k = min(k, len(ids))
        top = np.argpartition(-scores, k - 1)[:k] if k < len(ids) else np.arange(len(ids))
        order = top[np.argsort(-scores[top], kind="stable")]
        return [(int(ids[i]), float(scores[i])) for i in order]
