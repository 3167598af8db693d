"""Encoders on the synthetic colour bundle: meaning, Immich input variants, devices."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from onnx import TensorProto
from PIL import Image

import clipview
from clipview.core.models.encoder import ClipModel
from tests.helpers.synthetic_bundle import (
    COLOUR_RGB,
    DIM,
    BundleShape,
    build_colour_bundle,
    colour_photo,
)

COLOURS = ["red", "green", "blue", "yellow", "white", "black"]


@pytest.fixture(scope="module")
def model(colour_bundle: Path) -> ClipModel:
    return clipview.load_model(colour_bundle, device="cpu")


def test_properties(model: ClipModel) -> None:
    assert model.dim == DIM and model.name == "synthetic-colour" and model.device == "cpu"
    assert model.device_note == ""


def test_colour_words_rank_colour_photos_first(model: ClipModel, tmp_path: Path) -> None:
    paths = [colour_photo(tmp_path / f"{c}.jpg", c, seed=i) for i, c in enumerate(COLOURS)]
    images = model.encode_images(paths)
    texts = model.encode_texts([f"a photo of something {c}" for c in COLOURS])
    assert images.shape == (6, DIM) and images.dtype == np.float32
    assert np.allclose(np.linalg.norm(images, axis=1), 1, atol=1e-5)
    assert list((texts @ images.T).argmax(axis=1)) == list(range(len(COLOURS)))


def test_pil_images_and_paths_agree(model: ClipModel, tmp_path: Path) -> None:
    path = colour_photo(tmp_path / "blue.png", "blue")
    with Image.open(path) as image:
        from_pil = model.encode_images([image.copy()])
    assert np.allclose(from_pil, model.encode_images([path]), atol=1e-6)


def test_empty_inputs(model: ClipModel) -> None:
    assert model.encode_images([]).shape == (0, DIM)
    assert model.encode_texts([]).shape == (0, DIM)
    assert model.encode_texts("red").shape == (1, DIM)


@pytest.mark.parametrize("shape", [
    BundleShape(image_batch=1, text_batch=1, text_length=77, id_type=TensorProto.INT32),
    BundleShape(id_type=TensorProto.INT64),
    BundleShape(text_length=77, id_type=TensorProto.INT64),
], ids=["immich-fixed-batch1-len77", "int64-dynamic", "int64-fixed-length"])
def test_immich_style_input_variants_give_same_vectors(
        shape: BundleShape, model: ClipModel, tmp_path: Path) -> None:
    variant = clipview.load_model(build_colour_bundle(tmp_path / "variant", shape), "cpu")
    paths = [colour_photo(tmp_path / f"{c}.png", c) for c in COLOURS[:3]]
    texts = ["red", "a green field", "blue sky and blue sea"]
    assert np.allclose(variant.encode_images(paths), model.encode_images(paths), atol=1e-5)
    assert np.allclose(variant.encode_texts(texts), model.encode_texts(texts), atol=1e-5)


def test_cuda_request_without_gpu_falls_back_and_says_why(colour_bundle: Path) -> None:
    from clipview.core.models.runtime import cuda_unavailable_reason

    if cuda_unavailable_reason() is None:
        pytest.skip("a CUDA GPU is present: the fallback cannot be shown here")
    model = clipview.load_model(colour_bundle, device="cuda")
    assert model.device == "cpu"
    assert "CUDA not used" in model.device_note and "CPU" in model.device_note
    assert model.encode_texts(["red"]).shape == (1, DIM)


def test_unknown_device_is_refused(colour_bundle: Path) -> None:
    with pytest.raises(ValueError, match="device"):
        clipview.load_model(colour_bundle, device="tpu")


def test_pure_colour_vectors_match_text_exactly(model: ClipModel) -> None:
    image = Image.new("RGB", (40, 40), COLOUR_RGB["red"])
    cosine = float(model.encode_images([image])[0] @ model.encode_texts(["red"])[0])
    assert cosine > 0.999
