"""ONNX Runtime sessions: provider choice, honest device reporting, thread settings."""

from __future__ import annotations

import contextlib
import ctypes
import os
from dataclasses import dataclass
from pathlib import Path

import onnxruntime as ort

from clipview.core.errors import BundleError

DEVICES = ("auto", "cpu", "cuda")
_CUDA = "CUDAExecutionProvider"
_CPU = "CPUExecutionProvider"


@dataclass(frozen=True)
class SessionInfo:
    """A session and the device it really runs on; ``note`` says why CUDA was not used."""

    session: ort.InferenceSession
    device: str
    note: str


def cuda_unavailable_reason() -> str | None:
    """Why the CUDA provider cannot be used here, or None when it may work."""
    if _CUDA not in ort.get_available_providers():
        return ("this ONNX Runtime build has no CUDA provider "
                "(install onnxruntime-gpu and not onnxruntime)")
    try:
        ctypes.CDLL("libcuda.so.1" if os.name != "nt" else "nvcuda.dll")
    except OSError:
        return "no NVIDIA GPU driver found (libcuda could not be loaded)"
    return None


def session_options(threads: int | None = None) -> ort.SessionOptions:
    """Explicit threads (intra-op = cores, no spinning) so decoding and the GUI keep CPU."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or os.cpu_count() or 1
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.add_session_config_entry("session.inter_op.allow_spinning", "0")
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    return options


def create_session(model: Path, device: str = "auto",
                   threads: int | None = None) -> SessionInfo:
    """Open ``model`` on ``device`` (auto: CUDA, else CPU) and report what is really used."""
    if device not in DEVICES:
        raise ValueError(f"device must be one of {', '.join(DEVICES)}, not {device!r}")
    reason = cuda_unavailable_reason() if device != "cpu" else None
    providers = [_CPU]
    if device != "cpu" and reason is None:
        with contextlib.suppress(Exception):  # loads pip-installed CUDA libraries if any
            ort.preload_dlls()
        providers = [_CUDA, _CPU]
    try:
        session = ort.InferenceSession(str(model), sess_options=session_options(threads),
                                       providers=providers)
    except Exception as exc:  # onnxruntime raises its own Fail/InvalidGraph types
        raise BundleError(f"ONNX Runtime cannot load {model}: {exc}") from exc
    used = session.get_providers()
    if _CUDA in used:
        return SessionInfo(session, "cuda", "")
    if device == "cpu":
        return SessionInfo(session, "cpu", "")
    if reason is None:
        reason = ("the CUDA provider failed to start (check the CUDA 12 runtime, "
                  "cuBLAS and cuDNN 9 libraries)")
    return SessionInfo(session, "cpu", f"CUDA not used: {reason}; running on CPU")
