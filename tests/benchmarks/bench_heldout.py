"""Held-out recall: text-like queries built to be unlike the project's own generator
(``bench_data.Space``), answered by the app's real search path (``VectorIndex.search`` as
``search.rank`` calls it: no kind given, the probe tells text from photo) and checked
against exact answers by brute force.

The library (``Cones``) is not ``Space``'s isotropic blobs: its photos sit in an image cone
(cos ~0.6 with its axis, like CLIP's image embeddings) with a power-law content spectrum,
Zipf-sized clusters and anisotropic clusters (a few long axes each, of varied spread). The
queries (``queries``) are made from what any library shows (its mean and a sample of its
photos), so they also run against a ``Space`` library or a real one:

- ``gap-near`` / ``gap-clip`` / ``gap-wide``: a photo-like content point moved out of the
  image cone into a text cone by a near-constant offset (the modality gap: part of the
  image mean taken off, a text direction added, a little jitter), three gap sizes and three
  text directions; the wide one's direction leans on the library's first principal axis,
  so the offset also changes which photos rank first;
- ``anisotropic``: a point past the end of a cluster's long axis (2–4 local spreads out),
  then the CLIP-sized gap: the best photos are the cluster's extreme ones;
- ``far``: content drawn isotropically (no cluster near it), then the gap: the top ten are
  scattered over many clusters, all at low, close cosines;
- ``axis``: coordinate axes e_i, bare and with the gap.

``measure`` reports recall@10 overall (a found id tied with the exact 10th counts), per
family and the worst query, the queries at 0 and below 0.5, and the p50 of the search call.
Run as a script (``--library space``: the own generator's photos, its text queries added)::

    python tests/benchmarks/bench_heldout.py --count 100000 [--cache DIR] [--per-family 40]

For ``run.py``: ``run_heldout(cache, count)`` (a ``Cones`` library built once in ``cache``,
its figures), or ``heldout_recall(index, ids, vectors)`` for any library's index and its
(ids, vectors). Memory: the graph and one chunk; the photos are read from the saved file.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from clipview.core.search.index_loader import MappedVectors  # noqa: E402
from clipview.core.search.vector_index import VectorIndex  # noqa: E402

DIM = 512
FORMAT = 1          # bump when Cones' photos change (the cached index is rebuilt)
CHUNK = 50_000      # photos generated, added and brute-forced at a time
Search = Callable[[np.ndarray, int], list[tuple[int, float]]]


def unit(rows: np.ndarray) -> np.ndarray:
    out: np.ndarray = (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)
    return out


def orthogonal(vector: np.ndarray, against: np.ndarray) -> np.ndarray:
    """``vector`` without its component along the unit ``against``, unit length."""
    return unit(vector - (vector @ against) * against)


class Cones:
    """A held-out library: an image cone of anisotropic, Zipf-sized clusters."""

    def __init__(self, seed: int = 7, clusters: int = 3000, long_axes: int = 3) -> None:
        rng = np.random.default_rng(seed)
        self.seed = seed
        self.axis = unit(rng.standard_normal(DIM))
        basis, _ = np.linalg.qr(rng.standard_normal((DIM, DIM)))
        spectrum = (1.0 + np.arange(DIM)) ** -0.7   # power-law content variance
        content = (rng.standard_normal((clusters, DIM)) * spectrum) @ basis.T
        content -= np.outer(content @ self.axis, self.axis)
        self.centres = unit(content).astype(np.float32)
        sizes = (1.0 + np.arange(clusters)) ** -0.8
        self.weights = rng.permutation(sizes / sizes.sum())
        self.long = unit(rng.standard_normal((clusters, long_axes, DIM)))
        self.spread = rng.uniform(0.08, 0.45, (clusters, long_axes)).astype(np.float32)
        self.tight = rng.uniform(0.01, 0.03, clusters).astype(np.float32)

    def photos(self, start: int, count: int) -> np.ndarray:
        """Photos ``start`` … ``start + count`` (the same ones at every call)."""
        rng = np.random.default_rng([self.seed, start])
        picks = rng.choice(len(self.centres), count, p=self.weights)
        along = rng.standard_normal((count, self.long.shape[1])) * self.spread[picks]
        rows = self.centres[picks] + np.einsum("na,nad->nd", along, self.long[picks])
        rows += rng.standard_normal((count, DIM)) * self.tight[picks, None]
        rows = unit(rows) * 0.8 + 0.75 * self.axis   # the cone: cos ~0.6 with its axis
        return unit(rows)


class Gap:
    """A modality gap: take ``drop`` of the image mean off a content point, then turn it
    ``weight`` of the way (sine) towards ``direction``, with ``jitter`` on the offset."""

    def __init__(self, direction: np.ndarray, drop: float, weight: float,
                 jitter: float = 0.05) -> None:
        self.direction, self.drop, self.weight, self.jitter = direction, drop, weight, jitter

    def apply(self, content: np.ndarray, mean: np.ndarray, rng: np.random.Generator
              ) -> np.ndarray:
        moved = unit(content - self.drop * mean)
        offset = unit(self.direction + self.jitter * unit(rng.standard_normal(DIM)))
        offset = orthogonal(offset, moved)
        return unit(np.sqrt(1 - self.weight ** 2) * moved + self.weight * offset)


class Library:
    """What the query generators know of a library: its mean and a sample of its photos."""

    def __init__(self, vectors: np.ndarray, rng: np.random.Generator, sample: int = 20_000
                 ) -> None:
        rows = rng.choice(len(vectors), min(sample, len(vectors)), replace=False)
        self.sample = np.asarray(vectors[np.sort(rows)], np.float32)
        self.mean = self.sample.mean(0)
        self.axis = unit(self.mean)
        centred = self.sample - self.mean
        self.first = unit(np.linalg.svd(centred[:4000], full_matrices=False)[2][0])

    def photo_like(self, rng: np.random.Generator) -> np.ndarray:
        """A new point beside a photo of the library (not one of them)."""
        base = self.sample[rng.integers(len(self.sample))]
        return unit(base + 0.02 * rng.standard_normal(DIM))

    def past_long_axis(self, rng: np.random.Generator) -> np.ndarray:
        """A point 2–4 local spreads past a cluster's long axis (local PCA of its 64
        nearest sampled photos)."""
        base = self.sample[rng.integers(len(self.sample))]
        near = self.sample[np.argsort(-(self.sample @ base))[:64]]
        local = near - near.mean(0)
        _, values, axes = np.linalg.svd(local, full_matrices=False)
        spread = values[0] / np.sqrt(len(near))
        return unit(near.mean(0) + rng.choice([-1, 1]) * rng.uniform(2, 4) * spread * axes[0])

    def far(self, rng: np.random.Generator) -> np.ndarray:
        """Content from no cluster: an isotropic direction at the cone's height."""
        height = float(np.mean(self.sample @ self.axis))
        side = orthogonal(rng.standard_normal(DIM), self.axis)
        return unit(height * self.axis + np.sqrt(1 - height ** 2) * side)


def gaps(library: Library, rng: np.random.Generator) -> dict[str, Gap]:
    """Three text cones: near (a small gap), CLIP-sized, and wide with a direction that
    leans on the library's first principal axis (the offset then re-orders photos)."""
    def text_direction(lean: float) -> np.ndarray:
        side = orthogonal(rng.standard_normal(DIM), library.axis)
        return orthogonal(unit(side + lean * library.first), library.axis)

    return {"gap-near": Gap(text_direction(0.0), 0.5, 0.55),
            "gap-clip": Gap(text_direction(0.0), 1.0, 0.8),
            "gap-wide": Gap(text_direction(0.6), 1.0, 0.9)}


def queries(vectors: np.ndarray, per_family: int = 40, seed: int = 11
            ) -> dict[str, np.ndarray]:
    """Held-out text-like queries for a library's ``vectors``, by family (see the module)."""
    rng = np.random.default_rng(seed)
    library = Library(vectors, rng)
    cones = gaps(library, rng)
    clip, mean = cones["gap-clip"], library.mean
    out = {name: np.stack([gap.apply(library.photo_like(rng), mean, rng)
                           for _ in range(per_family)]) for name, gap in cones.items()}
    out["anisotropic"] = np.stack([clip.apply(library.past_long_axis(rng), mean, rng)
                                   for _ in range(per_family)])
    out["far"] = np.stack([clip.apply(library.far(rng), mean, rng) for _ in range(per_family)])
    axes = np.eye(DIM, dtype=np.float32)[rng.choice(DIM, per_family, replace=False)]
    half = per_family // 2
    out["axis"] = np.concatenate([axes[:half], np.stack(
        [clip.apply(a, 0 * mean, rng) for a in axes[half:]])])
    return {name: unit(rows) for name, rows in out.items()}


def exact_top(ids: np.ndarray, vectors: np.ndarray, rows: np.ndarray, k: int = 10
              ) -> tuple[np.ndarray, np.ndarray]:
    """(ids, scores) of the exact top ``k`` of each query, best first (brute force, in
    chunks of the library so that memory stays one chunk's scores)."""
    best_ids = np.zeros((len(rows), 0), np.int64)
    best = np.zeros((len(rows), 0), np.float32)
    for start in range(0, len(vectors), CHUNK):
        scores = rows @ np.asarray(vectors[start:start + CHUNK], np.float32).T
        top = np.argpartition(-scores, min(k, scores.shape[1] - 1), axis=1)[:, :k]
        best = np.concatenate([best, np.take_along_axis(scores, top, 1)], 1)
        best_ids = np.concatenate([best_ids, ids[start:start + CHUNK][top]], 1)
        keep = np.argsort(-best, axis=1, kind="stable")[:, :k]
        best, best_ids = np.take_along_axis(best, keep, 1), np.take_along_axis(best_ids, keep, 1)
    return best_ids, best


def recall_of(found: list[tuple[int, float]], truth: np.ndarray, scores: np.ndarray,
              exact_of: dict[int, float]) -> float:
    """Share of the exact top-k found; a found id whose exact score ties the k-th (within
    1e-6) counts as found."""
    floor = float(scores[-1]) - 1e-6
    hits = sum(1 for i, _ in found[:len(truth)] if i in set(truth.tolist())
               or exact_of.get(i, -2.0) >= floor)
    return min(hits, len(truth)) / len(truth)


def _exact_scores(ids: np.ndarray, vectors: np.ndarray, order: np.ndarray, query: np.ndarray,
                  found: list[tuple[int, float]]) -> dict[int, float]:
    """The exact cosine of each found id (``order``: argsort of ``ids``)."""
    wanted = np.fromiter((i for i, _ in found), np.int64, len(found))
    at = np.minimum(np.searchsorted(ids[order], wanted), len(ids) - 1)
    rows = order[at]
    held = ids[rows] == wanted
    scores = np.asarray(vectors[rows[held]], np.float32) @ query
    return dict(zip(wanted[held].tolist(), scores.tolist(), strict=True))


def measure(search: Search, ids: np.ndarray, vectors: np.ndarray,
            families: dict[str, np.ndarray], k: int = 10) -> dict[str, Any]:
    """recall@k of ``search`` against brute force: overall (mean over queries), the worst
    query, the queries at 0, per family (mean, min, the exact k-th cosine) and the p50 of
    the search call in ms."""
    order = np.argsort(ids, kind="stable")
    out: dict[str, Any] = {"families": {}}
    every: list[float] = []
    times: list[float] = []
    for name, rows in families.items():
        truth, scores = exact_top(ids, vectors, rows, k)
        recalls = []
        for query, expected, expected_scores in zip(rows, truth, scores, strict=True):
            started = time.perf_counter()
            found = search(query, k)
            times.append(time.perf_counter() - started)
            exact = _exact_scores(ids, vectors, order, query, found)
            recalls.append(recall_of(found, expected, expected_scores, exact))
        every += recalls
        out["families"][name] = {
            "recall_at10": round(float(np.mean(recalls)), 4),
            "min": round(float(np.min(recalls)), 2),
            "kth_cos_p50": round(float(np.median(scores[:, -1])), 3),
            "best_cos_p50": round(float(np.median(scores[:, 0])), 3)}
    out.update(recall_at10=round(float(np.mean(every)), 4), min_recall=float(np.min(every)),
               queries=len(every), at_zero=int(sum(r == 0 for r in every)),
               below_half=int(sum(r < 0.5 for r in every)),
               p50_ms=round(statistics.median(times) * 1000, 2),
               p90_ms=round(float(np.percentile(times, 90)) * 1000, 2))
    return out


def index_search(index: VectorIndex) -> Search:
    """The app's unscoped search (``search.rank``: no filter, no kind: the probe tells)."""
    def search(query: np.ndarray, k: int) -> list[tuple[int, float]]:
        return index.search(query, k, None)
    return search


def heldout_recall(index: VectorIndex, ids: np.ndarray, vectors: np.ndarray,
                   per_family: int = 40, seed: int = 11,
                   extra: dict[str, np.ndarray] | None = None) -> dict[str, Any]:
    """Held-out queries (and ``extra`` families) for a library's ``ids`` and ``vectors``,
    answered by its ``index`` (the graph loaded first: a mapped file alone is searched
    exactly); ``ways``: how many queries each way answered (``GraphVectors.way``)."""
    index.ensure_graph()
    ways: list[str] = []
    times: dict[str, list[float]] = {}

    def search(query: np.ndarray, k: int) -> list[tuple[int, float]]:
        started = time.perf_counter()
        found = index.search(query, k, None)
        times.setdefault(index.last_way, []).append(time.perf_counter() - started)
        ways.append(index.last_way)
        return found

    families = queries(vectors, per_family, seed) | {
        name: unit(rows) for name, rows in (extra or {}).items()}
    out = measure(search, ids, vectors, families)
    out["ways"] = {way: ways.count(way) for way in sorted(set(ways))}
    out["way_p50_ms"] = {way: round(statistics.median(t) * 1000, 2) for way, t in times.items()}
    start = 0
    for name, rows in families.items():   # measure asks the families in order
        taken = ways[start:start + len(rows)]
        out["families"][name]["ways"] = {way: taken.count(way) for way in sorted(set(taken))}
        start += len(rows)
    return out


def _batches(photos: Callable[[int, int], np.ndarray], count: int
             ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    for start in range(0, count, CHUNK):
        size = min(CHUNK, count - start)
        yield np.arange(start + 1, start + size + 1, dtype=np.int64), photos(start, size)


def heldout_library(cache: Path, count: int, seed: int = 7, kind: str = "cones"
                    ) -> tuple[VectorIndex, np.ndarray, np.ndarray]:
    """A library of ``count`` photos (``Cones``; "space": the own generator's, for
    comparison): its index (built through ``VectorIndex`` from generated chunks and saved
    in ``cache`` once, opened from there afterwards), its ids and its vectors — those of the
    saved file, mapped: the photos are never all in memory beside the graph."""
    if kind == "cones":
        photos, folder = Cones(seed).photos, cache / f"heldout-{count}-{seed}"
    else:
        from tests.benchmarks.bench_data import Space

        photos, folder = Space().photos, cache / f"own-{count}"
    folder.mkdir(parents=True, exist_ok=True)
    index = VectorIndex(folder / "index.hnsw", DIM)
    if not index.load(FORMAT):
        started = time.perf_counter()
        index.rebuild(_batches(photos, count), FORMAT, count)
        if not index.save():
            raise RuntimeError(f"cannot save the index in {folder}")
        print(f"built the {count} index in {time.perf_counter() - started:.0f} s",
              file=sys.stderr)
    index.ensure_graph()
    mapped = MappedVectors(index.path, DIM)
    return index, mapped.labels, mapped.vectors


def run_heldout(cache: Path, count: int, per_family: int = 40, seed: int = 11
                ) -> dict[str, Any]:
    """The held-out figures of a ``Cones`` library of ``count`` photos (built once in
    ``cache``: ~6 min at 1M on two cores): what ``run.py`` reports as
    ``heldout_text_recall_at10_*`` (``recall_at10``) and ``heldout_min_recall_*``."""
    index, ids, vectors = heldout_library(cache, count)
    result = heldout_recall(index, ids, vectors, per_family, seed)
    result["count"] = count
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--cache", type=Path,
                        default=Path.home() / ".cache" / "clipview-bench")
    parser.add_argument("--per-family", type=int, default=40)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--library", choices=("cones", "space"), default="cones",
                        help="the held-out library, or the own generator's photos")
    args = parser.parse_args()
    index, ids, vectors = heldout_library(args.cache, args.count, kind=args.library)
    extra = {}
    if args.library == "space":   # the own generator's text queries beside the held-out
        from tests.benchmarks.bench_data import Space

        extra["own-text"] = Space().text_queries(args.per_family)
    result = heldout_recall(index, ids, vectors, args.per_family, args.seed, extra)
    result.update(count=args.count, library=args.library)
    result["ef_last"] = index.last_ef
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
