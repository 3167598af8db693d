"""Model bundles in Immich's layout: find, read and validate their files."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clipview.core.errors import BundleError, ImageSkipped
from clipview.core.media.preprocess import PreprocessConfig
from clipview.core.media.safe_read import read_regular

MAX_TEXT_BYTES = 4_000_000        # config.json, preprocess_cfg.json, manifest, vocabularies
MAX_TOKENIZER_BYTES = 64_000_000  # tokenizer.json (Gemma's, the largest known, is ~34 MB)
MODEL_SUFFIXES = (".onnx", ".onnx_data", ".data", ".bin", ".pb")
MAX_EMBED_DIM = 16384
MAX_CONTEXT_LENGTH = 8192

REQUIRED_FILES = (
    "config.json",
    "visual/model.onnx",
    "visual/preprocess_cfg.json",
    "textual/model.onnx",
    "textual/tokenizer.json",
)


@dataclass(frozen=True)
class ModelBundle:
    """A validated bundle directory (files present, JSON readable, config consistent)."""

    root: Path
    name: str
    embed_dim: int
    context_length: int
    preprocess: PreprocessConfig
    tokenizer_config: dict[str, Any] = field(default_factory=dict)
    manifest: dict[str, Any] = field(default_factory=dict)
    text_cfg: dict[str, Any] = field(default_factory=dict)  # config.json's, for tokenisation

    @property
    def visual_model(self) -> Path:
        return self.root / "visual" / "model.onnx"

    @property
    def textual_model(self) -> Path:
        return self.root / "textual" / "model.onnx"

    @property
    def tokenizer_file(self) -> Path:
        return self.root / "textual" / "tokenizer.json"


def size_limit(name: str) -> int | None:
    """The most bytes a bundle file called ``name`` may have (None: a model's weights)."""
    if name.endswith(MODEL_SUFFIXES):
        return None
    return MAX_TOKENIZER_BYTES if name.endswith("tokenizer.json") else MAX_TEXT_BYTES


def read_bounded(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a bundle's regular file, at most ``limit`` (default: ``size_limit``);
    BundleError when it is larger, not a regular file or unreadable."""
    limit = limit if limit is not None else size_limit(path.name) or MAX_TEXT_BYTES
    try:
        size = path.stat().st_size
        if size > limit:
            raise BundleError(f"{path} is {size / 1e6:.1f} MB: a bundle's {path.name} is at "
                              f"most {limit / 1e6:.0f} MB (this is not a CLIP bundle)")
        return read_regular(path, limit).data
    except ImageSkipped as exc:
        raise BundleError(f"cannot read {path}: {exc.detail}") from exc
    except OSError as exc:
        raise BundleError(f"cannot read {path}: {exc.strerror or exc}") from exc


def read_json(path: Path) -> dict[str, Any]:
    """A JSON object from ``path`` (read bounded), or BundleError saying what is wrong."""
    try:
        data = json.loads(read_bounded(path).decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise BundleError(f"{path} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise BundleError(f"{path} must hold a JSON object, found {type(data).__name__}")
    return data


def _check_required(root: Path) -> None:
    """BundleError unless each of REQUIRED_FILES is a regular file (or a link to one): a
    FIFO or a device is named as such, not as missing."""
    odd = [name for name in REQUIRED_FILES if (root / name).exists()
           and not (root / name).is_file()]
    if odd:
        raise BundleError(f"model bundle {root}: {odd[0]} is not a regular file")
    missing = [name for name in REQUIRED_FILES if not (root / name).is_file()]
    if "config.json" in missing:   # a folder of something else, not a damaged bundle
        raise BundleError(f"{root} is not a model bundle: it has no config.json "
                          f"(missing {', '.join(missing)})")
    if missing:
        raise BundleError(f"model bundle {root} is incomplete: missing {', '.join(missing)}")


def load_bundle(root: str | Path) -> ModelBundle:
    """Read and check a bundle directory; raises BundleError naming the first problem."""
    root = Path(root).expanduser()
    if not root.is_dir():
        raise BundleError(f"model bundle {root} does not exist or is not a folder")
    _check_required(root)
    config = read_json(root / "config.json")
    embed_dim = _positive_int(config, "embed_dim", root / "config.json")
    text_cfg = config.get("text_cfg", {})
    text_cfg = text_cfg if isinstance(text_cfg, dict) else {}
    context_length = _context_length(text_cfg, root / "config.json")
    try:
        preprocess = PreprocessConfig.from_dict(read_json(root / "visual/preprocess_cfg.json"))
    except (TypeError, ValueError, IndexError, OverflowError) as exc:
        raise BundleError(f"{root / 'visual/preprocess_cfg.json'}: {exc}") from exc
    tokenizer_cfg_path = root / "textual" / "tokenizer_config.json"
    tokenizer_config = read_json(tokenizer_cfg_path) if tokenizer_cfg_path.is_file() else {}
    manifest_path = root / "manifest.json"
    manifest = read_json(manifest_path) if manifest_path.is_file() else {}
    name = str(manifest.get("name") or root.name)
    return ModelBundle(root, name, embed_dim, context_length, preprocess,
                       tokenizer_config, manifest, text_cfg)


def _context_length(text_cfg: dict[str, Any], path: Path) -> int:
    value = text_cfg.get("context_length", 77)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= \
            MAX_CONTEXT_LENGTH:
        raise BundleError(f"{path}: 'text_cfg.context_length' must be an integer from 1 to "
                          f"{MAX_CONTEXT_LENGTH}, found {str(value)[:40]}")
    return value


def _positive_int(config: dict[str, Any], key: str, path: Path) -> int:
    value = config.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_EMBED_DIM:
        raise BundleError(f"{path}: '{key}' must be an integer from 1 to {MAX_EMBED_DIM}, "
                          f"found {str(value)[:40]}")
    return value
