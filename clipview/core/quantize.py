"""int8 on CPU: the fp32 encoders quantised locally, once, and used when they agree with fp32.

When CUDA is not used, ``choose_precision`` quantises a bundle's visual and text models with
ONNX Runtime's own ``quantize_dynamic`` (int8 MatMul/Gemm weights, per channel; no torch),
runs both precisions on a fixed set of generated images and texts, and keeps int8 only when
every embedding agrees with fp32 (cosine >= MIN_COSINE). The decision, the parity and the
files live in the user cache dir under the fp32 files' identity (size, mtime, inode), so it
is made once per model (``clipview models install`` makes it while validating the bundle).
Vectors of the two precisions differ a little, so the library keys them apart (``key_suffix``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from clipview.core.bundle import ModelBundle
from clipview.core.paths import cache_dir
from clipview.core.private_files import private_dir, write_private

logger = logging.getLogger(__name__)

MIN_COSINE = 0.99
MIN_MODEL_BYTES = 16 << 20  # smaller models gain nothing (their time is not in MatMuls)
DECISION = "decision.json"
_FORMAT = 1
_GUARD = threading.Lock()
PARITY_TEXTS = ("a photo of a dog", "a red car parked on a street", "sunset over the sea",
                "two people hiking in the mountains", "a bowl of fruit on a table",
                "the night sky full of stars", "a black and white portrait", "snow")


@dataclass(frozen=True)
class Precision:
    """Which model files the encoders run: ``name`` int8 or fp32, and why not int8."""

    name: str
    visual: Path
    textual: Path
    reason: str = ""
    min_cos: float | None = None

    @property
    def key_suffix(self) -> str:
        """Appended to the catalog key: int8 vectors are not fp32 vectors."""
        return "" if self.name == "fp32" else f"-{self.name}"


def int8_root() -> Path:
    """Where quantised models and decisions are kept (rebuildable: a cache)."""
    return cache_dir() / "int8"


def fp32(bundle: ModelBundle, reason: str, min_cos: float | None = None) -> Precision:
    return Precision("fp32", bundle.visual_model, bundle.textual_model, reason, min_cos)


def choose_precision(bundle: ModelBundle, device: str) -> Precision:
    """int8 files for CPU when they pass the parity check; else fp32 with the reason."""
    if device == "cuda":
        return fp32(bundle, "CUDA runs the fp32 model")
    already = str(bundle.manifest.get("precision") or "fp32")
    if already != "fp32":
        return fp32(bundle, f"the bundle is already {already}")
    if bundle.visual_model.stat().st_size < MIN_MODEL_BYTES:
        return fp32(bundle, "a small model: int8 would gain nothing")
    with _GUARD:
        slot = int8_root() / _identity(bundle)
        known = _recorded(bundle, slot)
        return known if known is not None else _decide(bundle, slot)


def known_key_suffix(bundle: ModelBundle, device: str = "auto") -> str:
    """The key suffix a model opened for ``device`` gets, from the recorded decision only
    (never quantises: for listing coverage without opening the model)."""
    from clipview.core.runtime import planned_device

    if device == "cuda" or planned_device(device)[0] == "cuda":
        return ""
    try:
        with _GUARD:
            known = _recorded(bundle, int8_root() / _identity(bundle))
    except OSError:
        return ""
    return known.key_suffix if known is not None else ""


def _identity(bundle: ModelBundle) -> str:
    """The fp32 files as they are now (a renamed bundle keeps it; new weights change it)."""
    facts = []
    for path in (bundle.visual_model, bundle.textual_model):
        info = path.stat()
        facts.append([info.st_size, info.st_mtime_ns, info.st_ino, info.st_dev])
    return hashlib.blake2b(json.dumps(facts).encode(), digest_size=12).hexdigest()


def _recorded(bundle: ModelBundle, slot: Path) -> Precision | None:
    try:
        record = json.loads((slot / DECISION).read_text(encoding="utf-8"))
        if record.get("format") != _FORMAT:
            return None
        if record["name"] == "fp32":
            return fp32(bundle, str(record["reason"]), record.get("min_cos"))
        found = Precision("int8", slot / "visual.int8.onnx", slot / "textual.int8.onnx",
                          "", float(record["min_cos"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return found if found.visual.is_file() and found.textual.is_file() else None


def _decide(bundle: ModelBundle, slot: Path) -> Precision:
    """Quantise, compare with fp32, record the decision (logged either way)."""
    try:
        private_dir(slot)
        candidate = Precision("int8", slot / "visual.int8.onnx", slot / "textual.int8.onnx")
        quantise(bundle.visual_model, candidate.visual)
        quantise(bundle.textual_model, candidate.textual)
        cosine = parity(bundle, candidate)
    except Exception as exc:  # onnxruntime.quantization raises many kinds; fp32 always works
        logger.warning("int8 not used for %s (fp32 kept): quantisation failed: %s",
                       bundle.name, exc)
        return fp32(bundle, f"quantisation failed: {type(exc).__name__}: {exc}"[:300])
    if cosine < MIN_COSINE:
        chosen = fp32(bundle, f"int8 disagrees with fp32 (min cosine {cosine:.4f} < "
                              f"{MIN_COSINE})", cosine)
        for path in (candidate.visual, candidate.textual):
            path.unlink(missing_ok=True)
    else:
        chosen = Precision("int8", candidate.visual, candidate.textual, "", cosine)
    _record(slot, chosen)
    logger.info("precision for %s on CPU: %s (min cosine vs fp32 %.5f) %s", bundle.name,
                chosen.name, cosine, chosen.reason)
    return chosen


def _record(slot: Path, chosen: Precision) -> None:
    record = {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(chosen).items()}
    record["format"] = _FORMAT
    try:
        temporary = slot / f".{DECISION}.{os.getpid()}.tmp"
        write_private(temporary, json.dumps(record).encode())
        os.replace(temporary, slot / DECISION)
    except OSError as exc:  # decided again next time
        logger.warning("cannot record the precision decision in %s: %s", slot, exc)


def quantise(source: Path, target: Path) -> None:
    """Dynamic int8 quantisation of the MatMul/Gemm weights, per channel (ONNX Runtime's)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    quiet = _Quiet()  # it logs advice and every tensor on the root logger
    logging.getLogger().addFilter(quiet)
    try:
        quantize_dynamic(str(source), str(temporary), weight_type=QuantType.QInt8,
                         per_channel=True, op_types_to_quantize=["MatMul", "Gemm"])
        os.chmod(temporary, 0o600)
        os.replace(temporary, target)
    finally:
        logging.getLogger().removeFilter(quiet)
        temporary.unlink(missing_ok=True)


class _Quiet(logging.Filter):
    """Drops onnxruntime.quantization's own log lines (to the debug log instead)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if "onnxruntime" in record.pathname and "quantization" in record.pathname:
            logger.debug("onnxruntime.quantization: %s", record.getMessage())
            return False
        return True


def parity_images(size: tuple[int, int], count: int = 6) -> list[Image.Image]:
    """Fixed generated pictures: gradients, shapes, stripes and noise (no photos needed)."""
    rng = np.random.default_rng(13)
    height, width = size
    pictures = []
    for n in range(count):
        y, x = np.mgrid[0:height, 0:width] / max(height, width)
        base = np.stack([x, y, (x + y) / 2], axis=-1)[..., np.roll(np.arange(3), n)]
        noise = rng.random((height, width, 3)) * (0.1 + 0.15 * (n % 3))
        picture = Image.fromarray(np.uint8(np.clip(base + noise, 0, 1) * 255))
        draw = ImageDraw.Draw(picture)
        for _ in range(4):
            box = sorted(rng.integers(0, width, 2).tolist()) + sorted(
                rng.integers(0, height, 2).tolist())
            colour = tuple(int(c) for c in rng.integers(0, 256, 3))
            draw.ellipse((box[0], box[2], box[1], box[3]), fill=colour)
        pictures.append(picture)
    return pictures


def parity(bundle: ModelBundle, candidate: Precision) -> float:
    """The smallest cosine between fp32 and ``candidate`` embeddings of the fixed inputs."""
    from clipview.core.encoder import ClipModel

    reference = ClipModel(bundle, device="cpu", precision=fp32(bundle, "reference"))
    quantised = ClipModel(bundle, device="cpu", precision=candidate)
    try:
        pixels = np.stack([reference.pixels(p) for p in
                           parity_images(tuple(bundle.preprocess.size))])  # type: ignore[arg-type]
        pairs = [(reference.encode_pixels(pixels), quantised.encode_pixels(pixels)),
                 (reference.encode_texts(list(PARITY_TEXTS)),
                  quantised.encode_texts(list(PARITY_TEXTS)))]
    finally:
        reference.close()
        quantised.close()
    return float(min(np.min(np.sum(a * b, axis=1)) for a, b in pairs))
