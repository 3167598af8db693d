"""Reading and checking the inputs and outputs of an encoder session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import onnxruntime as ort

from clipview.core.errors import BundleError

_NUMPY_TYPES: dict[str, Any] = {
    "tensor(float)": np.float32,
    "tensor(float16)": np.float16,
    "tensor(int32)": np.int32,
    "tensor(int64)": np.int64,
}


@dataclass(frozen=True)
class EncoderIO:
    """What one encoder takes and gives: names, dtype, fixed sizes (None when dynamic)."""

    input_name: str
    input_dtype: Any
    input_shape: tuple[int | None, ...]
    output_name: str
    output_dim: int | None
    mask_name: str | None = None  # text encoders that also take an attention mask (XLM-R)

    @property
    def fixed_batch(self) -> int | None:
        return self.input_shape[0]


def _dims(shape: list[Any]) -> tuple[int | None, ...]:
    return tuple(d if isinstance(d, int) and d > 0 else None for d in shape)


def read_io(session: ort.InferenceSession, model: Path, rank: int,
            kinds: tuple[str, ...]) -> EncoderIO:
    """Check a session has one input of ``rank`` and type in ``kinds`` and an embedding out."""
    inputs = session.get_inputs()
    masks = [i for i in inputs if i.name == "attention_mask"] if len(inputs) == 2 else []
    if len(inputs) != 1 and not masks:
        names = ", ".join(i.name for i in inputs)
        raise BundleError(f"{model} takes inputs ({names}); clipview expects a single input "
                          "or input_ids and attention_mask")
    tensor = next(i for i in inputs if not masks or i is not masks[0])
    mask_name = _checked_mask(masks[0], tensor, model) if masks else None
    if tensor.type not in kinds or len(tensor.shape) != rank:
        raise BundleError(
            f"{model} input '{tensor.name}' is {tensor.type} with shape {tensor.shape}; "
            f"expected {' or '.join(kinds)} of rank {rank}")
    outputs = session.get_outputs()
    by_name = {o.name: o for o in outputs}
    output = by_name.get("embedding") or (outputs[0] if len(outputs) == 1 else None)
    if output is None:
        raise BundleError(f"{model} has outputs ({', '.join(by_name)}) and none is named "
                          "'embedding'")
    if len(output.shape) != 2:
        raise BundleError(f"{model} output '{output.name}' has shape {output.shape}; "
                          "expected [batch, dim]")
    out_dim = _dims(output.shape)[1]
    return EncoderIO(tensor.name, _NUMPY_TYPES[tensor.type], _dims(tensor.shape),
                     output.name, out_dim, mask_name)


def _checked_mask(mask: Any, ids: Any, model: Path) -> str:
    if mask.type not in ("tensor(int32)", "tensor(int64)") or len(mask.shape) != 2 \
            or _dims(mask.shape) != _dims(ids.shape) or mask.type != ids.type:
        raise BundleError(f"{model} input 'attention_mask' is {mask.type} {mask.shape}; "
                          f"expected the type and shape of '{ids.name}' ({ids.type} {ids.shape})")
    return str(mask.name)


def run_batched(session: ort.InferenceSession, io: EncoderIO, batch: np.ndarray,
                mask: np.ndarray | None = None) -> np.ndarray:
    """Run ``batch`` (cast to the input dtype; ``mask`` fed when the model takes one),
    one row at a time when the model has a fixed batch of 1."""
    batch = batch.astype(io.input_dtype, copy=False)
    feeds = {io.input_name: batch}
    if io.mask_name is not None:
        if mask is None:
            raise BundleError(f"model input '{io.mask_name}' needs an attention mask")
        feeds[io.mask_name] = mask.astype(io.input_dtype, copy=False)
    if io.fixed_batch is not None and io.fixed_batch != batch.shape[0]:
        if io.fixed_batch != 1:
            raise BundleError(f"model has a fixed batch of {io.fixed_batch}; cannot run "
                              f"{batch.shape[0]} items")
        parts = [session.run([io.output_name], {k: v[i:i + 1] for k, v in feeds.items()})[0]
                 for i in range(batch.shape[0])]
        return np.concatenate(parts, axis=0)
    return np.asarray(session.run([io.output_name], feeds)[0])


def l2_normalise(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length, float32; all-zero rows stay zero. Each row is divided
    by its largest magnitude first, in float64, so a valid direction of huge or tiny values
    (1e30, 1e-40: float32's squared norm overflows or underflows) comes out right; a row
    with NaN or inf comes out zero or non-finite (``vector_rule`` calls it bad)."""
    rows = np.asarray(vectors, dtype=np.float64)
    with np.errstate(invalid="ignore", over="ignore"):
        largest = np.abs(rows).max(axis=1, keepdims=True, initial=0.0)
        scaled = np.divide(rows, largest, out=np.zeros_like(rows), where=largest > 0)
        norms = np.linalg.norm(scaled, axis=1, keepdims=True)
        out = np.divide(scaled, norms, out=np.zeros_like(scaled), where=norms > 0)
    unit: np.ndarray = out.astype(np.float32)
    return unit
