"""A tiny model bundle with known answers: colour words ↔ colour photos.

The bundle's preprocessing uses mean 0 and std 1, so the image encoder sees each pixel's
intensity in [0, 1]. It averages each channel, appends a constant BIAS (so black has a
direction too) and maps that 4-vector into DIM dimensions with an orthonormal map. The text
encoder sums, over the tokens, a table row that is the same map applied to the word's
colour, so "red" points exactly where red photos point, "red + blue" where magenta photos
point, and "dark" where black ones do. Built with onnx.helper alone: no torch.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from PIL import Image
from tokenizers import Tokenizer

from tests.helpers.paths import TOKENIZER_DIR

DIM = 16
IMAGE_SIZE = 32
VOCAB = 49408
BIAS = 0.2
# colour words → the mean channel intensities (0..1) of photos of that colour
COLOUR_WORDS: dict[str, tuple[float, float, float]] = {
    "red": (1, 0, 0), "green": (0, 1, 0), "blue": (0, 0, 1), "yellow": (1, 1, 0),
    "teal": (0, 0.5, 0.5), "magenta": (1, 0, 1), "purple": (0.5, 0, 0.5),
    "orange": (1, 0.5, 0), "white": (1, 1, 1), "grey": (0.5, 0.5, 0.5),
    "black": (0, 0, 0), "dark": (0, 0, 0), "bright": (1, 1, 1),
}
COLOUR_RGB: dict[str, tuple[int, int, int]] = {
    name: (int(round(255 * r)), int(round(255 * g)), int(round(255 * b)))
    for name, (r, g, b) in COLOUR_WORDS.items()
}
COLOUR_RGB["dark red"] = (110, 0, 0)


@dataclass(frozen=True)
class BundleShape:
    """How the encoders' inputs look: lets tests mimic the various Immich exports."""

    image_batch: int | str = "batch"
    text_batch: int | str = "batch"
    text_length: int | str = "sequence"
    id_type: int = TensorProto.INT32


def projection(seed: int = 7, dim: int = DIM) -> np.ndarray:
    """[4, dim] with orthonormal rows: keeps cosines between (r, g, b, BIAS) vectors."""
    q, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((dim, 4)))
    return q.T.astype(np.float32)


def _visual_model(proj: np.ndarray, shape: BundleShape) -> onnx.ModelProto:
    nodes = [
        helper.make_node("ReduceMean", ["image", "axes"], ["means"], keepdims=0),
        helper.make_node("MatMul", ["means", "proj_rgb"], ["mapped"]),
        helper.make_node("Add", ["mapped", "bias"], ["raw"]),
        helper.make_node("LpNormalization", ["raw"], ["embedding"], axis=1, p=2),
    ]
    graph = helper.make_graph(
        nodes, "synthetic_visual",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT,
                                       [shape.image_batch, 3, IMAGE_SIZE, IMAGE_SIZE])],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT,
                                       [shape.image_batch, proj.shape[1]])],
        [numpy_helper.from_array(np.array([2, 3], np.int64), "axes"),
         numpy_helper.from_array(proj[:3], "proj_rgb"),
         numpy_helper.from_array(BIAS * proj[3], "bias")])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], ir_version=10)


def word_table(tokenizer: Tokenizer, proj: np.ndarray) -> np.ndarray:
    table = np.zeros((VOCAB, proj.shape[1]), np.float32)
    for word, vec in COLOUR_WORDS.items():
        ids = tokenizer.encode(word, add_special_tokens=False).ids
        assert len(ids) == 1, f"{word!r} is not one token"
        colour = np.asarray([*vec, BIAS], np.float32)
        table[ids[0]] = colour / np.linalg.norm(colour) @ proj
    return table


def _textual_model(table: np.ndarray, shape: BundleShape) -> onnx.ModelProto:
    nodes = [
        helper.make_node("Cast", ["text"], ["ids"], to=TensorProto.INT64),
        helper.make_node("Gather", ["table", "ids"], ["rows"], axis=0),
        helper.make_node("ReduceSum", ["rows", "seq_axis"], ["summed"], keepdims=0),
        helper.make_node("Add", ["summed", "floor"], ["raw"]),
        helper.make_node("LpNormalization", ["raw"], ["embedding"], axis=1, p=2),
    ]
    floor = np.full((table.shape[1],), 1e-4, np.float32)  # a text with no colour word stays finite
    graph = helper.make_graph(
        nodes, "synthetic_textual",
        [helper.make_tensor_value_info("text", shape.id_type,
                                       [shape.text_batch, shape.text_length])],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT,
                                       [shape.text_batch, table.shape[1]])],
        [numpy_helper.from_array(table, "table"),
         numpy_helper.from_array(np.array([1], np.int64), "seq_axis"),
         numpy_helper.from_array(floor, "floor")])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], ir_version=10)


def build_colour_bundle(root: Path, shape: BundleShape = BundleShape(),
                        name: str = "synthetic-colour", dim: int = DIM, seed: int = 7) -> Path:
    """Write the bundle to ``root`` in Immich's layout and return ``root``. ``dim`` and
    ``seed`` make another model with the same right answers (a different embedding)."""
    (root / "visual").mkdir(parents=True, exist_ok=True)
    (root / "textual").mkdir(parents=True, exist_ok=True)
    tokenizer = Tokenizer.from_file(str(TOKENIZER_DIR / "tokenizer.json"))
    proj = projection(seed, dim)
    onnx.save(_visual_model(proj, shape), str(root / "visual" / "model.onnx"))
    onnx.save(_textual_model(word_table(tokenizer, proj), shape),
              str(root / "textual" / "model.onnx"))
    for file in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        shutil.copyfile(TOKENIZER_DIR / file, root / "textual" / file)
    context = shape.text_length if isinstance(shape.text_length, int) else 77
    _write(root / "config.json", {"embed_dim": dim,
                                  "vision_cfg": {"image_size": IMAGE_SIZE},
                                  "text_cfg": {"context_length": context}})
    _write(root / "visual" / "preprocess_cfg.json", {
        "size": [IMAGE_SIZE, IMAGE_SIZE], "mode": "RGB", "mean": [0.0, 0.0, 0.0],
        "std": [1.0, 1.0, 1.0], "interpolation": "bicubic", "resize_mode": "shortest"})
    _write(root / "manifest.json", {"name": name, "source": "tests/helpers/synthetic_bundle"})
    return root


def _write(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def colour_photo(path: Path, colour: str | tuple[int, int, int], size: tuple[int, int] =
                 (96, 64), noise: int = 12, seed: int = 0) -> Path:
    """A photo of one colour with a little noise, saved in the format of its suffix."""
    rgb = COLOUR_RGB[colour] if isinstance(colour, str) else colour
    rng = np.random.default_rng(seed)
    pixels = np.clip(np.asarray(rgb, np.int16) + rng.integers(-noise, noise + 1,
                     (size[1], size[0], 3)), 0, 255).astype(np.uint8)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(pixels, "RGB").save(path)
    return path
