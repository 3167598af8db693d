"""What a search shows as a result's match is bounded and means something: the cosine of the
query's unit vector and the item's, within 0 to 1; the words that matched are reasons, never
folded into the number (issue 17, item 9)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import clipview
from clipview.core.library.library import Library
from clipview.core.search.fusion import match_score, reasons
from clipview.core.search.query import query_vector
from tests.helpers.library_data import red_blue_folders, run_index
from tests.helpers.synthetic_bundle import colour_photo


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, colour_bundle: Path) -> Library:
    """Red photos in a folder named "red", blue ones in "blue", others in "misc"."""
    root = tmp_path_factory.mktemp("match")
    red_blue_folders(root / "photos", 3, ("green", "white", "magenta", "black"))
    colour_photo(root / "photos" / "misc" / "red car.jpg", "green", seed=40)
    lib = clipview.open_library(root / "home", colour_bundle, device="cpu")
    lib.add_folder(root / "photos")
    run_index(lib)
    return lib


@pytest.mark.parametrize("query", ["red", "red - blue", "red car", "2:red + blue - green"])
def test_every_score_is_within_0_and_1(library: Library, query: str) -> None:
    results = library.search(query, 50)
    assert results and all(0.0 <= r.score <= 1.0 for r in results), [
        (r.path, r.score) for r in results]


def test_the_score_is_the_cosine_of_the_combined_query(library: Library) -> None:
    query = "red - blue"
    vector = query_vector(query, library.model, library.catalog, library.model_id)
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-5   # the normalised combination
    for result in library.search(query, 50):
        stored = library.catalog.vectors.of(result.path, library.model_id)
        assert stored is not None
        cosine = float(np.dot(stored[1], vector))
        assert result.vector_score == pytest.approx(cosine, abs=1e-4)
        assert result.score == pytest.approx(match_score(cosine), abs=1e-4)


def test_words_order_the_results_and_are_given_as_reasons(library: Library) -> None:
    results = library.search("red - blue", 50)
    in_red = [r for r in results if "/red/" in r.path]
    assert {r.path for r in results[:3]} == {r.path for r in in_red}   # the folder first
    assert all(r.reasons == ["folder: red"] for r in in_red)
    blue = [r for r in results if "/blue/" in r.path]
    assert blue and all(r.score == 0.0 and r.vector_score is not None
                        and r.vector_score < 0 for r in blue)   # nearer the subtracted term
    car = next(r for r in library.search("red car", 50) if r.path.endswith("red car.jpg"))
    assert car.reasons == ["in the name: red car"] and car.score < 0.99


def test_reasons_name_each_field() -> None:
    match = (("name", ("img_4392",)), ("folder", ("germany", "2019")),
             ("caption", ("eiffel",)), ("camera", ("testcam",)))
    assert reasons(match) == ["in the name: img_4392", "folder: germany 2019",
                              "in the description: eiffel", "camera: testcam"]
    assert reasons(None) == []
    assert match_score(1.0000002) == 1.0 and match_score(-0.3) == 0.0
