"""A model whose outputs are huge or tiny but finite (times 2e19, 1e30, 1e-22, 1e-40) gives
valid directions: float32's squared norm overflows or underflows, so the encoder normalises
robustly (``onnx_io.l2_normalise``); only non-finite or all-zero outputs are unusable."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import clipview
from clipview.core.models.onnx_io import l2_normalise
from clipview.core.models.store import ModelStore
from clipview.core.vector_rule import bad_rows
from tests.helpers.broken_bundles import build_broken_bundle
from tests.helpers.library_data import colour_folder, colour_of, run_index

FACTORS = [2e19, 1e30, 1e-22, 1e-40]


@pytest.mark.parametrize("factor", [*FACTORS, 5e37, 1e-42])
def test_rows_of_any_finite_size_normalise_to_their_direction(factor: float) -> None:
    direction = np.array([[3.0, -4.0, 0.0, 0.0]])
    raw = (direction * factor).astype(np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        unit = l2_normalise(raw)
    assert np.allclose(unit, direction / 5.0, atol=1e-3) and not bad_rows(unit).any()


def test_non_finite_and_zero_rows_stay_unusable() -> None:
    raw = np.array([[np.nan, 1.0], [np.inf, 1.0], [0.0, 0.0], [1e30, 1e30]], np.float32)
    assert bad_rows(l2_normalise(raw)).tolist() == [True, True, True, False]


@pytest.mark.parametrize("factor", FACTORS)
def test_a_model_with_huge_or_tiny_outputs_installs_indexes_and_searches(
        tmp_path: Path, colour_bundle: Path, factor: float) -> None:
    bundle = build_broken_bundle(tmp_path / "bundle", image=factor, text=factor)
    store = ModelStore(tmp_path / "home")
    list(store.install(str(bundle), name="scaled"))
    assert store.names() == ["scaled"]
    good = clipview.load_model(colour_bundle, "cpu", quantize=False)
    model = clipview.load_model(bundle, "cpu", quantize=False)
    red = Image.new("RGB", (40, 40), (220, 20, 20))
    assert float(model.encode_images([red])[0] @ good.encode_images([red])[0]) > 0.999
    assert float(model.encode_texts(["red"])[0] @ good.encode_texts(["red"])[0]) > 0.999
    colour_folder(tmp_path / "photos", {"red": 2, "blue": 2})
    library = clipview.open_library(tmp_path / "lib", model)
    library.add_folder(tmp_path / "photos")
    summary = run_index(library)
    assert (summary.indexed, summary.skipped) == (4, [])
    assert [colour_of(r.path) for r in library.search("red", 2)] == ["red", "red"]
    assert library.check().ok
    library.close()
