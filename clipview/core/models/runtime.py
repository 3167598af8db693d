"""ONNX Runtime sessions: provider choice, honest device reporting, thread settings."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import importlib.util
import io
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import onnxruntime as ort

from clipview.core.errors import BundleError, InferenceError
from clipview.core.models.settings import DEVICES

logger = logging.getLogger(__name__)

# ONNX Runtime's own log on stderr: fatal only (4). Its warnings (providers, telemetry) would
# show on every command, and its errors reach people through our exceptions (InferenceError,
# BundleError) and device notes, as one line, instead of a second line from ORT.
ORT_LOG_SEVERITY = 4
ort.set_default_logger_severity(ORT_LOG_SEVERITY)

# How ONNX Runtime says a model file cannot be read: a bundle problem, not a device problem
_UNREADABLE_MODEL = ("InvalidProtobuf", "InvalidGraph", "NoSuchFile", "NoModel",
                     "INVALID_PROTOBUF", "INVALID_GRAPH", "NO_SUCHFILE", "NO_MODEL")

CUDA_PROVIDER = "CUDAExecutionProvider"  # the provider name status and the runtime look for
_CPU = "CPUExecutionProvider"


@dataclass(frozen=True)
class SessionInfo:
    """A session and the device it really runs on; ``note`` says why CUDA was not used."""

    session: ort.InferenceSession
    device: str
    note: str


@functools.lru_cache(maxsize=1)
def cuda_unavailable_reason() -> str | None:
    """Why the CUDA provider cannot be used here, or None when it may work."""
    if CUDA_PROVIDER not in ort.get_available_providers():
        return ("this ONNX Runtime build has no CUDA provider "
                "(install onnxruntime-gpu and not onnxruntime)")
    try:
        ctypes.CDLL("libcuda.so.1" if os.name != "nt" else "nvcuda.dll")
    except OSError:
        return "no NVIDIA GPU driver found (libcuda could not be loaded)"
    return None


@functools.lru_cache(maxsize=1)
def preload_cuda_libraries() -> bool:
    """Load the CUDA and cuDNN libraries of the NVIDIA pip packages (``clipview[gpu]``)
    with ``onnxruntime.preload_dlls`` before the first CUDA session, so a machine with only
    the driver runs on CUDA. Only when those packages are installed and this ONNX Runtime
    has the function (1.21+); once per process. It prints what it cannot load on stdout,
    which would break ``--json`` output: that goes to the log instead. True when called."""
    preload = getattr(ort, "preload_dlls", None)
    if preload is None or importlib.util.find_spec("nvidia") is None:
        return False
    said = io.StringIO()
    try:
        with contextlib.redirect_stdout(said):
            preload()
    except Exception:  # a failed preload leaves the CUDA provider to say what is missing
        logger.warning("onnxruntime.preload_dlls failed", exc_info=True)
    if said.getvalue().strip():
        logger.info("onnxruntime.preload_dlls: %s", said.getvalue().strip())
    return True


def session_options(threads: int | None = None) -> ort.SessionOptions:
    """Explicit threads (intra-op = cores, no spinning) so decoding and the GUI keep CPU."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or os.cpu_count() or 1
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    options.add_session_config_entry("session.inter_op.allow_spinning", "0")
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = ORT_LOG_SEVERITY
    return options


def create_session(model: Path, device: str = "auto",
                   threads: int | None = None) -> SessionInfo:
    """Open ``model`` on ``device`` (auto: CUDA, else CPU) and report what is really used."""
    if device not in DEVICES:
        raise ValueError(f"device must be one of {', '.join(DEVICES)}, not {device!r}")
    reason = cuda_unavailable_reason() if device != "cpu" else None
    providers = [_CPU]
    if device != "cpu" and reason is None:
        preload_cuda_libraries()
        providers = [CUDA_PROVIDER, _CPU]
    try:
        session = ort.InferenceSession(str(model), sess_options=session_options(threads),
                                       providers=providers)
    except Exception as exc:  # onnxruntime raises its own Fail/InvalidGraph/… types
        raise session_error(exc, model) from exc
    used = session.get_providers()
    if CUDA_PROVIDER in used:
        return SessionInfo(session, "cuda", "")
    if device == "cpu":
        return SessionInfo(session, "cpu", "")
    if reason is None:
        reason = ("the CUDA provider failed to start (check the CUDA 12 runtime, "
                  "cuBLAS and cuDNN 9 libraries)")
    return SessionInfo(session, "cpu", f"CUDA not used: {reason}; running on CPU")


def planned_device(device: str) -> tuple[str, str]:
    """(device, note) a session for ``device`` will be asked to use, without opening one.
    CUDA may still fail to start when the session opens; then it falls back to CPU."""
    if device == "cpu":
        return "cpu", ""
    reason = cuda_unavailable_reason()
    if reason is None:
        return "cuda", ""
    return "cpu", f"CUDA not used: {reason}; running on CPU"


def session_error(exc: Exception, model: Path) -> BundleError | InferenceError:
    """What to raise when ONNX Runtime cannot open ``model``."""
    if any(name in type(exc).__name__ or name in str(exc) for name in _UNREADABLE_MODEL):
        return BundleError(f"ONNX Runtime cannot load {model}: {exc}")
    return InferenceError(f"ONNX Runtime cannot start {model.parent.name}/{model.name}: "
                          f"{describe_failure(exc)}")


def describe_failure(exc: Exception) -> str:
    """One line on an ONNX Runtime failure; out-of-memory is said plainly."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    lowered = str(exc).lower()
    if "out of memory" in lowered or "failed to allocate memory" in lowered \
            or "bfc_arena" in lowered:
        return ("the GPU ran out of memory (try a smaller batch size, or --device cpu); "
                f"ONNX Runtime said: {text[:300]}")
    return f"{type(exc).__name__}: {text[:300]}"
