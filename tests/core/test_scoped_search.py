"""Scoped searches (a folder, dates, a type): every back-end answers from an ``Allowed`` set
with numpy, never a Python call per candidate, and the path ``plan`` picks for each share of
the library returns exactly the exact answer over the allowed subset on a small library."""

from __future__ import annotations

from pathlib import Path

import hnswlib
import numpy as np
import pytest

from clipview.core.search import allowed as allowed_module
from clipview.core.search.allowed import Allowed, overfetch, plan
from clipview.core.search.backends import GraphVectors
from clipview.core.search.exact import ExactVectors
from clipview.core.search.index_loader import LiveIds, MappedVectors
from clipview.core.search.vector_index import VectorIndex

DIM, COUNT = 32, 4000
SHARES = (0.5, 0.1, 0.01, 0.001)


class NeverCalled(Allowed):
    """An Allowed whose per-id test fails the test: the back-ends must use the mask."""

    def __call__(self, label: int) -> bool:
        raise AssertionError("a back-end called the filter for one candidate")

    __contains__ = __call__


def unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture(scope="module")
def library() -> tuple[np.ndarray, np.ndarray]:
    """Ids with gaps (as a catalog's are) and clustered unit vectors."""
    rng = np.random.default_rng(3)
    centres = rng.normal(size=(20, DIM))
    vectors = unit(centres[rng.integers(0, 20, COUNT)] + 0.6 * rng.normal(size=(COUNT, DIM)))
    ids = np.arange(COUNT, dtype=np.int64) * 3 + 7
    return ids, vectors


@pytest.fixture(scope="module")
def graph(library: tuple[np.ndarray, np.ndarray]) -> hnswlib.Index:
    ids, vectors = library
    index = hnswlib.Index(space="cosine", dim=DIM)
    index.init_index(max_elements=COUNT, M=16, ef_construction=200, random_seed=1)
    index.add_items(vectors, ids, num_threads=1)
    return index


def exact_answer(library: tuple[np.ndarray, np.ndarray], query: np.ndarray, subset: np.ndarray,
                 k: int) -> list[int]:
    ids, vectors = library
    keep = np.isin(ids, subset)
    scores = vectors[keep] @ query
    order = np.lexsort((ids[keep], -scores))[:k]
    return [int(i) for i in ids[keep][order]]


def queries(library: tuple[np.ndarray, np.ndarray]) -> list[np.ndarray]:
    """Photo-like queries (near a photo) and text-like ones (a cone apart from them all)."""
    _, vectors = library
    rng = np.random.default_rng(5)
    near = [unit((vectors[i] + 0.1 * rng.normal(size=DIM))[None])[0] for i in (0, 99, 1234)]
    gap = unit(rng.normal(size=(1, DIM)))[0] * 2.0
    far = [unit((vectors[i] + gap)[None])[0] for i in (5, 777, 3210)]
    return near + far


def subset_of(library: tuple[np.ndarray, np.ndarray], share: float) -> np.ndarray:
    ids, _ = library
    rng = np.random.default_rng(int(share * 1000))
    return rng.choice(ids, max(1, int(len(ids) * share)), replace=False)


@pytest.mark.parametrize("share", SHARES)
def test_the_graph_answers_each_share_exactly(library: tuple[np.ndarray, np.ndarray],
                                              graph: hnswlib.Index, share: float,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(allowed_module, "SUBSET_EXACT", 50)   # over-fetch above 50 ids
    subset = subset_of(library, share)
    backend = GraphVectors(graph, LiveIds(library[0]), None)
    for query in queries(library):
        found = backend.search(query, 10, NeverCalled(subset))
        assert [i for i, _ in found] == exact_answer(library, query, subset, 10)
        assert backend.plan is not None and backend.plan.exact == (len(subset) <= 50)


def test_the_matrix_and_the_mapped_file_answer_exactly(library: tuple[np.ndarray, np.ndarray],
                                                      tmp_path: Path) -> None:
    ids, vectors = library
    exact = ExactVectors(DIM)
    exact.add(ids, vectors)
    index = VectorIndex(tmp_path / "index.bin", DIM)
    index.rebuild([(ids, vectors)], generation=1, total=COUNT)
    assert index.save()
    mapped = MappedVectors(tmp_path / "index.bin", DIM)   # the saved file, searched in place
    for share in SHARES:
        subset = subset_of(library, share)
        for query in queries(library):
            want = exact_answer(library, query, subset, 10)
            assert [i for i, _ in exact.search(query, 10, NeverCalled(subset))] == want
            assert [i for i, _ in mapped.search(query, 10, NeverCalled(subset))] == want


def test_ids_outside_the_library_and_a_deleted_one_are_never_returned(
        library: tuple[np.ndarray, np.ndarray], graph: hnswlib.Index) -> None:
    ids, _ = library
    live = LiveIds(set(ids.tolist()) - {int(ids[0])})   # removed since: no vector to return
    subset = np.array([int(ids[0]), int(ids[1]), 10**9, -4])
    found = GraphVectors(graph, live, "image").search(library[1][0], 5, NeverCalled(subset))
    assert [i for i, _ in found] == [int(ids[1])]


def test_the_plan_reads_fewer_vectors_than_the_subset() -> None:
    total = 1_000_000
    for share in SHARES:
        allowed = int(total * share)
        chosen = plan(50, allowed, total)
        if chosen.exact:
            assert allowed <= allowed_module.SUBSET_EXACT or \
                overfetch(50, allowed, total) > allowed_module.MAX_OVERFETCH
        else:
            assert 50 / share <= chosen.fetch <= allowed
    assert not plan(50, 500_000, total).exact and plan(50, 1_000, total).exact
    assert plan(10, 0, total).exact and plan(10, 5, 0).exact


def test_allowed_is_a_set_of_ids() -> None:
    allowed = Allowed([5, 3, 5, 9])
    assert len(allowed) == 3 and 3 in allowed and allowed(9) and not allowed(4)
    assert not allowed(10**6) and not allowed(-1)
    assert allowed.mask_of(np.array([9, 4, 3, 99])).tolist() == [True, False, True, False]
    assert allowed.without({3}).ids.tolist() == [5, 9] and allowed.without(()) is allowed
    assert len(Allowed([])) == 0 and not Allowed([]).mask_of(np.array([1])).any()
