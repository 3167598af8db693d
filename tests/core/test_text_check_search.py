"""Text-like queries the graph walk misses are still answered exactly (``text_check``): a
library searched through ``VectorIndex`` as the app does, with the graph made too narrow to
be right (ef = k), so that only the second opinion and the exact scan can find the answer."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from clipview.core.search import backends, vector_index
from clipview.core.search.index_loader import MappedVectors
from clipview.core.search.text_check import TextCheck, merge
from clipview.core.search.vector_index import VectorIndex

DIM = 48
COUNT = 6000


def _unit(rows: np.ndarray) -> np.ndarray:
    out: np.ndarray = (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)
    return out


def _photos(rng: np.random.Generator) -> np.ndarray:
    """Photos in a cone: 60 clusters with a long axis each, around one image direction."""
    axis = _unit(rng.standard_normal(DIM))
    centres = _unit(rng.standard_normal((60, DIM)))
    longs = _unit(rng.standard_normal((60, DIM)))
    picks = rng.integers(0, 60, COUNT)
    rows = centres[picks] + rng.normal(0, 0.3, (COUNT, 1)) * longs[picks]
    rows += rng.normal(0, 0.05, (COUNT, DIM))
    return _unit(_unit(rows) + axis)


def _far_queries(rng: np.random.Generator, vectors: np.ndarray, count: int) -> np.ndarray:
    """Text-like queries: content from no cluster, the image mean taken off (cos ~0.2)."""
    mean = vectors.mean(0)
    return _unit(rng.standard_normal((count, DIM)) + 0.2 * mean - mean)


def _exact(vectors: np.ndarray, query: np.ndarray, k: int = 10) -> list[int]:
    scores = vectors @ query
    return [int(i) + 1 for i in np.lexsort((np.arange(len(scores)), -scores))[:k]]


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, np.ndarray]:
    """A saved index of COUNT photos (labels 1…COUNT)."""
    path = tmp_path_factory.mktemp("text-check") / "index.hnsw"
    vectors = _photos(np.random.default_rng(3))
    index = VectorIndex(path, DIM)
    ids = np.arange(1, COUNT + 1, dtype=np.int64)
    index.rebuild([(ids, vectors)], 4, COUNT)
    assert index.save()
    return path, vectors


@pytest.fixture()
def narrow(monkeypatch: pytest.MonkeyPatch) -> None:
    """A graph search as narrow as k: it misses most far queries' answers."""
    monkeypatch.setitem(backends.EF_BY_KIND, "text", 1)


def _opened(path: Path) -> VectorIndex:
    index = VectorIndex(path, DIM)
    assert index.load(4) and index.ensure_graph()
    return index


def test_far_queries_get_the_exact_top_ten(library: tuple[Path, np.ndarray], narrow: None
                                           ) -> None:
    path, vectors = library
    index = _opened(path)
    ways = []
    for query in _far_queries(np.random.default_rng(5), vectors, 30):
        found = index.search(query, 10)
        ways.append(index.last_way)
        assert [i for i, _ in found] == _exact(vectors, query)
        assert np.allclose([s for _, s in found], np.sort(vectors @ query)[::-1][:10],
                           atol=1e-5)
    assert "exact" in ways   # the narrow graph was caught missing


def test_the_plain_graph_misses_them(library: tuple[Path, np.ndarray], narrow: None,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the check the same narrow graph gets some of them wrong: the test above
    holds because of the check, not because the queries are easy."""
    path, vectors = library
    index = _opened(path)
    monkeypatch.setattr(index, "_text_check", lambda: None)
    queries = _far_queries(np.random.default_rng(5), vectors, 30)
    wrong = [q for q in queries if [i for i, _ in index.search(q, 10)] != _exact(vectors, q)]
    assert wrong and index.last_way == "graph"


def test_the_walk_alone_finds_what_the_graph_missed(library: tuple[Path, np.ndarray]
                                                    ) -> None:
    """Many entry points (the best sampled photos) reach the right clusters."""
    path, vectors = library
    mapped = MappedVectors(path, DIM)
    check = TextCheck(mapped, lambda labels: np.ones(len(labels), bool))
    found = 0
    for query in _far_queries(np.random.default_rng(6), vectors, 20):
        rows, _ = check.walk(query, check.seeds(query))
        walked = set(mapped.labels[rows[:10]].tolist())
        found += len(walked & set(_exact(vectors, query)))
    assert found >= 0.95 * 200


def test_removed_and_changed_photos(library: tuple[Path, np.ndarray], narrow: None) -> None:
    """A photo removed since the file was saved is never returned; one whose vector changed
    is scored with its new vector (the graph's), not the file's."""
    path, vectors = library
    index = _opened(path)
    query = _far_queries(np.random.default_rng(7), vectors, 1)[0]
    best = _exact(vectors, query)
    index.remove([best[0]], 5)
    moved = _unit(-query)   # the second best now points away from the query
    index.add(np.array([best[1]]), moved[None], 5)
    found = index.search(query, 10)
    labels = [i for i, _ in found]
    assert best[0] not in labels and best[1] not in labels
    assert labels[:8] == best[2:10]


def test_photo_like_queries_are_not_checked(library: tuple[Path, np.ndarray]) -> None:
    path, vectors = library
    index = _opened(path)
    index.search(vectors[17], 10)
    assert index.last_way == "graph"


def test_a_photo_moved_by_a_small_gap_is_text_like(library: tuple[Path, np.ndarray]) -> None:
    """A query at cos ~0.7 from its nearest photo (a photo plus words, a small modality
    gap) is searched as text: at EF_SEARCH the graph missed such queries entirely at 1M."""
    path, vectors = library
    index = _opened(path)
    rng = np.random.default_rng(9)
    side = rng.standard_normal(DIM).astype(np.float32)
    side -= (side @ vectors[3]) * vectors[3]
    query = _unit(vectors[3] + 0.95 * _unit(side))
    assert 0.6 < float(np.max(vectors @ query)) < 0.8
    index.search(query, 10)
    assert index.last_ef == backends.EF_TEXT and index.last_way in ("checked", "exact")


def test_no_saved_file_no_check(tmp_path: Path, library: tuple[Path, np.ndarray],
                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A graph not saved yet has no file to walk: the graph answers alone."""
    _, vectors = library
    monkeypatch.setattr(vector_index, "EXACT_BELOW", 0)   # the graph, not a matrix
    index = VectorIndex(tmp_path / "index.hnsw", DIM)
    ids = np.arange(1, COUNT + 1, dtype=np.int64)
    index.rebuild([(ids, vectors)], 4, COUNT)
    index.search(_far_queries(np.random.default_rng(8), vectors, 1)[0], 10)
    assert index.last_way == "graph"


def test_merge_keeps_the_best_score_of_an_id() -> None:
    assert merge([(1, 0.5), (2, 0.4)], [(2, 0.6), (3, 0.4)], 3) == \
        [(2, 0.6), (1, 0.5), (3, 0.4)]


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads Linux's VmRSS")
def test_a_scan_of_the_file_does_not_stay_resident(tmp_path: Path) -> None:
    """Opening a saved file reads every record's label and a scan reads every vector: the
    pages are handed back after (at 1M the file is 2 GB beside the graph's own 2 GB)."""
    count, dim = 30_000, 256   # a 33 MB file
    index = VectorIndex(tmp_path / "big.hnsw", dim)
    rng = np.random.default_rng(2)
    index.rebuild([(np.arange(count), rng.standard_normal((count, dim)).astype(np.float32))],
                  1, count)
    assert index.save()
    del index
    before = _resident_kb()
    mapped = MappedVectors(tmp_path / "big.hnsw", dim)
    mapped.scores(np.ones(dim, np.float32))
    assert _resident_kb() - before < 8_000   # the file: 33,000 kB


def _resident_kb() -> int:
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines()
                    if line.startswith("VmRSS")))
