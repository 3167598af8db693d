"""The vector back-ends behind one protocol (``VectorSearch``), which ``VectorIndex`` chooses
among: exact over a matrix (``exact.ExactVectors``, small indexes), exact over a saved file
mapped in place (``index_loader.MappedVectors``, while the graph loads), the HNSW graph
(``GraphVectors``) and, when a filter leaves the graph fewer than k, exact over the graph's
own vectors (``GraphExact``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import hnswlib
import numpy as np

from clipview.core.search.allowed import MAX_OVERFETCH, Allowed, Filter, Plan, plan
from clipview.core.search.index_loader import LiveIds
from clipview.core.search.text_check import TextCheck

EF_SEARCH = 128  # photo-like queries (similar, image terms)
# Text queries sit far from every photo (CLIP's modality gap), where HNSW needs a wider beam:
# at 1M recall@10 0.94 at ef 512, 0.99 at 1024 on the own generator (README "Performance");
# on held-out query sets 0.75 at 1024, which text_check's second opinion mends
EF_TEXT = 1024
EF_BY_KIND = {"image": EF_SEARCH, "text": EF_TEXT}
# a query whose nearest photo is farther is text-like (CLIP text: ~0.3; a photo of the
# library: 1; a small gap, such as a photo plus words, ~0.7 at 1M is missed at EF_SEARCH)
TEXT_LIKE_BELOW = 0.8
PROBE_EF = 32


class VectorSearch(Protocol):
    """A back-end: nearest vectors to a query by cosine."""

    def search(self, vector: np.ndarray, k: int, allowed: Callable[[int], bool] | None
               ) -> list[tuple[int, float]]:
        """(label, cosine) best first, at most ``k``, only labels ``allowed`` takes."""
        ...


Subset = Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]


class GraphExact:
    """Exact search over the live vectors of an HNSW graph: ``subset`` gives the vectors of
    the ids asked for (hnswlib's ``get_items`` costs ~60 µs an item; ``VectorIndex`` reads
    them from its saved file where it can)."""

    def __init__(self, index: hnswlib.Index, live: LiveIds, subset: Subset | None = None
                 ) -> None:
        self._live = live
        self._subset = subset or (lambda ids: (ids, np.asarray(index.get_items(ids),
                                                               np.float32)))

    def search(self, vector: np.ndarray, k: int, allowed: Filter | None
               ) -> list[tuple[int, float]]:
        if isinstance(allowed, Allowed):   # the allowed ids that have a vector
            wanted = allowed.ids[self._live.mask_of(allowed.ids)]
        else:
            wanted = np.fromiter((i for i in self._live if allowed is None or allowed(i)),
                                 np.int64)
        if not len(wanted):
            return []
        ids, items = self._subset(wanted)
        scores = items @ np.asarray(vector, np.float32) / np.maximum(
            np.linalg.norm(items, axis=1) * np.linalg.norm(vector), 1e-12)
        k = min(k, len(ids))
        top = np.argpartition(-scores, k - 1)[:k] if k < len(ids) else np.arange(len(ids))
        order = top[np.lexsort((ids[top], -scores[top]))]   # best first, then by id
        return [(int(ids[i]), float(scores[i])) for i in order]


class GraphVectors:
    """The HNSW graph. ``kind`` "text" or "image" picks the search width (EF_BY_KIND);
    None: told by a narrow probe (text-like when the nearest photo is below
    TEXT_LIKE_BELOW). ``ef``: the width of the last search. A filter given as ``Allowed``
    is answered by ``allowed.plan``: exact over the subset or an over-fetch, never a Python
    call per candidate; any other filter goes to hnswlib's filtered walk. An unfiltered
    text-like query is checked by ``check`` (``text_check``) when there is one; ``way``
    says how the last query was answered: "graph", "checked" or "exact"."""

    def __init__(self, index: hnswlib.Index, live: LiveIds, kind: str | None,
                 subset: Subset | None = None, check: TextCheck | None = None) -> None:
        self._index = index
        self._live = live
        self._kind = kind
        self._exact = GraphExact(index, live, subset)
        self._check = check
        self.ef = 0
        self.plan: Plan | None = None   # how the last filtered search was answered
        self.way = "graph"

    def search(self, vector: np.ndarray, k: int, allowed: Filter | None
               ) -> list[tuple[int, float]]:
        query = np.asarray(vector, np.float32).reshape(1, -1)
        kind = self._kind or self._probe(query)
        if isinstance(allowed, Allowed):
            return self._scoped(query, vector, k, allowed, kind)
        self.ef = max(EF_BY_KIND.get(kind, EF_TEXT), k)
        self._index.set_ef(self.ef)
        try:
            labels, distances = self._index.knn_query(query, k=k, filter=allowed)
        except RuntimeError:  # the filter left fewer than k
            return self._exact.search(vector, k, allowed)
        found = [(int(i), float(1.0 - d)) for i, d in zip(labels[0], distances[0], strict=True)]
        if kind != "text" or allowed is not None or self._check is None:
            return found
        found = self._check.answer(vector, k, found)
        self.way = "exact" if self._check.exact_used else "checked"
        return found

    def _probe(self, query: np.ndarray) -> str:
        self._index.set_ef(PROBE_EF)
        nearest = 1.0 - float(self._index.knn_query(query, k=1)[1][0][0])
        return "text" if nearest < TEXT_LIKE_BELOW else "image"

    def _scoped(self, query: np.ndarray, vector: np.ndarray, k: int, allowed: Allowed,
                kind: str) -> list[tuple[int, float]]:
        """Over-fetch while it is cheaper than the subset, widening when too few pass."""
        total = len(self._live)
        self.plan = chosen = plan(k, len(allowed), total)
        fetch = chosen.fetch
        while not chosen.exact and fetch <= MAX_OVERFETCH:
            self.ef = max(EF_BY_KIND.get(kind, EF_TEXT), fetch)
            self._index.set_ef(self.ef)
            try:
                labels, distances = self._index.knn_query(query, k=min(fetch, total))
            except RuntimeError:   # fewer live vectors than asked for (deletions)
                break
            keep = allowed.mask_of(labels[0])
            if int(keep.sum()) >= k or fetch >= total:
                return [(int(i), float(1.0 - d))
                        for i, d in zip(labels[0][keep][:k], distances[0][keep][:k],
                                        strict=True)]
            fetch *= 4
        return self._exact.search(vector, k, allowed)
