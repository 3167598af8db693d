"""The HNSW file is a cache: deleted, corrupted or stale, it is rebuilt; searching while
indexing is safe."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

import clipview
from clipview.core.library.library import Library
from clipview.core.search.vector_index import VectorIndex
from tests.helpers.library_data import PALETTE, colour_folder, colour_of


@pytest.fixture()
def library(tmp_path: Path, colour_bundle: Path) -> Library:
    lib = clipview.open_library(tmp_path / "home", colour_bundle, device="cpu")
    colour_folder(tmp_path / "photos")
    lib.add_folder(tmp_path / "photos")
    for _ in lib.index():
        pass
    return lib


def _reopen(library: Library, colour_bundle: Path) -> Library:
    library.close()
    return clipview.open_library(library.home, colour_bundle, device="cpu")


@pytest.mark.parametrize("damage", ["delete", "garbage", "truncate", "stale_stamp"])
def test_damaged_index_is_rebuilt(library: Library, colour_bundle: Path, damage: str) -> None:
    path = library.vectors.path
    if damage == "delete":
        path.unlink()
    elif damage == "garbage":
        path.write_bytes(b"\x00garbage" * 100)
    elif damage == "truncate":
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    else:
        stamp = library.vectors.stamp_path
        stamp.write_text(stamp.read_text().replace('"generation": ', '"generation": 9'))
    reopened = _reopen(library, colour_bundle)
    report = reopened.check()  # a cache that cannot be used is rebuilt: not a problem
    assert report.ok is True and report.problems == [] and "rebuilt" in report.notes[0]
    results = reopened.search("red", 4)
    assert [colour_of(r.path) for r in results] == ["red"] * 4
    assert path.is_file() and reopened.check().ok is True


def test_check_repair_leaves_a_stale_index_alone(library: Library,
                                                  colour_bundle: Path) -> None:
    library.vectors.path.unlink()
    reopened = _reopen(library, colour_bundle)
    report = reopened.check(repair=True)
    assert report.ok and not report.repaired and report.repairs == []
    again = reopened.check()
    assert again.ok and again.problems == [] and not again.repaired


def test_index_grows_and_reuses_deleted_slots(tmp_path: Path) -> None:
    index = VectorIndex(tmp_path / "x.hnsw", 8)
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((3000, 8)).astype(np.float32)
    index.add(np.arange(3000), vectors, 1)  # beyond the initial capacity: resize_index
    index.remove(range(0, 3000, 2), 2)
    assert len(index) == 1500 and index.search(vectors[2], 1)[0][0] != 2
    index.add(np.arange(5000, 5500), vectors[:500], 3)
    assert len(index) == 2000 and index._index.get_max_elements() < 6000
    assert index.search(vectors[7], 1)[0][0] in (7, 5007)


def test_search_while_indexing(tmp_path: Path, colour_bundle: Path) -> None:
    library = clipview.open_library(tmp_path / "home", colour_bundle, device="cpu")
    big = {colour: 40 for colour in PALETTE}
    colour_folder(tmp_path / "photos", big)
    library.add_folder(tmp_path / "photos")
    errors: list[BaseException] = []
    counts: list[int] = []
    indexing_done = threading.Event()

    def indexer() -> None:
        try:
            for _ in library.index(batch_size=4):
                pass
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            indexing_done.set()

    worker = threading.Thread(target=indexer)
    worker.start()
    while not indexing_done.is_set():
        try:
            results = library.search("red", 1000)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)
            break
        counts.append(len(results))
        is_red = [colour_of(r.path) == "red" for r in results]
        assert is_red == sorted(is_red, reverse=True)  # every red photo ranks first
    worker.join()
    assert errors == []
    assert len(counts) > 1 and counts == sorted(counts)
    assert len(library.search("red", 1000)) == 40 * len(PALETTE)


def test_hnsw_path_and_exact_path_agree(library: Library, colour_bundle: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    exact = [(r.path, round(r.score, 4)) for r in library.search("yellow", 30)]
    monkeypatch.setattr("clipview.core.search.vector_index.EXACT_BELOW", 0)
    library.vectors.path.unlink()
    reopened = _reopen(library, colour_bundle)
    assert reopened.vectors._exact is None  # HNSW answers
    approx = [(r.path, round(r.score, 4)) for r in reopened.search("yellow", 30)]
    assert [p for p, _ in approx[:2]] == [p for p, _ in exact[:2]]
    assert sorted(s for _, s in approx) == sorted(s for _, s in exact)
    folder = Path(exact[0][0]).parent
    from clipview.core.search.search import Filters

    filtered = reopened.search("yellow", 30, Filters(folder=str(folder)))
    assert filtered and all(Path(r.path).parent == folder for r in filtered)
