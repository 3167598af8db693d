"""A model whose towers give NaN, inf or zero embeddings is refused by install and by every
encode, and indexing never stores a vector ``check`` would call bad (issue 17)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import clipview
from clipview.core.errors import ClipviewError, InferenceError
from clipview.core.library.indexer import UNUSABLE
from clipview.core.library.library import Library
from clipview.core.models.encoder import ClipModel, UnusableEmbeddings
from clipview.core.models.store import ModelStore, ModelStoreError
from clipview.core.progress import IndexSummary
from clipview.core.search.query import QueryError
from clipview.core.vector_rule import bad_rows
from tests.helpers.broken_bundles import build_broken_bundle
from tests.helpers.library_data import colour_folder, run_index

NAN, INF = float("nan"), float("inf")
BROKEN = [("image", NAN), ("image", INF), ("image", 0.0), ("text", NAN), ("text", -INF),
          ("text", 0.0)]


@pytest.mark.parametrize(("tower", "factor"), BROKEN)
def test_install_refuses_a_model_with_unusable_embeddings(tmp_path: Path, tower: str,
                                                          factor: float) -> None:
    bundle = build_broken_bundle(tmp_path / "bundle", **{tower: factor})
    store = ModelStore(tmp_path / "home")
    with pytest.raises(ModelStoreError, match=f"{tower} encoder") as caught:
        list(store.install(str(bundle), name="broken"))
    assert "broken" in str(caught.value) and "\n" not in str(caught.value)
    assert store.names() == [] and not (store.root / "broken").exists()
    assert not [p for p in store.root.iterdir() if p.name.startswith(".incoming")]


@pytest.mark.parametrize("factor", [NAN, INF, 0.0])
def test_every_encode_refuses_a_broken_tower(tmp_path: Path, factor: float) -> None:
    images = clipview.load_model(build_broken_bundle(tmp_path / "i", image=factor), "cpu")
    texts = clipview.load_model(build_broken_bundle(tmp_path / "t", text=factor), "cpu")
    red = Image.new("RGB", (40, 40), (255, 0, 0))
    with pytest.raises(InferenceError, match="image encoder .* the model is broken"):
        images.encode_images([red])
    with pytest.raises(InferenceError, match="image encoder"):
        images.encode_pixels(np.ones((2, 3, 32, 32), np.float32))
    with pytest.raises(InferenceError, match="text encoder .*'red'.* the model is broken"):
        texts.encode_texts(["red"])
    assert images.encode_texts(["red"]).shape == (1, 16)  # the other tower still works
    assert not bad_rows(texts.encode_images([red])).any()


def test_inputs_a_model_fails_on_are_named_and_the_rest_kept(tmp_path: Path) -> None:
    model = clipview.load_model(build_broken_bundle(tmp_path / "b", image="dark"), "cpu")
    photos = [Image.new("RGB", (40, 40), c) for c in ((255, 0, 0), (0, 0, 0), (0, 0, 255))]
    with pytest.raises(UnusableEmbeddings, match="for 1 of 3 images") as caught:
        model.encode_images(photos)
    assert caught.value.bad.tolist() == [False, True, False]
    assert not bad_rows(caught.value.vectors[[0, 2]]).any()


def _index_and_check(home: Path, model: ClipModel, photos: Path
                     ) -> tuple[IndexSummary, Library]:
    library = clipview.open_library(home, model)
    library.add_folder(photos)
    return run_index(library), library


def test_indexing_skips_unusable_embeddings_and_check_passes_after(tmp_path: Path) -> None:
    made = colour_folder(tmp_path / "photos", {"red": 3, "black": 2, "white": 3})
    model = clipview.load_model(build_broken_bundle(tmp_path / "b", image="dark"), "cpu")
    for run in range(2):  # the next run tries them again and again stores nothing bad
        summary, library = _index_and_check(tmp_path / "home", model, tmp_path / "photos")
        assert {Path(s.path).name: s.reason for s in summary.skipped} == {
            p.name: UNUSABLE for p in made["black"]}
        assert (summary.indexed, summary.unchanged) == ((6, 0) if run == 0 else (0, 6))
        report = library.check()
        assert report.ok and report.problems == [], report.problems
        assert library.catalog.vectors.count(library.model_id) == 6
        assert library.search("red", 3)[0].path in {str(p) for p in made["red"]}
        library.close()


def test_indexing_with_a_broken_image_tower_stops_and_stores_nothing(tmp_path: Path) -> None:
    colour_folder(tmp_path / "photos", {"red": 2, "white": 2})
    model = clipview.load_model(build_broken_bundle(tmp_path / "b", image=NAN), "cpu")
    library = clipview.open_library(tmp_path / "home", model)
    library.add_folder(tmp_path / "photos")
    with pytest.raises(InferenceError, match="the model is broken"):
        run_index(library)
    assert library.catalog.vectors.count(library.model_id) == 0
    assert library.check().ok
    library.close()


def test_a_text_search_with_a_nan_text_tower_is_a_clear_error(tmp_path: Path) -> None:
    colour_folder(tmp_path / "photos", {"red": 2, "white": 2})
    model = clipview.load_model(build_broken_bundle(tmp_path / "b", text=NAN), "cpu")
    _, library = _index_and_check(tmp_path / "home", model, tmp_path / "photos")
    with pytest.raises(ClipviewError, match="text encoder") as caught:
        library.search("red")
    assert not isinstance(caught.value, QueryError)  # not "the terms cancel each other out"
    library.close()


def test_install_takes_a_model_that_fails_only_on_dark_pictures(tmp_path: Path) -> None:
    """The rule of use (broken only when even a plain grey picture is unusable) is install's:
    the "dark" bundle that ``--model DIR`` indexes with is installed too."""
    bundle = build_broken_bundle(tmp_path / "bundle", image="dark")
    store = ModelStore(tmp_path / "home")
    list(store.install(str(bundle), name="dark"))
    assert store.names() == ["dark"]


def test_install_says_which_input_it_tried(tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "home")
    with pytest.raises(ModelStoreError, match="image encoder .*plain grey picture"):
        list(store.install(str(build_broken_bundle(tmp_path / "b", image=NAN)), name="nan"))
