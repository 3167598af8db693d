"""Behaviour behind the performance work (issue 13), not timings: int8 on CPU with a parity
check that can refuse, an unchanged index never rewritten, a stamp checked without reading
the whole file, the first query answered while the graph loads, ef per query kind."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest

import clipview
from clipview.core.library.library import Library
from clipview.core.models import precision, quantize
from clipview.core.models.bundle import load_bundle
from clipview.core.models.encoder import ClipModel
from clipview.core.search import vector_index
from clipview.core.search.vector_index import EF_SEARCH, EF_TEXT, VectorIndex
from tests.helpers.library_data import colour_folder

DIM = 64


@pytest.fixture()
def int8_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Quantised files in a private folder; the small test bundle counts as big enough."""
    root = tmp_path / "int8"
    monkeypatch.setattr(precision, "int8_root", lambda: root)
    monkeypatch.setattr(precision, "MIN_MODEL_BYTES", 0)
    return root


@pytest.fixture()
def own_bundle(tmp_path: Path, colour_bundle: Path) -> Path:
    copy = tmp_path / "bundle"
    shutil.copytree(colour_bundle, copy)
    return copy


def test_cpu_uses_int8_when_it_agrees_with_fp32(own_bundle: Path, int8_cache: Path,
                                                tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    list(quantize.make_int8(load_bundle(own_bundle)))   # the background job's work
    model = clipview.load_model(own_bundle, "cpu")
    chosen = model.precision
    assert chosen.name == "int8" and chosen.min_cos is not None
    assert chosen.min_cos >= quantize.MIN_COSINE
    assert chosen.visual.is_file() and chosen.visual.parent.parent == int8_cache
    assert model.key_suffix == "-int8"
    fp32 = ClipModel(model.bundle, "cpu", precision=precision.fp32(model.bundle, "test"))
    texts = ["red", "blue and green"]
    cosines = np.sum(model.encode_texts(texts) * fp32.encode_texts(texts), axis=1)
    assert cosines.min() >= quantize.MIN_COSINE
    # decided once: a second model reads the record and never quantises again
    monkeypatch.setattr(quantize, "quantise", _must_not_run)
    again = clipview.load_model(own_bundle, "cpu")
    assert again.precision == chosen
    assert precision.known_key_suffix(again.bundle, "cpu") == "-int8"
    with clipview.open_library(tmp_path / "lib", again) as library:  # its own vectors
        assert library.key.endswith("-int8")


def test_parity_failure_keeps_fp32_and_says_why(own_bundle: Path, int8_cache: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quantize, "parity_steps", lambda bundle, candidate, reference: [0.5])
    list(quantize.make_int8(load_bundle(own_bundle)))
    model = clipview.load_model(own_bundle, "cpu")
    assert model.precision.name == "fp32"
    assert model.precision.visual == model.bundle.visual_model
    assert "0.5000" in model.precision.reason and model.key_suffix == ""
    [record] = [json.loads(p.read_text()) for p in int8_cache.rglob(precision.DECISION)]
    assert record["name"] == "fp32" and record["min_cos"] == 0.5
    assert not list(int8_cache.rglob("*.int8.onnx"))  # refused files are not kept
    model.encode_texts(["red"])  # runs the fp32 file


def test_cuda_never_uses_the_int8_file(own_bundle: Path, int8_cache: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quantize, "quantise", _must_not_run)
    model = clipview.load_model(own_bundle, "cuda")
    assert model.precision.name == "fp32" and model.key_suffix == ""
    monkeypatch.setattr("clipview.core.models.runtime.planned_device", lambda device: ("cuda", ""))
    bundle = load_bundle(own_bundle)
    assert precision.choose_precision(bundle, "cuda").name == "fp32"
    assert ClipModel(bundle, "auto").precision.name == "fp32"


def _must_not_run(*args: object) -> None:
    raise AssertionError("quantised again")


def run_index(library: Library) -> None:
    for _ in library.index():
        pass


def test_unchanged_run_never_rewrites_the_index(tmp_path: Path, colour_bundle: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    colour_folder(tmp_path / "photos")
    with clipview.open_library(tmp_path / "lib", colour_bundle, "cpu") as library:
        library.add_folder(tmp_path / "photos")
        run_index(library)
        files = (library.vectors.path, library.vectors.stamp_path)
    before = [f.stat().st_mtime_ns for f in files]
    monkeypatch.setattr(vector_index, "_write_index", _must_not_run)
    monkeypatch.setattr("clipview.core.search.index_loader.file_digest", _must_not_run)
    for _ in range(2):  # a fresh start, and an unchanged run, twice
        with clipview.open_library(tmp_path / "lib", colour_bundle, "cpu") as library:
            run_index(library)
            assert library.search("red", 3)
    assert [f.stat().st_mtime_ns for f in files] == before


def test_unchanged_run_reads_neither_the_index_nor_every_text_row(
        tmp_path: Path, colour_bundle: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    colour_folder(tmp_path / "photos")
    with clipview.open_library(tmp_path / "lib", colour_bundle, "cpu") as library:
        library.add_folder(tmp_path / "photos")
        run_index(library)
    with clipview.open_library(tmp_path / "lib", colour_bundle, "cpu") as library:
        monkeypatch.setattr(library, "ensure_index", _must_not_run)
        monkeypatch.setattr(library.catalog.text, "write", _must_not_run)
        run_index(library)   # nothing new: no vectors read, no full-text row written
        monkeypatch.undo()
        red = next(p for p in (tmp_path / "photos").rglob("*.jpg") if "red" in p.name)
        with library.catalog.transaction() as db:   # as an older catalog: no full-text
            db.execute("DELETE FROM media_text WHERE rowid = "   # row, no stamps
                       "(SELECT id FROM images WHERE path = ?)", (str(red),))
            db.execute("DELETE FROM dir_stamps")
            image_id = db.execute("SELECT id FROM images WHERE path = ?",
                                  (str(red),)).fetchone()[0]
        assert library.catalog.text.of(image_id) is None
        run_index(library)
        assert library.catalog.text.of(image_id) is not None


def clustered(count: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((20, DIM))
    rows = centres[rng.integers(0, 20, count)] + 0.5 * rng.standard_normal((count, DIM))
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture()
def saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, np.ndarray]:
    """A saved index above the exact-search size (made small for the test)."""
    monkeypatch.setattr(vector_index, "EXACT_BELOW", 50)
    vectors = clustered(400)
    index = VectorIndex(tmp_path / "m.hnsw", DIM)
    index.rebuild([(np.arange(400), vectors)], 7, 400)
    index.remove([3, 9], 8)
    assert index.save()
    return index.path, vectors


def test_first_query_is_answered_while_the_graph_loads(saved: tuple[Path, np.ndarray],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    path, vectors = saved
    release, reading = threading.Event(), threading.Event()
    real_read = vector_index.read_graph

    def slow_read(*args: object, **kwargs: object) -> object:
        reading.set()
        assert release.wait(30)
        return real_read(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(vector_index, "read_graph", slow_read)
    monkeypatch.setattr(vector_index, "GRAPH_GRACE_S", 0.0)
    index = VectorIndex(path, DIM)
    assert index.load(8) and not index.graph_loaded and len(index) == 398
    loader = index.load_graph_later(idle_s=0)
    assert reading.wait(30)
    query = vectors[5]
    hits = index.search(query, 10)
    scores = vectors @ query
    scores[[3, 9]] = -2
    assert [i for i, _ in hits] == list(np.argsort(-scores)[:10])
    assert loader.is_alive() and not index.graph_loaded
    release.set()
    loader.join(30)
    assert index.graph_loaded and index.search(query, 1)[0][0] == 5


def test_stamp_is_checked_without_reading_the_whole_file(saved: tuple[Path, np.ndarray],
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    path, _ = saved
    monkeypatch.setattr("clipview.core.search.index_loader.file_digest", _must_not_run)
    assert VectorIndex(path, DIM).load(8)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # the same size, another mtime: not trusted
    path.write_bytes(bytes(data))
    assert not VectorIndex(path, DIM).load(8)


def test_text_like_queries_search_wider(saved: tuple[Path, np.ndarray]) -> None:
    path, vectors = saved
    index = VectorIndex(path, DIM)
    assert index.load(8) and index.ensure_graph()
    index.search(vectors[0], 10)  # a photo's own vector
    assert index.last_ef == EF_SEARCH
    rng = np.random.default_rng(1)
    far = vectors[0] * 0.3 + rng.standard_normal(DIM).astype(np.float32)  # cos ~0.04
    index.search(far / np.linalg.norm(far), 10)
    assert index.last_ef == EF_TEXT
    index.search(vectors[0], 10, kind="text")
    assert index.last_ef == EF_TEXT


def test_an_index_built_when_the_model_row_was_new_is_not_rebuilt(tmp_path: Path,
                                                                   colour_bundle: Path) -> None:
    """A library opened before its model had a row, whose vectors were then committed: the
    index it saves carries the model's own generation, so the next open loads it instead of
    rebuilding it (at 1M a rebuild is 20 minutes)."""
    import numpy as np

    import clipview
    from clipview.core.catalog.rows import NewImage

    with clipview.open_library(tmp_path / "home", colour_bundle, device="cpu") as library:
        folder = tmp_path / "photos"
        folder.mkdir()
        library.add_folder(folder)
        model_id = library.catalog.models.add(library.key, library.model.name, library.model.dim)
        folder_id = library.catalog.folders.all()[0].id
        vector = np.ones(library.model.dim, np.float32) / np.sqrt(library.model.dim)
        library.catalog.images.commit_batch(
            model_id, [(NewImage(str(folder / "a.jpg"), folder_id, 1, 1, "x"), vector)], [])
        library.ensure_index()
        library.vectors.save()
    with clipview.open_library(tmp_path / "home", colour_bundle, device="cpu") as library:
        rebuilt: list[bool] = []
        real = library.vectors.rebuild
        library.vectors.rebuild = lambda *a, **k: (rebuilt.append(True), real(*a, **k))[1]  # type: ignore[method-assign]
        library.ensure_index()
        assert not rebuilt
