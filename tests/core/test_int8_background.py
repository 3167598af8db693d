"""Installing a model (issue 17, item 6): phases with progress, the model usable in fp32 at
once, the int8 copy made afterwards (``quantize.make_int8``) from one read of each model
and a handful of parity inputs, and never made by opening or searching."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import onnx
import pytest

import clipview
from clipview.core.models import encoder, precision, quantize
from clipview.core.models.bundle import load_bundle
from clipview.core.models.store import ModelStore
from tests.core import test_perf_behaviour
from tests.helpers.library_data import colour_folder, colour_of

int8_cache = test_perf_behaviour.int8_cache   # quantised files in tmp; small counts as big


def test_install_reports_each_phase_with_progress_and_makes_no_int8(
        tmp_path: Path, colour_bundle: Path, int8_cache: Path) -> None:
    store = ModelStore(tmp_path / "home")
    steps = list(store.install(str(colour_bundle)))
    phases = [s.phase for s in steps]
    assert phases[0] == "copying" and phases[-1] == "done" and "validating" not in phases
    loading = [(s.file, s.fraction) for s in steps if s.phase == "loading"]
    assert loading == [("the text encoder", 0.0), ("the image encoder", 0.5), ("", 1.0)]
    assert steps[-1].model is not None and steps[-1].model.name == "colour"
    assert not list(int8_cache.rglob("*.onnx"))   # the install did not wait for int8
    bundle = clipview.load_model(store.resolve("colour"), "cpu").bundle
    assert precision.needs_int8(bundle, "cpu")


def test_usable_in_fp32_at_once_and_int8_from_the_next_open(
        tmp_path: Path, colour_bundle: Path, int8_cache: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    bundle_dir = tmp_path / "bundle"
    shutil.copytree(colour_bundle, bundle_dir)
    photos = colour_folder(tmp_path / "photos")

    def must_not_quantise(source: Path, target: Path) -> None:
        raise AssertionError("opening or searching quantised")

    monkeypatch.setattr(quantize, "quantise", must_not_quantise)
    with clipview.open_library(tmp_path / "lib", bundle_dir, device="cpu") as library:
        assert library.model.precision.reason == precision.NOT_MADE
        assert not library.key.endswith("-int8")
        library.add_folder(tmp_path / "photos")
        list(library.index())
        found = library.search("red", k=len(photos["red"]))
        assert [colour_of(r.path) for r in found] == ["red"] * len(photos["red"])
    monkeypatch.undo()
    monkeypatch.setattr(precision, "int8_root", lambda: int8_cache)
    monkeypatch.setattr(precision, "MIN_MODEL_BYTES", 0)
    model = clipview.load_model(bundle_dir, "cpu")
    assert model.precision.name == "fp32"
    steps = list(quantize.make_int8(model.bundle))
    fractions = [s.fraction for s in steps[:-1]]
    assert [s.phase for s in steps[:2]] == ["quantising", "quantising"]
    assert steps[2].phase == "checking" and fractions == sorted(fractions)
    assert f"image 1 of {quantize.PARITY_IMAGES}" in [s.what for s in steps]
    assert steps[-1].phase == "done" and steps[-1].precision is not None
    assert steps[-1].precision.name == "int8"
    assert model.precision.name == "fp32"   # an open model keeps its files
    assert clipview.load_model(bundle_dir, "cpu").precision.name == "int8"   # the next one
    assert not precision.needs_int8(model.bundle, "cpu")


def test_parity_check_runs_a_handful_of_inputs(
        tmp_path: Path, colour_bundle: Path, int8_cache: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    rows: Counter[str] = Counter()
    run = encoder._Encoder.run

    def counting(self: encoder._Encoder, batch: np.ndarray,
                 mask: np.ndarray | None = None) -> np.ndarray:
        path = self._args[0]
        rows[f"{path.parent.name}/{path.name}"] += len(batch)
        return run(self, batch, mask)

    monkeypatch.setattr(encoder._Encoder, "run", counting)
    model = clipview.load_model(colour_bundle, "cpu")
    list(quantize.make_int8(model.bundle))
    visual = {k: v for k, v in rows.items() if k.startswith("visual")}
    int8_visual = {k: v for k, v in rows.items() if k.endswith("visual.int8.onnx")}
    assert set(visual) == {"visual/model.onnx"} and len(int8_visual) == 1
    assert visual["visual/model.onnx"] <= 8 and sum(int8_visual.values()) <= 8
    assert all(count <= 8 for count in rows.values()), rows   # and the 8 texts
    assert len(rows) == 4   # fp32 and int8, both encoders


def test_an_open_fp32_model_is_reused_as_the_reference(
        colour_bundle: Path, int8_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[Path] = []
    create = encoder.create_session
    monkeypatch.setattr(encoder, "create_session",
                        lambda path, *a: opened.append(path) or create(path, *a))
    model = clipview.load_model(colour_bundle, "cpu")
    model.load()
    opened.clear()
    list(quantize.make_int8(model.bundle, reference=model))
    assert sorted(p.name for p in opened) == ["model.onnx", "textual.int8.onnx",
                                              "visual.int8.onnx"]   # fp32 text: reused


def test_7_bit_weights_where_the_cpu_has_no_vnni(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(quantize.platform, "machine", lambda: "x86_64")
    assert quantize.reduce_range("fpu sse4_2 avx2 fma")               # AVX2 only: saturates
    assert not quantize.reduce_range("avx2 avx512f avx512_vnni")      # Cascade Lake, Zen 4
    assert not quantize.reduce_range("avx2 avx_vnni")                 # Alder Lake
    monkeypatch.setattr(quantize.platform, "machine", lambda: "aarch64")
    assert not quantize.reduce_range("")


def test_quantising_reads_each_model_once_and_writes_what_quantize_dynamic_writes(
        tmp_path: Path, colour_bundle: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    source = colour_bundle / "visual" / "model.onnx"
    expected = tmp_path / "expected.onnx"
    quantize_dynamic(str(source), str(expected), weight_type=QuantType.QInt8,
                     per_channel=True, reduce_range=quantize.reduce_range(),
                     op_types_to_quantize=["MatMul", "Gemm"])
    loads: list[str] = []
    load = onnx.load
    monkeypatch.setattr(onnx, "load", lambda f, *a, **k: loads.append(str(f)) or load(f, *a, **k))
    inferred: list[str] = []
    infer = onnx.shape_inference.infer_shapes_path
    monkeypatch.setattr(onnx.shape_inference, "infer_shapes_path",
                        lambda f, *a, **k: inferred.append(str(f)) or infer(f, *a, **k))
    once = tmp_path / "once.onnx"
    quantize._quantise_once(source, once)   # what the child process runs
    assert loads.count(str(source)) == 1 and str(source) not in inferred
    assert len(inferred) == 1   # the quantiser's own (quantize_dynamic adds one more)
    target = tmp_path / "ours.onnx"
    quantize.quantise(source, target)   # in a child process
    assert target.read_bytes() == once.read_bytes() == expected.read_bytes()


def test_cancelling_stops_the_quantiser_process_at_once(tmp_path: Path,
                                                        colour_bundle: Path) -> None:
    import time

    asked: list[float] = []

    def cancelled() -> bool:
        asked.append(time.monotonic())
        return len(asked) > 1   # the second question, 0.1 s after the child started

    target = tmp_path / "never.onnx"
    started = time.monotonic()
    with pytest.raises(quantize.Int8Cancelled):
        quantize.quantise(load_bundle(colour_bundle).visual_model, target, cancelled)
    assert time.monotonic() - started < 5
    assert not target.exists() and not list(tmp_path.glob(".never.onnx.*"))


def test_a_quantiser_failure_is_raised_in_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"not a model")
    with pytest.raises(RuntimeError, match="^[A-Za-z]+.*"):
        quantize.quantise(broken, tmp_path / "out.onnx")
    assert not (tmp_path / "out.onnx").exists()


def test_without_a_child_process_the_copy_is_made_here(tmp_path: Path, colour_bundle: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A frozen app or a sandbox that cannot spawn the quantiser still gets its int8 copy
    (quantised in this process, as before)."""
    import multiprocessing

    class NoProcess:
        def __init__(self, *args: object, **kwargs: object) -> None:
            pass

        def start(self) -> None:
            raise OSError("no processes here")

    spawn = multiprocessing.get_context("spawn")
    monkeypatch.setattr(spawn, "Process", NoProcess)
    monkeypatch.setattr(multiprocessing, "get_context", lambda _method: spawn)
    source = load_bundle(colour_bundle).visual_model
    target = tmp_path / "here.onnx"
    quantize.quantise(source, target)
    once = tmp_path / "once.onnx"
    quantize._quantise_once(source, once)
    assert target.read_bytes() == once.read_bytes()
