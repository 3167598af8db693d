"""Parity of an exported bundle with the PyTorch model it came from."""

from __future__ import annotations

import ctypes
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import onnxruntime as ort
import torch
from PIL import Image, ImageOps
from tokenizers import Tokenizer

from clipview_export.onnx_export import TextualTower, VisualTower

VERIFY_TEXTS = [
    "a photo of a dog", "a photo of a cat", "a red car parked on the street",
    "sunset over the sea", "snow on a mountain", "a bowl of oranges", "pizza",
    "a steam locomotive", "a flamingo standing in water", "a castle on a hill",
    "city buildings at night", "a dense green forest", "a glacier", "traffic light",
    "an ambulance", "a goldfish in a bowl", "a lion", "bananas", "people on a beach",
    "A Photo of a DOG!!", "a very long description " + "of many things " * 20, "",
]
_IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".bmp"}


@dataclass
class Parity:
    """Cosine similarity between ONNX and PyTorch embeddings."""

    image_min: float
    text_min: float
    dynamic_length_min: float
    images: int
    texts: int
    provider: str
    notes: list[str] = field(default_factory=list)

    def passes(self, threshold: float) -> bool:
        # fp32: a shorter sequence must give the same embedding (causal mask); the int8
        # variant's per-batch activation scales move it slightly, so it gets its own threshold
        dynamic_threshold = max(threshold, 0.9999) if threshold >= 0.999 else threshold
        return min(self.image_min, self.text_min) >= threshold \
            and self.dynamic_length_min >= dynamic_threshold


def reference_pixels(path: Path, size: int, mean: list[float], std: list[float]) -> np.ndarray:
    """CLIP's reference preprocessing: shorter side → size (bicubic), centre crop, normalise."""
    with Image.open(path) as raw:
        image = (ImageOps.exif_transpose(raw) or raw).convert("RGB")
    w, h = image.size
    new = (size, int(h * size / w)) if w <= h else (int(w * size / h), size)
    image = image.resize((max(new[0], size), max(new[1], size)), Image.Resampling.BICUBIC)
    left = int(round((image.width - size) / 2.0))
    top = int(round((image.height - size) / 2.0))
    image = image.crop((left, top, left + size, top + size))
    array = (np.asarray(image, dtype=np.float32) / 255.0 - np.array(mean, np.float32)) \
        / np.array(std, np.float32)
    return array.transpose(2, 0, 1)


def verification_images(photos: Path | None, size: int, mean: list[float], std: list[float],
                        count: int = 24) -> tuple[np.ndarray, list[str]]:
    """Real photos from ``photos`` (spread over its sub-folders), or seeded noise images."""
    if photos is not None:
        files = sorted(p for p in photos.rglob("*") if p.suffix.lower() in _IMAGE_SUFFIXES)
        if files:
            step = max(1, len(files) // count)
            chosen = files[::step][:count]
            return np.stack([reference_pixels(p, size, mean, std) for p in chosen]), []
    rng = np.random.default_rng(0)
    note = "no --verify-photos given: verified on random images only"
    return rng.standard_normal((8, 3, size, size)).astype(np.float32), [note]


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return np.sum(a * b, axis=1)


def _cuda_driver_present() -> bool:
    try:
        ctypes.CDLL("libcuda.so.1")
    except OSError:
        return False
    return True


def _session(path: Path, want_cuda: bool) -> ort.InferenceSession:
    providers = ["CPUExecutionProvider"]
    if want_cuda and _cuda_driver_present() \
            and "CUDAExecutionProvider" in ort.get_available_providers():
        providers.insert(0, "CUDAExecutionProvider")
    options = ort.SessionOptions()
    options.log_severity_level = 3
    options.intra_op_num_threads = os.cpu_count() or 1
    return ort.InferenceSession(str(path), options, providers=providers)


def token_ids(tokenizer_file: Path, texts: list[str], length: int, pad_id: int) -> np.ndarray:
    tok = Tokenizer.from_file(str(tokenizer_file))
    tok.no_padding()
    tok.enable_truncation(max_length=length)
    ids = np.full((len(texts), length), pad_id, dtype=np.int32)
    for row, encoding in enumerate(tok.encode_batch(texts)):
        ids[row, : len(encoding.ids)] = encoding.ids
    return ids


def measure(model: torch.nn.Module, bundle: Path, pixels: np.ndarray, ids: np.ndarray,
            pad_id: int, want_cuda: bool) -> Parity:
    """Cosines between PyTorch and the bundle's ONNX files on the same inputs."""
    with torch.no_grad():
        ref_img = VisualTower(model)(torch.from_numpy(pixels)).numpy()  # type: ignore[arg-type]
        ref_txt = TextualTower(model)(torch.from_numpy(ids)).numpy()  # type: ignore[arg-type]
    visual = _session(bundle / "visual" / "model.onnx", want_cuda)
    textual = _session(bundle / "textual" / "model.onnx", want_cuda)
    onnx_img = visual.run(["embedding"], {"image": pixels})[0]
    onnx_txt = textual.run(["embedding"], {"text": ids})[0]
    real_len = min(ids.shape[1], int((ids != pad_id).sum(axis=1).max()) + 1)
    short = textual.run(["embedding"], {"text": np.ascontiguousarray(ids[:, :real_len])})[0]
    return Parity(float(_cosines(onnx_img, ref_img).min()),
                  float(_cosines(onnx_txt, ref_txt).min()),
                  float(_cosines(short, onnx_txt).min()), len(pixels), len(ids),
                  visual.get_providers()[0])
