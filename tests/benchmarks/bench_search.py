"""Search and start-up on a synthetic library: recall of text-like queries against exact
search, query latencies, the first answer of a fresh process, a cold ``clipview search``,
an unchanged run, and memory."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

import clipview
from clipview.core.library.library import Library
from clipview.core.search import vector_index
from clipview.core.search.allowed import plan
from clipview.core.search.search import Filters, allowed_ids
from tests.benchmarks.bench_data import ROOT, Space, say
from tests.benchmarks.bench_library import PER_FOLDER, ids_and_vectors

QUERY = "a dog running on a beach at sunset"


def _exact_top(ids: np.ndarray, vectors: np.ndarray, queries: np.ndarray, k: int = 10
               ) -> list[set[int]]:
    out = []
    for start in range(0, len(queries), 16):
        scores = queries[start:start + 16] @ vectors.T
        top = np.argpartition(-scores, k, axis=1)[:, :k]
        out += [set(ids[row].tolist()) for row in top]
    return out


def recall(root: Path, bundle: Path, space: Space, queries: int, efs: list[int]
           ) -> dict[str, Any]:
    """recall@10 of the app's choice (ef per query kind) and of fixed ef values, for
    text-like and photo-like queries; p50 of the HNSW search itself."""
    ids, vectors = ids_and_vectors(root, bundle)
    texts = space.text_queries(queries)
    rng = np.random.default_rng(5)
    photos = vectors[rng.integers(0, len(vectors), queries)]
    truth_text, truth_photo = _exact_top(ids, vectors, texts), _exact_top(ids, vectors, photos)
    del vectors
    best = float(np.mean([np.max(t @ space.photos(0, 2000).T) for t in texts[:20]]))
    library = clipview.open_library(root / "home", bundle, "cpu")
    out: dict[str, Any] = {"text_best_cos_sample": round(best, 3)}
    try:
        index = library.ensure_index()
        index.ensure_graph()

        def run(rows: np.ndarray, truth: list[set[int]], kind: str | None) -> tuple[float, float]:
            found, times = [], []
            for row, expected in zip(rows, truth, strict=True):
                started = time.perf_counter()
                hits = index.search(row, 10, None, kind)
                times.append(time.perf_counter() - started)
                found.append(len({i for i, _ in hits} & expected) / 10)
            return float(np.mean(found)), statistics.median(times) * 1000

        out["text_recall"], out["text_search_ms"] = run(texts, truth_text, None)
        out["text_ef"] = index.last_ef
        out["photo_recall"], out["photo_search_ms"] = run(photos, truth_photo, None)
        sweep = {}
        for ef in efs:
            vector_index.EF_BY_KIND["text"] = ef
            value, ms = run(texts, truth_text, "text")
            sweep[str(ef)] = {"recall": round(value, 4), "p50_ms": round(ms, 2)}
        vector_index.EF_BY_KIND["text"] = vector_index.EF_TEXT
        out["text_recall_by_ef"] = sweep
    finally:
        library.close()
    return out


def latencies(root: Path, bundle: Path, space: Space, rounds: int) -> dict[str, float]:
    """p50 in ms: a text query (encode + search + rows, k=50), `similar` of a known photo
    (k=50), and the grid's query (k = the GUI's RESULT_LIMIT)."""
    from clipview.gui.grid_presenter import RESULT_LIMIT

    library = clipview.open_library(root / "home", bundle, "cpu")
    texts = space.text_queries(rounds, seed=9)
    try:
        library.ensure_index().ensure_graph()
        library.model.encode_texts([QUERY])  # the session is open
        photos = sorted(trip_folders(root)[0].glob("*.jpg"))[:rounds]
        text, similar, grid = [], [], []
        for n in range(rounds):
            started = time.perf_counter()
            library.model.encode_texts([f"{QUERY} {n}"])
            library.search_vector(texts[n], 50)
            text.append(time.perf_counter() - started)
            started = time.perf_counter()
            library.similar(photos[n % len(photos)], 50)
            similar.append(time.perf_counter() - started)
            started = time.perf_counter()
            library.search_vector(texts[n], RESULT_LIMIT)
            grid.append(time.perf_counter() - started)
    finally:
        library.close()
    return {name: round(statistics.median(v) * 1000, 2)
            for name, v in (("text", text), ("similar", similar), ("grid", grid))}


_FIRST = """
import sys, time, json
started = time.perf_counter()
import clipview
lib = clipview.open_library(sys.argv[1], sys.argv[2], "cpu")
index = lib.prepare()  # what the app does when it opens a library:
index.load_graph_later()  # text encoder and index together, the graph after the answer
hits = lib.search(sys.argv[3], 50)
answered = time.perf_counter() - started
graph = index.graph_loaded
loading = time.perf_counter()
index.ensure_graph()  # hnswlib's load_index holds the GIL: every thread (the GUI's) waits
graph_s = time.perf_counter() - loading
rss = max(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith(('VmRSS', 'VmHWM')))
print(json.dumps({"first_answer_s": answered, "graph_loaded_before": graph, "graph_s": graph_s,
                  "hits": len(hits), "rss_kb": rss, "count": len(index)}))
"""


def first_answer(root: Path, bundle: Path, env: dict[str, str], rounds: int
                 ) -> dict[str, Any]:
    """A fresh process: open the library, ask the first text query (as the app does: the
    graph loads in the background after the first answer); then RSS with the graph."""
    runs = []
    for _ in range(rounds):
        done = subprocess.run([sys.executable, "-c", _FIRST, str(root / "home"), str(bundle),
                               QUERY], capture_output=True, text=True, env=env, cwd=ROOT,
                              check=True)
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    last = runs[-1]
    return {"first_answer_s": round(statistics.median(r["first_answer_s"] for r in runs), 3),
            "graph_loaded_before_answer": last["graph_loaded_before"],
            "graph_load_gil_s": round(statistics.median(r["graph_s"] for r in runs), 3),
            "rss_mb": round(max(r["rss_kb"] for r in runs) / 1024, 1),
            "rss_kb_per_photo": round(last["rss_kb"] / max(last["count"], 1), 3)}


def cold_cli(root: Path, bundle: Path, env: dict[str, str], rounds: int) -> float:
    """Wall time of `clipview search … --json` in a new process (median)."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        subprocess.run(["clipview", "--home", str(root / "home"), "--model", str(bundle),
                        "--device", "cpu", "search", QUERY, "--json"], check=True, env=env,
                       cwd=ROOT, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return round(statistics.median(times), 3)


def unchanged_run(root: Path, bundle: Path, rounds: int) -> dict[str, Any]:
    """Open the library and run an indexing pass over unchanged folders (median seconds);
    the index file must not be rewritten."""
    times = []
    index_file = None
    before = None
    for _ in range(rounds):
        started = time.perf_counter()
        library: Library = clipview.open_library(root / "home", bundle, "cpu")
        try:
            summary = None
            for progress in library.index():
                summary = progress.summary or summary
            index_file = library.vectors.path
        finally:
            library.close()
        times.append(time.perf_counter() - started)
        assert summary is not None and summary.indexed == 0, summary
        mtime = os.stat(index_file).st_mtime_ns
        before = before or mtime
    return {"seconds": round(statistics.median(times), 3),
            "index_rewritten": before != os.stat(index_file).st_mtime_ns if index_file else None}


def measure_library(root: Path, bundle: Path, space: Space, env: dict[str, str], quick: bool,
                    count: int) -> dict[str, Any]:
    rounds = 3 if quick else 5
    out: dict[str, Any] = {}
    say(f"library {count}: recall of text-like and photo-like queries")
    out["recall"] = recall(root, bundle, space, 100 if quick else 200,
                           [128, 256, 512, 1024, 2048] if count <= 100_000 or not quick else [])
    say(f"library {count}: query latencies")
    out["latency_ms"] = latencies(root, bundle, space, 20 if quick else 50)
    say(f"library {count}: scoped searches")
    out["scoped"] = scoped(root, bundle, space, 20 if quick else 50)
    say(f"library {count}: first answer of a fresh process")
    out["startup"] = first_answer(root, bundle, env, rounds)
    say(f"library {count}: cold CLI search")
    out["cold_cli_s"] = cold_cli(root, bundle, env, rounds)
    say(f"library {count}: unchanged run")
    out["unchanged"] = unchanged_run(root, bundle, 2 if quick else 3)
    return out


SCOPE_SHARES = (("50", 0.5), ("10", 0.1), ("1", 0.01), ("0.1", 0.001))


def trip_folders(root: Path) -> list[Path]:
    """The synthetic library's folders of photos (PER_FOLDER each: ``year/month Trip n``)."""
    return sorted(p for p in (root / "photos").glob("*/*") if p.is_dir())


def _scope(root: Path, library: Library, share: float) -> Filters:
    """Filters that allow ``share`` of the library: whole folders (a folder chip) down to
    1 %, a date range inside one folder below it (the synthetic photos' dates follow their
    order, PER_FOLDER to a folder)."""
    folders = trip_folders(root)
    wanted = max(1, round(len(folders) * share))
    if share >= 1 / len(folders):
        return Filters(folders=tuple(str(f) for f in folders[:wanted]))
    dates = sorted(row.when or 0.0 for row in library.catalog.browse.photos([str(folders[0])]))
    count = max(1, round(len(folders) * PER_FOLDER * share))
    return Filters(folders=(str(folders[0]),), after=dates[0], before=dates[count])


def scoped(root: Path, bundle: Path, space: Space, rounds: int) -> dict[str, Any]:
    """Text searches (k=50) inside scopes of 50 %, 10 %, 1 % and 0.1 % of the library,
    interleaved with the same unscoped query: p50 of each (a scope's allowed ids are kept
    while the catalog is unchanged, the last subset's vectors while the index is), the
    first search in each scope, their ratio, the path taken, and recall@10 against exact
    search over the allowed subset."""
    ids, vectors = ids_and_vectors(root, bundle)
    texts = space.text_queries(rounds, seed=13)
    library = clipview.open_library(root / "home", bundle, "cpu")
    out: dict[str, Any] = {}
    try:
        library.ensure_index().ensure_graph()
        scopes = {name: _scope(root, library, share) for name, share in SCOPE_SHARES}
        times: dict[str, list[float]] = {name: [] for name in ["all", *scopes]}
        recalls: dict[str, list[float]] = {name: [] for name in scopes}
        allowed = {name: np.asarray(allowed_ids(library.catalog, f).ids)
                   for name, f in scopes.items()}
        for text in texts:
            for name, filters in [("all", Filters()), *scopes.items()]:
                started = time.perf_counter()
                hits = library.search_vector(text, 50, filters)
                times[name].append(time.perf_counter() - started)
                if name != "all":
                    keep = np.isin(ids, allowed[name])
                    truth = _exact_top(ids[keep], vectors[keep], text[None])[0]
                    recalls[name].append(len({h.id for h in hits[:10]} & truth) / len(truth))
        unscoped = statistics.median(times["all"]) * 1000
        out["unscoped_p50_ms"] = round(unscoped, 2)
        for name in scopes:
            p50 = statistics.median(times[name]) * 1000
            out[name] = {"allowed": len(allowed[name]), "p50_ms": round(p50, 2),
                         "first_ms": round(times[name][0] * 1000, 2),   # the scope is new
                         "over_unscoped": round(p50 / unscoped, 2),
                         "recall_at10_mean": round(float(np.mean(recalls[name])), 4),
                         "recall_at10_min": round(float(np.min(recalls[name])), 4),
                         "plan": _plan_name(len(allowed[name]), len(ids))}
    finally:
        library.close()
    return out


def _plan_name(allowed: int, total: int) -> str:
    chosen = plan(50, allowed, total)
    return "exact over the subset" if chosen.exact else f"over-fetch {chosen.fetch}"
