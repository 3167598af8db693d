"""Bundle validation says clearly what is wrong."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import TensorProto, helper
from PIL import Image

import clipview
from clipview.core.errors import BundleError
from clipview.core.models.bundle import load_bundle
from clipview.core.models.store import ModelStore, ModelStoreError


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


def _edit_json(path: Path, **changes: object) -> None:
    path.write_text(json.dumps({**json.loads(path.read_text()), **changes}))


def test_an_oversized_json_file_is_refused_unparsed(bundle: Path, tmp_path: Path) -> None:
    config = bundle / "config.json"
    config.write_text('{"embed_dim": 16' + " " * (5 << 20) + "}")  # valid JSON, 5 MB
    with pytest.raises(BundleError, match=r"config.json is 5.2 MB: a bundle's config.json is "
                                          r"at most 4 MB"):
        load_bundle(bundle)
    store = ModelStore(tmp_path / "home")
    with pytest.raises(BundleError, match="is at most 4 MB"):
        list(store.install(str(bundle), name="huge"))
    assert store.names() == []


def test_an_installed_model_with_an_oversized_config_is_listed_not_parsed(
        colour_bundle: Path, tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "home")
    list(store.install(str(colour_bundle), name="fine"))
    config = store.root / "fine" / "config.json"
    with config.open("r+b") as handle:  # a sparse 200 MB file: the old install's
        handle.truncate(200_000_000)
    assert store.get("fine").dim is None
    with pytest.raises(BundleError, match="200.0 MB"):
        load_bundle(store.root / "fine")


def test_an_oversized_tokenizer_is_refused(bundle: Path) -> None:
    with (bundle / "textual" / "tokenizer.json").open("r+b") as handle:
        handle.truncate(65_000_000)
    with pytest.raises(BundleError, match="tokenizer.json is 65.0 MB: a bundle's "
                                          "tokenizer.json is at most 64 MB"):
        clipview.load_model(bundle, "cpu")


def test_deeply_nested_json_is_not_valid_json(bundle: Path) -> None:
    (bundle / "config.json").write_text("[" * 100_000 + "]" * 100_000)
    with pytest.raises(BundleError, match="not valid JSON"):
        load_bundle(bundle)


@pytest.mark.parametrize(("changes", "message"), [
    ({"size": 100000}, "'size' must be a whole number from 1 to 2048, found 100000"),
    ({"size": [224]}, "'size' must be a number or"), ({"size": "big"}, "'size' must be"),
    ({"size": 1e308}, "'size' must be"), ({"size": 22.5}, "'size' must be a whole number"),
    ({"size": True}, "'size' must be"), ({"mean": [0.5, 0.5]}, "'mean' needs three values"),
    ({"mean": [float("nan"), 0, 0]}, "'mean' must be a number"),
    ({"std": [0, 1, 1]}, "'std' must be a number from 1e-06"),
    ({"std": "x"}, "'std' needs three values"), ({"fill_color": 300}, "'fill_color'")])
def test_preprocess_numbers_are_range_checked(bundle: Path, changes: dict[str, object],
                                              message: str) -> None:
    _edit_json(bundle / "visual" / "preprocess_cfg.json", **changes)
    with pytest.raises(BundleError, match=re.escape(message)):
        load_bundle(bundle)


@pytest.mark.parametrize(("changes", "message"), [
    ({"embed_dim": 10**9}, "'embed_dim' must be an integer from 1 to 16384, found 1000000000"),
    ({"text_cfg": {"context_length": 10**7}}, "'text_cfg.context_length' must be an integer")])
def test_config_numbers_are_range_checked(bundle: Path, changes: dict[str, object],
                                          message: str) -> None:
    _edit_json(bundle / "config.json", **changes)
    with pytest.raises(BundleError, match=re.escape(message)):
        load_bundle(bundle)


def test_a_file_where_the_models_folder_should_be_is_one_clear_error(
        colour_bundle: Path, tmp_path: Path) -> None:
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "models").write_text("not a folder")
    store = ModelStore(tmp_path / "home")
    for source in (str(colour_bundle), "immich-app/ViT-B-32__openai"):
        with pytest.raises(ModelStoreError, match=r"models: it is a file, not a folder"):
            list(store.install(source))
    assert store.names() == [] and store.installed() == []
