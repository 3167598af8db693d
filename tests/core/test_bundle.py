"""Bundle validation says clearly what is wrong."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper
from PIL import Image

import clipview
from clipview.core.bundle import load_bundle
from clipview.core.errors import BundleError


@pytest.fixture()
def bundle(colour_bundle: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(colour_bundle, tmp_path / "copy"))


def test_valid_bundle_reads(bundle: Path) -> None:
    loaded = load_bundle(bundle)
    assert loaded.embed_dim == 16 and loaded.context_length == 77
    assert loaded.preprocess.size == (32, 32) and loaded.preprocess.mean == (0.0, 0.0, 0.0)


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(BundleError, match="does not exist"):
        load_bundle(tmp_path / "nowhere")


@pytest.mark.parametrize("missing", ["visual/model.onnx", "textual/tokenizer.json",
                                     "visual/preprocess_cfg.json", "config.json"])
def test_missing_file_is_named(bundle: Path, missing: str) -> None:
    (bundle / missing).unlink()
    with pytest.raises(BundleError, match=f"missing {missing}"):
        load_bundle(bundle)


def test_bad_json_and_bad_dim(bundle: Path) -> None:
    (bundle / "config.json").write_text("{ nope")
    with pytest.raises(BundleError, match="not valid JSON"):
        load_bundle(bundle)
    (bundle / "config.json").write_text(json.dumps({"embed_dim": "big"}))
    with pytest.raises(BundleError, match="embed_dim"):
        load_bundle(bundle)


def test_dim_mismatch_with_model_output(bundle: Path) -> None:
    (bundle / "config.json").write_text(json.dumps({"embed_dim": 512}))
    model = clipview.load_model(bundle, "cpu")
    with pytest.raises(BundleError, match="16-d embeddings but config.json says embed_dim"):
        model.encode_texts(["red"])


def _two_input_text_model(path: Path) -> None:
    table = helper.make_tensor("t", TensorProto.FLOAT, [49408, 16],
                               np.zeros(49408 * 16, np.float32))
    graph = helper.make_graph(
        [helper.make_node("Gather", ["t", "input_ids"], ["g"]),
         helper.make_node("ReduceMean", ["g"], ["last_hidden_state"], axes=[1], keepdims=0),
         helper.make_node("Identity", ["attention_mask"], ["mask_out"])],
        "hf_style",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["b", "s"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["b", "s"])],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["b", 16]),
         helper.make_tensor_value_info("mask_out", TensorProto.INT64, ["b", "s"])],
        [table])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], ir_version=10)
    onnx.save(model, str(path))


def test_hf_style_outputs_are_reported(bundle: Path) -> None:
    # input_ids + attention_mask is accepted (XLM-R exports); a raw HF output is not
    _two_input_text_model(bundle / "textual" / "model.onnx")
    model = clipview.load_model(bundle, "cpu")
    with pytest.raises(BundleError, match=r"outputs \(last_hidden_state, mask_out\) and none"):
        model.encode_texts(["red"])


def test_image_model_in_text_slot_is_reported(bundle: Path) -> None:
    shutil.copyfile(bundle / "visual" / "model.onnx", bundle / "textual" / "model.onnx")
    model = clipview.load_model(bundle, "cpu")
    with pytest.raises(BundleError, match="input 'image' is tensor\\(float\\)"):
        model.encode_texts(["red"])


def test_unloadable_onnx_file(bundle: Path) -> None:
    (bundle / "visual" / "model.onnx").write_bytes(b"garbage")
    model = clipview.load_model(bundle, "cpu")
    with pytest.raises(BundleError, match="ONNX Runtime cannot load"):
        model.encode_images([Image.new("RGB", (8, 8))])
