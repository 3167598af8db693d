"""PyTorch → ONNX for CLIP's two towers, outputs L2-normalised, dynamic batch and length."""

from __future__ import annotations

import warnings
from pathlib import Path

import torch
import torch.nn.functional as F
from transformers import CLIPModel

OPSET = 17


def _features(output: object) -> torch.Tensor:
    # transformers ≥ 5 returns a model output whose pooler_output is the projected embedding
    pooled = getattr(output, "pooler_output", output)
    assert isinstance(pooled, torch.Tensor)
    return pooled


class VisualTower(torch.nn.Module):
    """image [N, 3, S, S] float32 → embedding [N, D], unit length."""

    def __init__(self, clip: CLIPModel) -> None:
        super().__init__()
        self.clip = clip

    def forward(self, image: torch.Tensor) -> torch.Tensor:
        return F.normalize(_features(self.clip.get_image_features(pixel_values=image)), dim=-1)


class TextualTower(torch.nn.Module):
    """text [N, L] int32 ids (L ≤ context) → embedding [N, D], unit length."""

    def __init__(self, clip: CLIPModel) -> None:
        super().__init__()
        self.clip = clip

    def forward(self, text: torch.Tensor) -> torch.Tensor:
        ids = text.to(torch.int64)
        return F.normalize(_features(self.clip.get_text_features(input_ids=ids)), dim=-1)


def export_visual(clip: CLIPModel, path: Path, image_size: int) -> None:
    dummy = torch.randn(2, 3, image_size, image_size)
    _export(VisualTower(clip), dummy, path, "image", {0: "batch"})


def export_textual(clip: CLIPModel, path: Path, context_length: int, eos_id: int) -> None:
    dummy = torch.full((2, context_length), eos_id, dtype=torch.int32)
    dummy[:, 0] = eos_id - 1
    dummy[:, 1:4] = torch.tensor([320, 1125, 539], dtype=torch.int32)
    _export(TextualTower(clip), dummy, path, "text", {0: "batch", 1: "sequence"})


def _export(module: torch.nn.Module, dummy: torch.Tensor, path: Path, input_name: str,
            input_axes: dict[int, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            module.eval(), (dummy,), str(path), dynamo=False, opset_version=OPSET,
            input_names=[input_name], output_names=["embedding"],
            dynamic_axes={input_name: input_axes, "embedding": {0: "batch"}},
            do_constant_folding=True,
        )
