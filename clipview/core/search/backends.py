"""The vector back-ends behind one protocol (``VectorSearch``), which ``VectorIndex`` chooses
among: exact over a matrix (``exact.ExactVectors``, small indexes), exact over a saved file
mapped in place (``index_loader.MappedVectors``, while the graph loads), the HNSW graph
(``GraphVectors``) and, when a filter leaves the graph fewer than k, exact over the graph's
own vectors (``GraphExact``)."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Protocol

import hnswlib
import numpy as np

EF_SEARCH = 128  # photo-like queries (similar, image terms)
# Text queries sit far from every photo (CLIP's modality gap), where HNSW needs a wider beam:
# at 1M recall@10 0.94 at ef 512, 0.99 at 1024 (README "Performance")
EF_TEXT = 1024
EF_BY_KIND = {"image": EF_SEARCH, "text": EF_TEXT}
TEXT_LIKE_BELOW = 0.5  # a query whose nearest photo is farther is text-like (CLIP: ~0.3)
PROBE_EF = 32


class VectorSearch(Protocol):
    """A back-end: nearest vectors to a query by cosine."""

    def search(self, vector: np.ndarray, k: int, allowed: Callable[[int], bool] | None
               ) -> list[tuple[int, float]]:
        """(label, cosine) best first, at most ``k``, only labels ``allowed`` takes."""
        ...


class GraphExact:
    """Exact search over an HNSW graph's own vectors (its live labels)."""

    def __init__(self, index: hnswlib.Index, live: Collection[int]) -> None:
        self._index = index
        self._live = live

    def search(self, vector: np.ndarray, k: int, allowed: Callable[[int], bool] | None
               ) -> list[tuple[int, float]]:
        ids = sorted(i for i in self._live if allowed is None or allowed(i))
        if not ids:
            return []
        items = np.asarray(self._index.get_items(ids), np.float32)
        scores = items @ np.asarray(vector, np.float32) / np.maximum(
            np.linalg.norm(items, axis=1) * np.linalg.norm(vector), 1e-12)
        order = np.argsort(-scores)[:k]
        return [(ids[i], float(scores[i])) for i in order]


class GraphVectors:
    """The HNSW graph. ``kind`` "text" or "image" picks the search width (EF_BY_KIND);
    None: told by a narrow probe (text-like when the nearest photo is below
    TEXT_LIKE_BELOW). ``ef``: the width of the last search."""

    def __init__(self, index: hnswlib.Index, live: Collection[int], kind: str | None) -> None:
        self._index = index
        self._live = live
        self._kind = kind
        self.ef = 0

    def search(self, vector: np.ndarray, k: int, allowed: Callable[[int], bool] | None
               ) -> list[tuple[int, float]]:
        index = self._index
        query = np.asarray(vector, np.float32).reshape(1, -1)
        kind = self._kind
        if kind is None:
            index.set_ef(PROBE_EF)
            nearest = 1.0 - float(index.knn_query(query, k=1)[1][0][0])
            kind = "text" if nearest < TEXT_LIKE_BELOW else "image"
        self.ef = max(EF_BY_KIND.get(kind, EF_TEXT), k)
        index.set_ef(self.ef)
        try:
            labels, distances = index.knn_query(query, k=k, filter=allowed)
        except RuntimeError:  # the filter left fewer than k
            return GraphExact(index, self._live).search(vector, k, allowed)
        return [(int(i), float(1.0 - d)) for i, d in zip(labels[0], distances[0], strict=True)]
