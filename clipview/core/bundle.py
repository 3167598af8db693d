"""Model bundles in Immich's layout: find, read and validate their files."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clipview.core.errors import BundleError
from clipview.core.preprocess import PreprocessConfig

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


def read_json(path: Path) -> dict[str, Any]:
    """A JSON object from ``path``, or BundleError saying what is wrong with it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise BundleError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise BundleError(f"{path} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise BundleError(f"{path} must hold a JSON object, found {type(data).__name__}")
    return data


def load_bundle(root: str | Path) -> ModelBundle:
    """Read and check a bundle directory; raises BundleError naming the first problem."""
    root = Path(root).expanduser()
    if not root.is_dir():
        raise BundleError(f"model bundle {root} does not exist or is not a folder")
    missing = [name for name in REQUIRED_FILES if not (root / name).is_file()]
    if missing:
        raise BundleError(f"model bundle {root} is incomplete: missing {', '.join(missing)}")
    config = read_json(root / "config.json")
    embed_dim = _positive_int(config, "embed_dim", root / "config.json")
    text_cfg = config.get("text_cfg", {})
    text_cfg = text_cfg if isinstance(text_cfg, dict) else {}
    context_length = _context_length(text_cfg, root / "config.json")
    try:
        preprocess = PreprocessConfig.from_dict(read_json(root / "visual/preprocess_cfg.json"))
    except (TypeError, ValueError, IndexError) as exc:
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
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise BundleError(f"{path}: 'text_cfg.context_length' must be a positive integer, "
                          f"found {value!r}")
    return value


def _positive_int(config: dict[str, Any], key: str, path: Path) -> int:
    value = config.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise BundleError(f"{path}: '{key}' must be a positive integer, found {value!r}")
    return value
