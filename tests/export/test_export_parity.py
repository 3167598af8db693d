"""export/ → bundle → clipview.load_model agrees with PyTorch (random-init real CLIP)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="export tests need the export/ subproject")

from clipview_export.bundle_writer import sha256  # noqa: E402
from clipview_export.onnx_export import TextualTower, VisualTower  # noqa: E402
from clipview_export.source import CLIP_MEAN, CLIP_STD, random_clip  # noqa: E402
from clipview_export.verify import reference_pixels, token_ids  # noqa: E402

import clipview  # noqa: E402

TEXTS = [
    "a photo of a dog", "a photo of a cat", "A Photo of a DOG!!", "a red car", "a castle",
    "sunset over the sea", "snowy mountain peak", "a bowl of oranges", "pizza with cheese",
    "a steam locomotive", "flamingo", "tall buildings", "a forest path", "a glacier",
    "traffic light at night", "ambulance", "goldfish", "a lion resting", "bananas",
    "people walking in a street", "an extremely long caption " + "with many words " * 30,
]


def _export(tmp: Path, name: str, tokenizer: Path, photos: Path, *extra: str) -> Path:
    out = tmp / name
    result = subprocess.run(
        [sys.executable, "-m", "clipview_export.cli", "--random-init", "vit-b-32",
         "--tokenizer", str(tokenizer), "--verify-photos", str(photos), "--out", str(out),
         *extra], capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory, tokenizer_dir: Path,
             shared_photos: Path) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("export")
    return {"fp32": _export(tmp, "b32", tokenizer_dir, shared_photos),
            "int8": _export(tmp, "b32-int8", tokenizer_dir, shared_photos, "--int8")}


@pytest.fixture(scope="module")
def reference() -> torch.nn.Module:
    return random_clip("vit-b-32", seed=0)


@pytest.fixture(scope="module")
def photos(shared_photos: Path) -> list[Path]:
    files = sorted(shared_photos.rglob("*.jpg"))
    return files[::len(files) // 24][:24]  # spread over every folder, several sizes


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sum(a * b, axis=1) / np.linalg.norm(a, axis=1) / np.linalg.norm(b, axis=1)


def _torch_images(model: torch.nn.Module, photos: list[Path]) -> np.ndarray:
    pixels = np.stack([reference_pixels(p, 224, CLIP_MEAN, CLIP_STD) for p in photos])
    with torch.no_grad():
        return VisualTower(model)(torch.from_numpy(pixels)).numpy()


def _torch_texts(model: torch.nn.Module, tokenizer: Path) -> np.ndarray:
    ids = token_ids(tokenizer / "tokenizer.json", TEXTS, 77, 49407)
    with torch.no_grad():
        return TextualTower(model)(torch.from_numpy(ids)).numpy()


@pytest.mark.slow  # exports full-size ViT-B/32 twice (fp32, int8): minutes
@pytest.mark.parametrize(("precision", "threshold"), [("fp32", 0.999), ("int8", 0.99)])
def test_app_embeddings_match_pytorch(exported: dict[str, Path], reference: torch.nn.Module,
                                      photos: list[Path], tokenizer_dir: Path,
                                      precision: str, threshold: float) -> None:
    model = clipview.load_model(exported[precision], device="cpu", quantize=False)
    assert len(photos) >= 20 and len(TEXTS) >= 20
    image_cos = _cosines(model.encode_images(photos), _torch_images(reference, photos))
    text_cos = _cosines(model.encode_texts(TEXTS), _torch_texts(reference, tokenizer_dir))
    assert image_cos.min() >= threshold, image_cos
    assert text_cos.min() >= threshold, text_cos
    # the check is not trivial: different photos are far apart in this random model
    images = model.encode_images(photos[:8])
    assert (images @ images.T)[~np.eye(8, dtype=bool)].min() < 0.95


@pytest.mark.slow  # the ViT-B/32 export
def test_dynamic_text_length_matches_padding_to_77(exported: dict[str, Path]) -> None:
    model = clipview.load_model(exported["fp32"], device="cpu", quantize=False)
    padded = model.tokenizer.to_array(TEXTS, length=77)
    session = model._textual.ready()[0].session
    full = session.run(["embedding"], {"text": padded})[0]
    assert model.tokenizer.to_array(TEXTS[:3]).shape[1] < 20  # really cut short
    assert _cosines(model.encode_texts(TEXTS[:3]), full[:3]).min() >= 0.9999
    assert _cosines(model.encode_texts(TEXTS), full).min() >= 0.9999


@pytest.mark.slow  # the ViT-B/32 export
def test_bundle_layout_and_manifest(exported: dict[str, Path]) -> None:
    bundle = exported["fp32"]
    for name in ("config.json", "visual/model.onnx", "visual/preprocess_cfg.json",
                 "textual/model.onnx", "textual/tokenizer.json",
                 "textual/tokenizer_config.json", "manifest.json"):
        assert (bundle / name).is_file(), name
    config = json.loads((bundle / "config.json").read_text())
    assert config["embed_dim"] == 512 and config["vision_cfg"]["image_size"] == 224
    assert config["text_cfg"]["context_length"] == 77
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert manifest["files"]["visual/model.onnx"] == sha256(bundle / "visual/model.onnx")
    assert manifest["parity"]["image_min"] >= 0.999 and manifest["precision"] == "fp32"
    int8 = exported["int8"]
    assert (int8 / "visual/model.onnx").stat().st_size < 0.5 * (
        bundle / "visual/model.onnx").stat().st_size


def test_fp16_variant_parity(tmp_path: Path, tokenizer_dir: Path, shared_photos: Path) -> None:
    out = tmp_path / "tiny16"
    result = subprocess.run(
        [sys.executable, "-m", "clipview_export.cli", "--random-init", "tiny", "--fp16",
         "--tokenizer", str(tokenizer_dir), "--verify-photos", str(shared_photos),
         "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["precision"] == "fp16" and manifest["parity"]["text_min"] >= 0.99
    model = clipview.load_model(out, device="cpu", quantize=False)
    reference = random_clip("tiny", seed=0)
    photos = sorted(shared_photos.rglob("*.jpg"))[::40]
    cos = _cosines(model.encode_images(photos), _torch_images(reference, photos))
    assert cos.min() >= 0.99


def test_failed_parity_writes_nothing_and_exits_non_zero(tmp_path: Path,
                                                         tokenizer_dir: Path) -> None:
    out = tmp_path / "refused"
    result = subprocess.run(
        [sys.executable, "-m", "clipview_export.cli", "--random-init", "tiny",
         "--tokenizer", str(tokenizer_dir), "--out", str(out), "--min-cosine", "1.01"],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 1
    assert "parity check failed" in result.stderr and "image_min" in result.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_random_init_needs_tokenizer(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "clipview_export.cli", "--random-init", "tiny",
         "--out", str(tmp_path / "x")], capture_output=True, text=True, timeout=600)
    assert result.returncode != 0 and "--tokenizer" in result.stderr
