"""Colour bundles (``synthetic_bundle``) whose towers give NaN, inf or zero embeddings.

The tower's output is multiplied by a factor: a constant (NaN, inf, 0), or, for "dark",
a factor that is NaN for dark images only (``sqrt(mean intensity - 0.25)``), so a model
that works for most photos breaks for a few.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper

from tests.helpers.synthetic_bundle import build_colour_bundle


def _poison(model_file: Path, factor: float | str) -> None:
    model = onnx.load(str(model_file))
    graph = model.graph
    output = graph.output[0].name
    for node in graph.node:  # the last node now writes "clean"
        node.output[:] = ["clean" if o == output else o for o in node.output]
    if factor == "dark":
        graph.initializer.extend([numpy_helper.from_array(np.float32(0.25), "threshold"),
                                  numpy_helper.from_array(np.array([1, 2, 3]), "pixel_axes")])
        graph.node.extend([
            helper.make_node("ReduceMean", [graph.input[0].name, "pixel_axes"], ["level"]),
            helper.make_node("Flatten", ["level"], ["flat"]),  # [N, 1]
            helper.make_node("Sub", ["flat", "threshold"], ["above"]),
            helper.make_node("Sqrt", ["above"], ["factor"]),
        ])
    else:
        graph.initializer.extend([numpy_helper.from_array(np.float32(factor), "factor")])
    graph.node.extend([helper.make_node("Mul", ["clean", "factor"], [output])])
    onnx.checker.check_model(model)
    onnx.save(model, str(model_file))


def build_broken_bundle(root: Path, image: float | str | None = None,
                        text: float | str | None = None) -> Path:
    """The colour bundle with its image and/or text tower's output times ``image`` /
    ``text`` (a number such as NaN, inf or 0, or "dark" for the image tower)."""
    build_colour_bundle(root, name=f"broken-{root.name}")
    if image is not None:
        _poison(root / "visual" / "model.onnx", image)
    if text is not None:
        _poison(root / "textual" / "model.onnx", text)
    return root
