"""Model and indexing throughput: fp32 vs int8 (the app's own quantisation and parity
check), clipview's indexing end to end vs its ceiling (decode + model on the same cores),
and vs an rclip-style PyTorch pipeline (PIL decode at full size, bicubic resize, centre
crop, batches of 8; torch and transformers in the benchmark only)."""

from __future__ import annotations

import os
import shutil
import statistics
import time
from pathlib import Path
from typing import Any

import numpy as np

import clipview
from clipview.core.library.indexer import decode
from clipview.core.library.sync import FileToEncode
from clipview.core.media.scanner import FoundFile
from clipview.core.models import precision, quantize
from clipview.core.models.bundle import load_bundle
from clipview.core.models.encoder import ClipModel
from tests.benchmarks.bench_data import say

CORES = os.cpu_count() or 1
MEAN = np.array([0.48145466, 0.4578275, 0.40821073], np.float32)
STD = np.array([0.26862954, 0.26130258, 0.27577711], np.float32)


def models(bundle: Path) -> tuple[ClipModel, ClipModel, precision.Precision]:
    loaded = load_bundle(bundle)
    list(quantize.make_int8(loaded))   # as the app's background job (once per model)
    int8 = clipview.load_model(bundle, "cpu")
    say(f"precision chosen on CPU: {int8.precision.name} {int8.precision.reason}")
    fp32 = ClipModel(loaded, "cpu", precision=precision.fp32(loaded, "benchmark"))
    return fp32, int8, int8.precision


def model_speed(fp32: ClipModel, int8: ClipModel, rounds: int, batch: int
                ) -> dict[str, float]:
    """Images per second of the visual model alone, A B A B …; medians."""
    pixels = np.random.default_rng(0).standard_normal((batch, 3, 224, 224)).astype(np.float32)
    for model in (fp32, int8):
        model.encode_pixels(pixels[:2])  # sessions open
    rates: dict[str, list[float]] = {"fp32": [], "int8": []}
    for _ in range(rounds):
        for name, model in (("fp32", fp32), ("int8", int8)):
            started = time.perf_counter()
            model.encode_pixels(pixels)
            rates[name].append(batch / (time.perf_counter() - started))
    return {name: statistics.median(values) for name, values in rates.items()}


def decode_seconds(model: ClipModel, folder: Path) -> float:
    """CPU seconds per photo of the app's read + hash + decode + preprocess (one thread)."""
    files = sorted(folder.glob("*.jpg"))
    started = time.process_time()
    for path in files:
        info = path.stat()
        decode(FileToEncode(FoundFile(str(path), info.st_size, info.st_mtime_ns), 1, None), model)
    return (time.process_time() - started) / len(files)


def index_rate(model: ClipModel, folder: Path, scratch: Path) -> float:
    """Photos per second of `Library.index` on a fresh library with the app's default
    batch size (the model's sessions already open: start-up is measured elsewhere)."""
    home = scratch / "index-home"
    shutil.rmtree(home, ignore_errors=True)
    library = clipview.open_library(home, model)
    try:
        library.add_folder(folder)
        started = time.perf_counter()
        summary = None
        for progress in library.index():
            summary = progress.summary or summary
        elapsed = time.perf_counter() - started
    finally:
        library.catalog.close()  # not library.close(): it would close the model's sessions
    assert summary is not None and summary.indexed > 0, summary
    return float(summary.indexed / elapsed)


class TorchPipeline:
    """rclip's way: PIL open + convert("RGB") at full size, bicubic resize of the shortest
    side, centre crop, normalise (rclip/utils/preprocess.py), then the PyTorch model on
    batches of 8 (its default --indexing-batch-size), same random weights as the bundle."""

    def __init__(self) -> None:
        import torch
        from clipview_export.source import random_clip

        torch.set_num_threads(CORES)
        self.torch = torch
        self.model = random_clip("vit-b-32", 0).eval()

    def preprocess(self, path: Path) -> np.ndarray:
        from PIL import Image

        image = Image.open(path).convert("RGB")
        width, height = image.size
        scale = 224 / min(width, height)
        image = image.resize((max(224, int(width * scale)), max(224, int(height * scale))),
                             Image.Resampling.BICUBIC)
        left, top = round((image.width - 224) / 2), round((image.height - 224) / 2)
        pixels = np.asarray(image.crop((left, top, left + 224, top + 224)), np.float32) / 255
        out: np.ndarray = ((pixels - MEAN) / STD).transpose(2, 0, 1)
        return out

    def rate(self, folder: Path) -> float:
        files = sorted(folder.glob("*.jpg"))
        started = time.perf_counter()
        for start in range(0, len(files), 8):
            batch = np.stack([self.preprocess(p) for p in files[start:start + 8]])
            with self.torch.no_grad():
                self.model.get_image_features(pixel_values=self.torch.from_numpy(batch))
        return len(files) / (time.perf_counter() - started)


def indexing(bundle: Path, folders: dict[str, Path], scratch: Path, rounds: int,
             torch_ok: bool) -> dict[str, Any]:
    """Per photo size, in rounds of (model alone, clipview e2e, the torch pipeline): the
    ceiling of each round comes from the model speed measured right before its e2e run."""
    fp32, int8, _ = models(bundle)
    speed = model_speed(fp32, int8, rounds, 32)
    fp32.close()
    torch = TorchPipeline() if torch_ok else None
    out: dict[str, Any] = {"model_img_s": speed}
    pixels = np.random.default_rng(0).standard_normal((32, 3, 224, 224)).astype(np.float32)
    for name, folder in folders.items():
        say(f"indexing {name} photos: clipview vs its ceiling vs the PyTorch pipeline")
        decode_s = decode_seconds(int8, folder)
        ratios, ours, ceilings, theirs = [], [], [], []
        for _ in range(rounds):
            started = time.perf_counter()
            int8.encode_pixels(pixels)
            ceiling = 1 / (decode_s / CORES + (time.perf_counter() - started) / len(pixels))
            ours.append(index_rate(int8, folder, scratch))
            ceilings.append(ceiling)
            ratios.append(ours[-1] / ceiling)
            if torch is not None:
                theirs.append(torch.rate(folder))
        out[name] = {"e2e_img_s": round(statistics.median(ours), 2),
                     "ceiling_img_s": round(statistics.median(ceilings), 2),
                     "e2e_over_ceiling": round(statistics.median(ratios), 3),
                     "decode_cpu_ms": round(decode_s * 1000, 1),
                     "torch_img_s": round(statistics.median(theirs), 2) if theirs else None}
    int8.close()
    return out
