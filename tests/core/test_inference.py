"""ONNX Runtime failures become InferenceError; sessions are released; ``device`` is honest
and never opens a session by surprise."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from onnxruntime.capi.onnxruntime_pybind11_state import InvalidProtobuf

import clipview
from clipview.core.errors import BundleError, InferenceError
from clipview.core.models import encoder as encoder_module
from clipview.core.models.runtime import cuda_unavailable_reason, describe_failure, session_error


def test_a_failing_run_is_an_inference_error(colour_bundle: Path) -> None:
    """A real ONNX Runtime failure: a token id outside the vocabulary."""
    model = clipview.load_model(colour_bundle, device="cpu")
    with pytest.raises(InferenceError, match="textual/model.onnx on cpu: .*out of data bounds"):
        model._textual.run(np.full((1, 8), 10**9, np.int64))
    assert model.encode_texts(["red"]).shape == (1, model.dim)  # the session still works


def test_out_of_memory_is_said_plainly(colour_bundle: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def exhausted(*args: object) -> np.ndarray:
        raise RuntimeError("CUDA failure 2: out of memory ; GPU=0 ; hostname=x")

    monkeypatch.setattr(encoder_module, "run_batched", exhausted)
    model = clipview.load_model(colour_bundle, device="cpu")
    with pytest.raises(InferenceError, match="the GPU ran out of memory"):
        model.encode_texts(["red"])


def test_session_errors_are_sorted_into_bundle_or_inference_problems() -> None:
    model = Path("/models/b32/visual/model.onnx")
    broken_file = session_error(InvalidProtobuf("Protobuf parsing failed."), model)
    assert isinstance(broken_file, BundleError) and "cannot load" in str(broken_file)
    no_memory = session_error(RuntimeError("Failed to allocate memory for requested buffer"),
                              model)
    assert isinstance(no_memory, InferenceError) and "visual/model.onnx" in str(no_memory)
    assert "ran out of memory" in str(no_memory)
    assert describe_failure(RuntimeError("")) == "RuntimeError: RuntimeError"


def test_close_releases_sessions_and_encoding_reopens(colour_bundle: Path) -> None:
    model = clipview.load_model(colour_bundle, device="cpu")
    first = model.encode_texts(["red"])
    assert model.loaded and model._textual.info is not None
    model.close()
    assert not model.loaded and model._textual.info is None and model._visual.info is None
    assert np.allclose(model.encode_texts(["red"]), first)


def test_library_close_releases_the_model(tmp_path: Path, colour_bundle: Path) -> None:
    library = clipview.open_library(tmp_path / "home", colour_bundle, device="cpu")
    library.search("red")
    assert library.model.loaded
    library.close()
    assert not library.model.loaded


@pytest.mark.parametrize("device", ["cpu", "auto", "cuda"])
def test_reading_device_opens_no_session(colour_bundle: Path, device: str) -> None:
    model = clipview.load_model(colour_bundle, device=device)
    predicted, note = model.device, model.device_note
    assert not model.loaded and model._visual.info is None
    if device == "cpu" or cuda_unavailable_reason() is not None:
        assert predicted == "cpu"
        assert (note == "") == (device == "cpu")
    model.load()
    assert model.loaded and model.device in ("cpu", "cuda")
    if device == "cpu":
        assert model.device == "cpu" and model.device_note == ""
