"""Recall@10 and query time of clipview's HNSW settings against exact search.

Run: python tests/benchmarks/bench_hnsw_recall.py [--n 20000] [--dim 512] [--queries 300]
Vectors are a clustered Gaussian mixture (like photo embeddings: many near-duplicates and
themes), unit length. Prints figures measured in this one run.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

from clipview.core import vector_index
from clipview.core.exact import EXACT_BELOW
from clipview.core.vector_index import EF_CONSTRUCTION, EF_SEARCH, M, VectorIndex


def clustered(n: int, dim: int, rng: np.random.Generator, noise: float) -> np.ndarray:
    centres = rng.standard_normal((max(8, n // 200), dim)).astype(np.float32)
    picks = rng.integers(0, len(centres), n)
    vectors = centres[picks] + noise * rng.standard_normal((n, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--dim", type=int, default=512)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--noise", type=float, default=1.5,
                        help="spread around each theme; 10+ is close to uniform (hardest)")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    data = clustered(args.n + args.queries, args.dim, rng, args.noise)
    base, queries = data[: args.n], data[args.n:]
    vector_index.EXACT_BELOW = 0  # measure HNSW itself; the app searches exactly below
    # EXACT_BELOW vectors
    index = VectorIndex(Path(tempfile.mkdtemp()) / "bench.hnsw", args.dim)
    started = time.perf_counter()
    index.rebuild([(np.arange(args.n), base)], 1, args.n)
    build = time.perf_counter() - started
    started = time.perf_counter()
    approx = [[i for i, _ in index.search(q, 10)] for q in queries]
    hnsw_ms = (time.perf_counter() - started) / len(queries) * 1000
    started = time.perf_counter()
    exact = [list(np.argsort(-(base @ q))[:10]) for q in queries]
    exact_ms = (time.perf_counter() - started) / len(queries) * 1000
    big_k = {}
    for name, limit in (("HNSW", 0), ("exact", 10**9)):
        vector_index.EXACT_BELOW = limit
        timed = VectorIndex(index.path, args.dim)
        timed.rebuild([(np.arange(args.n), base)], 1, args.n)
        started = time.perf_counter()
        for q in queries[:50]:
            timed.search(q, 1000)
        big_k[name] = (time.perf_counter() - started) / 50 * 1000
    recall = np.mean([len(set(a) & set(e)) / 10 for a, e in zip(approx, exact, strict=True)])
    print(f"n={args.n} dim={args.dim} noise={args.noise} M={M} ef_construction={EF_CONSTRUCTION} "
          f"ef_search={EF_SEARCH}")
    print(f"build {build:.1f}s; recall@10 {recall:.4f}; query HNSW {hnsw_ms:.2f} ms, "
          f"exact numpy {exact_ms:.2f} ms (exact/HNSW {exact_ms / hnsw_ms:.1f}x); the app "
          f"searches exactly below {EXACT_BELOW} vectors")
    print(f"top-1000 (the app's result grid): HNSW {big_k['HNSW']:.2f} ms, exact "
          f"{big_k['exact']:.2f} ms (HNSW/exact {big_k['HNSW'] / big_k['exact']:.1f}x)")


if __name__ == "__main__":
    main()
