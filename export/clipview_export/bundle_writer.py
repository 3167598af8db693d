"""Write a verified bundle: export, convert, check parity, then move into place atomically."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from clipview_export import __version__
from clipview_export.onnx_export import export_textual, export_visual
from clipview_export.source import LoadedSource, copy_tokenizer
from clipview_export.variants import to_fp16, to_int8
from clipview_export.verify import VERIFY_TEXTS, Parity, measure, token_ids, verification_images

THRESHOLDS = {"fp32": 0.999, "fp16": 0.99, "int8": 0.99}


class ParityFailure(Exception):
    """The exported bundle does not reproduce the PyTorch model closely enough."""

    def __init__(self, parity: Parity, threshold: float) -> None:
        super().__init__(f"parity below {threshold}: {asdict(parity)}")
        self.parity = parity


@dataclass
class ExportRequest:
    source: LoadedSource
    out: Path
    precision: str = "fp32"
    verify_photos: Path | None = None
    name: str | None = None
    force: bool = False
    min_cosine: float | None = None

    @property
    def threshold(self) -> float:
        return self.min_cosine if self.min_cosine is not None else THRESHOLDS[self.precision]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_bundle(request: ExportRequest) -> Parity:
    """Build the bundle beside ``out``, verify it, and only then move it to ``out``."""
    out = request.out.resolve()
    if out.exists() and any(out.iterdir()) and not request.force:
        raise FileExistsError(f"{out} exists and is not empty (use --force to replace it)")
    out.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))
    work.chmod(0o755)
    try:
        parity = _build(request, work)
        _replace(work, out)
        return parity
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _build(request: ExportRequest, work: Path) -> Parity:
    model = request.source.model
    text_cfg, vision_cfg = model.config.text_config, model.config.vision_config
    context, size = int(text_cfg.max_position_embeddings), int(vision_cfg.image_size)
    export_visual(model, work / "visual" / "model.onnx", size)
    export_textual(model, work / "textual" / "model.onnx", context, int(text_cfg.eos_token_id))
    _convert(work, request.precision)
    copy_tokenizer(request.source.tokenizer_dir, work / "textual")
    _write_json(work / "config.json", _open_clip_config(model))
    _write_json(work / "visual" / "preprocess_cfg.json", {
        "size": [size, size], "mode": "RGB", "mean": request.source.mean,
        "std": request.source.std, "interpolation": "bicubic", "resize_mode": "shortest",
        "fill_color": 0})
    parity = _verify(request, work, size, context)
    if not parity.passes(request.threshold):
        raise ParityFailure(parity, request.threshold)
    _write_manifest(request, work, parity)
    return parity


def _convert(work: Path, precision: str) -> None:
    if precision == "fp32":
        return
    convert = to_fp16 if precision == "fp16" else to_int8
    for tower in ("visual", "textual"):
        fp32 = work / tower / "model.fp32.onnx"
        (work / tower / "model.onnx").rename(fp32)
        convert(fp32, work / tower / "model.onnx")
        fp32.unlink()


def _verify(request: ExportRequest, work: Path, size: int, context: int) -> Parity:
    source = request.source
    pixels, notes = verification_images(request.verify_photos, size, source.mean, source.std)
    pad_id = int(source.model.config.text_config.eos_token_id)
    ids = token_ids(work / "textual" / "tokenizer.json", VERIFY_TEXTS, context, pad_id)
    parity = measure(source.model, work, pixels, ids, pad_id,
                     want_cuda=request.precision == "fp16")
    parity.notes.extend(notes)
    return parity


def _open_clip_config(model: object) -> dict[str, object]:
    config = model.config  # type: ignore[attr-defined]
    vision, text = config.vision_config, config.text_config
    return {
        "embed_dim": int(config.projection_dim),
        "vision_cfg": {"image_size": int(vision.image_size), "layers": vision.num_hidden_layers,
                       "width": vision.hidden_size, "patch_size": vision.patch_size},
        "text_cfg": {"context_length": int(text.max_position_embeddings),
                     "vocab_size": int(text.vocab_size), "width": text.hidden_size,
                     "heads": text.num_attention_heads, "layers": text.num_hidden_layers},
    }


def _write_manifest(request: ExportRequest, work: Path, parity: Parity) -> None:
    files = sorted(p for p in work.rglob("*") if p.is_file())
    _write_json(work / "manifest.json", {
        "name": request.name or request.out.name,
        "source": request.source.description,
        "precision": request.precision,
        "embed_dim": int(request.source.model.config.projection_dim),
        "image_size": int(request.source.model.config.vision_config.image_size),
        "context_length": int(request.source.model.config.text_config.max_position_embeddings),
        "files": {str(p.relative_to(work)): sha256(p) for p in files},
        "parity": asdict(parity),
        "exporter": f"clipview-export {__version__}",
    })


def _write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def _replace(work: Path, out: Path) -> None:
    old = None
    if out.exists():
        old = out.with_name(f".{out.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        out.rename(old)
    work.rename(out)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
