"""Where the PyTorch CLIP comes from: a checkpoint folder, a hub id, or random weights."""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
from transformers import CLIPConfig, CLIPModel

CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073]
CLIP_STD = [0.26862954, 0.26130258, 0.27577711]
TOKEN_IDS = {"bos_token_id": 49406, "eos_token_id": 49407, "pad_token_id": 49407}

RANDOM_ARCHITECTURES: dict[str, dict[str, Any]] = {
    # the real ViT-B/32 (CLIPConfig's defaults are OpenAI's ViT-B/32)
    "vit-b-32": {"text_config": {}, "vision_config": {}, "projection_dim": 512},
    # same structure, small widths: fast tests
    "tiny": {
        "text_config": {"hidden_size": 64, "intermediate_size": 256,
                        "num_hidden_layers": 2, "num_attention_heads": 2},
        "vision_config": {"hidden_size": 64, "intermediate_size": 256,
                          "num_hidden_layers": 2, "num_attention_heads": 2,
                          "patch_size": 32, "image_size": 224},
        "projection_dim": 32,
    },
}


@dataclass
class LoadedSource:
    """A CLIP model in eval mode plus what the bundle needs beside its weights."""

    model: CLIPModel
    tokenizer_dir: Path
    mean: list[float]
    std: list[float]
    description: str


def random_clip(architecture: str, seed: int = 0) -> CLIPModel:
    """The real CLIP architecture with random weights (no download)."""
    spec = RANDOM_ARCHITECTURES[architecture]
    config = CLIPConfig(text_config={**spec["text_config"], **TOKEN_IDS},
                        vision_config=dict(spec["vision_config"]),
                        projection_dim=spec["projection_dim"])
    config._attn_implementation = "eager"
    torch.manual_seed(seed)
    return CLIPModel(config).eval()


def load_source(source: str | None, random_init: str | None, tokenizer: Path | None,
                seed: int = 0) -> LoadedSource:
    """Resolve --source / --random-init / --tokenizer into a model and tokenizer files."""
    if random_init:
        if tokenizer is None:
            raise SystemExit("--random-init needs --tokenizer DIR (a CLIP tokenizer.json folder)")
        return LoadedSource(random_clip(random_init, seed), tokenizer, CLIP_MEAN, CLIP_STD,
                            f"random-init:{random_init}:seed={seed}")
    if not source:
        raise SystemExit("give --source (checkpoint folder or hub id) or --random-init")
    model = CLIPModel.from_pretrained(source, attn_implementation="eager").eval()
    tokenizer_dir = tokenizer or _tokenizer_dir(source)
    mean, std = _image_stats(source)
    return LoadedSource(model, tokenizer_dir, mean, std, source)


def _tokenizer_dir(source: str) -> Path:
    local = Path(source)
    if (local / "tokenizer.json").is_file():
        return local
    from transformers import CLIPTokenizerFast  # fetches from the hub for a hub id

    target = Path(tempfile.mkdtemp(prefix="clipview-tok-"))
    CLIPTokenizerFast.from_pretrained(source).save_pretrained(target)
    return target


def _image_stats(source: str) -> tuple[list[float], list[float]]:
    config_file = Path(source) / "preprocessor_config.json"
    if config_file.is_file():
        raw = json.loads(config_file.read_text())
        return list(raw.get("image_mean", CLIP_MEAN)), list(raw.get("image_std", CLIP_STD))
    return CLIP_MEAN, CLIP_STD


def copy_tokenizer(tokenizer_dir: Path, target: Path) -> None:
    """Copy tokenizer.json and its side files (Immich reads tokenizer_config.json too)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
                 "vocab.json", "merges.txt"):
        if (tokenizer_dir / name).is_file():
            shutil.copyfile(tokenizer_dir / name, target / name)
    if not (target / "tokenizer.json").is_file():
        raise SystemExit(f"no tokenizer.json in {tokenizer_dir}")
