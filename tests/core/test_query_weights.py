"""Weights of any size (issue: ``1e42:red`` gave NaN scores): only their ratios count, so a
huge weight means "only this term"; a weight beyond float's range is one clear QueryError;
no score is ever NaN and numpy says nothing."""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import clipview
from clipview.core.library.library import Library
from clipview.core.search.query import QueryError, Term, combine
from tests.helpers.library_data import colour_folder, colour_of, run_index

HUGE = "1" + "0" * 42   # 1e42, as the query parser reads digits
BIG = "1" + "0" * 21


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, colour_bundle: Path
            ) -> Iterator[Library]:
    root = tmp_path_factory.mktemp("weights")
    colour_folder(root / "photos", {"red": 2, "blue": 2, "green": 2})
    lib = clipview.open_library(root / "home", clipview.load_model(colour_bundle, "cpu"))
    lib.add_folder(root / "photos")
    run_index(lib)
    yield lib
    lib.close()


def _unit(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=8).astype(np.float32)
    return vector / np.linalg.norm(vector)


@pytest.mark.parametrize("weight", [1e42, 1e21, 1e-42, 3.0e38, 1e300, -1e42])
def test_a_single_term_of_any_finite_weight_is_that_term(weight: float) -> None:
    red = _unit(1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        unit = combine([Term("red", weight)], red[None, :])
    assert np.isfinite(unit).all()
    assert np.allclose(unit, red if weight > 0 else -red, atol=1e-6)


def test_a_huge_weight_outweighs_the_others() -> None:
    red, blue = _unit(1), _unit(2)
    unit = combine([Term("red", 1e42), Term("blue", 1.0)], np.stack([red, blue]))
    assert np.allclose(unit, red, atol=1e-6)


@pytest.mark.parametrize("weight", [math.inf, -math.inf, math.nan])
def test_a_weight_that_is_no_number_is_refused(weight: float) -> None:
    with pytest.raises(QueryError, match="weight of 'red'"):
        combine([Term("red", weight)], _unit(1)[None, :])


@pytest.mark.parametrize("query", [f"{HUGE}:red", f"{BIG}:red", f"{HUGE}:red + blue",
                                   f"blue - {HUGE}:green"])
def test_searching_with_huge_weights(library: Library, query: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        results = library.search(query, k=6)
    assert results and all(math.isfinite(r.score) for r in results)
    if "red" in query:
        assert [colour_of(r.path) for r in results[:2]] == ["red", "red"]


def test_digits_beyond_float_range_are_one_clear_error(library: Library) -> None:
    with pytest.raises(QueryError, match="too large a number"):
        library.search("9" * 400 + ":red")
