"""Text-like queries the HNSW walk alone misses, caught and answered exactly.

A text query sits far from every photo (CLIP's modality gap), where the scores over the
graph are flat and hnswlib's one walk from its one entry point can end in the wrong
cluster: on held-out query sets (``tests/benchmarks/bench_heldout.py``) recall@10 was 0.75
at 1M with ef 1024, a ninth of the queries at 0. ``TextCheck`` gives a text-like query a
second, independent opinion and trusts the graph's answer only when both agree:

- a sample of the library's photos (``SAMPLE_ROWS``, held in memory) is scored exactly and
  the best ``SEEDS`` of them are the entry points of a best-first walk over the saved file's
  own level-0 graph (the links hnswlib wrote): many entry points, wherever the query scores
  high, reach the clusters that one walk from the top never enters;
- when the walk's top k and the graph's differ (nothing tells which one missed), every
  vector of the file is scored (``exact``): recall 1, a scan of the mapped file (~0.2 s at
  1M on one core, 20 ms at 100k) paid only by the queries whose answer was in doubt.

Ids added or changed since the file was saved are not in it: the graph's answer carries them.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from clipview.core.search.index_loader import MappedVectors

SAMPLE_ROWS = 12_000   # photos scored for each text-like query (24 MB at 512-d)
SEEDS = 48             # the best sampled photos: the walk's entry points
POOL = 512             # the best rows a walk keeps
BATCH = 48             # rows a walk step expands
MAX_STEPS = 60
MAX_MET = 3_072        # rows a walk scores at most (~1 µs each: its cost is bounded)
CHECKED = 10           # the first results whose agreement is checked (recall@10)

Hits = list[tuple[int, float]]
Usable = Callable[[np.ndarray], np.ndarray]   # labels → live and the file's vector theirs


class TextCheck:
    """The second opinion over one saved file (``mapped``); ``usable`` tells which labels
    may be returned. ``exact_used``: whether the last query needed the exact scan."""

    def __init__(self, mapped: MappedVectors, usable: Usable) -> None:
        self._mapped = mapped
        self._usable = usable
        self._sample: tuple[np.ndarray, np.ndarray] | None = None
        self.exact_used = False

    def answer(self, query: np.ndarray, k: int, graph: Hits) -> Hits:
        """The top ``k`` for a unit ``query`` whose graph answer is ``graph``."""
        query = np.asarray(query, np.float32)
        query = query / max(float(np.linalg.norm(query)), 1e-12)
        checked = min(k, CHECKED)
        sampled, scores = self._scored_sample(query)
        self.exact_used = self._sample_beats(graph, sampled, scores, checked)
        if not self.exact_used:
            rows, walked_scores = self.walk(query, _best(sampled, scores, SEEDS))
            walked = self._top(rows, walked_scores, k)
            self.exact_used = not self._agree(graph, walked, checked)
        if self.exact_used:
            walked = self._top(*self.exact(query, k), k)
        return merge(graph, walked, k)

    def _sample_beats(self, graph: Hits, rows: np.ndarray, scores: np.ndarray, k: int
                      ) -> bool:
        """A sampled photo beats the graph's k-th answer and is not in it: the graph
        missed (the walk is not needed to know)."""
        if len(graph) < k:
            return False
        better = rows[scores > graph[k - 1][1] + 1e-6]
        labels = self._mapped.labels[better]
        labels = labels[self._usable(labels)]
        return bool(len(set(labels.tolist()) - {i for i, _ in graph[:k]}))

    def _agree(self, graph: Hits, walked: Hits, k: int) -> bool:
        """In the first ``k``: the walk found nothing better than the graph, and found every
        graph answer it could have met (those in the file, usable)."""
        if {i for i, _ in merge(graph, walked, k)} != {i for i, _ in graph[:k]}:
            return False
        labels = np.fromiter((i for i, _ in graph[:k]), np.int64)
        held = self._mapped.rows_of(labels)[0]
        reachable = set(held[self._usable(held)].tolist())
        return reachable <= {i for i, _ in walked[:k]}

    def seeds(self, query: np.ndarray) -> np.ndarray:
        """The rows of the best-scoring sampled photos (the walk's entry points)."""
        return _best(*self._scored_sample(query), SEEDS)

    def _scored_sample(self, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        rows, vectors = self._sampled()
        return rows, vectors @ query

    def _sampled(self) -> tuple[np.ndarray, np.ndarray]:
        """(rows, vectors) of up to SAMPLE_ROWS alive rows spread evenly over the file,
        read once."""
        if self._sample is None:
            alive = np.flatnonzero(self._mapped.alive)
            if len(alive) > SAMPLE_ROWS:
                alive = alive[np.linspace(0, len(alive) - 1, SAMPLE_ROWS).astype(np.int64)]
            self._sample = (alive, self._mapped.matrix(alive))
        return self._sample

    def walk(self, query: np.ndarray, seeds: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(rows, scores) of the best POOL rows a best-first walk of the level-0 graph met,
        starting from ``seeds``: each step expands the BATCH best rows not yet expanded,
        until none of them beats the POOL-th best row met."""
        seen = np.zeros(len(self._mapped.labels), bool)
        rows = np.unique(seeds)
        seen[rows] = True
        scores = self._mapped.matrix(rows) @ query
        waiting = np.ones(len(rows), bool)
        met = len(rows)
        for _ in range(MAX_STEPS):
            chosen = _next(scores, waiting)
            if not len(chosen) or met > MAX_MET:
                break
            waiting[chosen] = False
            fresh = self._neighbours(rows[chosen], seen)
            met += len(fresh)
            rows = np.concatenate([rows, fresh])
            scores = np.concatenate([scores, self._mapped.matrix(fresh) @ query])
            waiting = np.concatenate([waiting, np.ones(len(fresh), bool)])
            if len(rows) > 4 * POOL:   # forget the rows that can no longer matter
                keep = np.argpartition(-scores, 2 * POOL)[:2 * POOL]
                rows, scores, waiting = rows[keep], scores[keep], waiting[keep]
        best = np.argsort(-scores)[:POOL]
        return rows[best], scores[best]

    def _neighbours(self, rows: np.ndarray, seen: np.ndarray) -> np.ndarray:
        """The level-0 neighbours of ``rows`` not seen yet (marked seen)."""
        links = np.asarray(self._mapped.links[rows])
        counts = links[:, 0] & 0xFFFF
        met = links[:, 1:][np.arange(links.shape[1] - 1) < counts[:, None]].astype(np.int64)
        met = np.unique(met[met < len(seen)])
        found: np.ndarray = met[~seen[met]]
        seen[found] = True
        return found

    def exact(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(rows, scores) of the file's best alive rows, from every vector's score."""
        scores = self._mapped.scores(query)
        scores[~self._mapped.alive] = -np.inf
        count = min(len(scores), 4 * k + 64)
        rows = np.argpartition(-scores, count - 1)[:count] if count < len(scores) else \
            np.arange(len(scores))
        return rows, scores[rows]

    def _top(self, rows: np.ndarray, scores: np.ndarray, k: int) -> Hits:
        """The best ``k`` usable labels of ``rows``, best first."""
        order = np.argsort(-scores, kind="stable")
        labels = self._mapped.labels[rows[order]]
        keep = self._usable(labels)
        return [(int(i), float(s)) for i, s in zip(labels[keep][:k], scores[order][keep][:k],
                                                  strict=True)]


def _best(rows: np.ndarray, scores: np.ndarray, count: int) -> np.ndarray:
    """The ``count`` rows of the highest scores (unordered)."""
    count = min(count, len(rows))
    if count >= len(rows):
        return rows
    chosen: np.ndarray = rows[np.argpartition(-scores, count - 1)[:count]]
    return chosen


def _next(scores: np.ndarray, waiting: np.ndarray) -> np.ndarray:
    """The BATCH best waiting rows (indices), none when the best of them is below the
    POOL-th best score met."""
    open_rows = np.flatnonzero(waiting)
    if not len(open_rows):
        return open_rows
    chosen = open_rows[np.argsort(-scores[open_rows])[:BATCH]]
    if len(scores) > POOL and scores[chosen[0]] < np.partition(scores, -POOL)[-POOL]:
        return chosen[:0]
    return chosen


def merge(first: Hits, second: Hits, k: int) -> Hits:
    """The best ``k`` of two answers (an id in both keeps its higher score), best first,
    ties by id."""
    best: dict[int, float] = {}
    for label, score in (*first, *second):
        best[label] = max(score, best.get(label, -np.inf))
    return sorted(best.items(), key=lambda item: (-item[1], item[0]))[:k]
