"""What ``status`` says about ONNX Runtime: its version, the providers it offers, the device
really used, the GPU's name when CUDA is used and why CUDA is not used otherwise."""

from __future__ import annotations

import logging
import shutil
import subprocess

import onnxruntime as ort

from clipview.core.library.reports import RuntimeStatus
from clipview.core.models.runtime import CUDA_PROVIDER

logger = logging.getLogger(__name__)

_NOTE_PREFIX = "CUDA not used: "
_NOTE_SUFFIX = "; running on CPU"


def runtime_status(device: str, requested: str, note: str) -> RuntimeStatus:
    """``device``: where the model really runs; ``requested``: auto, cpu or cuda;
    ``note``: the model's device note (empty, or why CUDA was not used)."""
    return RuntimeStatus(onnxruntime=str(ort.__version__),
                         providers=list(ort.get_available_providers()), device=device,
                         gpu=gpu_name() if device == "cuda" else None,
                         reason=cuda_reason(device, requested, note))


def cuda_reason(device: str, requested: str, note: str) -> str | None:
    """Why CUDA is not used (None when it is)."""
    if device == "cuda":
        return None
    if requested == "cpu":
        return "the CPU was asked for (--device cpu)"
    reason = note.removeprefix(_NOTE_PREFIX).removesuffix(_NOTE_SUFFIX)
    return reason or "CUDA is not available"


def gpu_name() -> str | None:
    """The first GPU's name from ``nvidia-smi``, else from ONNX Runtime's device list."""
    return _nvidia_smi_name() or _ort_device_name()


def _nvidia_smi_name() -> str | None:
    tool = shutil.which("nvidia-smi")
    if tool is None:
        return None
    try:
        done = subprocess.run([tool, "--query-gpu=name", "--format=csv,noheader"],
                              capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        logger.info("nvidia-smi failed: %s", exc)
        return None
    lines = [line.strip() for line in done.stdout.splitlines() if line.strip()]
    return lines[0] if done.returncode == 0 and lines else None


def _ort_device_name() -> str | None:
    """ONNX Runtime's own description of the CUDA provider's device (ORT 1.22+)."""
    devices = getattr(ort, "get_ep_devices", None)
    if devices is None:
        return None
    try:
        for item in devices():
            if item.ep_name == CUDA_PROVIDER:
                metadata = dict(item.device.metadata)
                return str(metadata.get("Description") or f"{item.device.vendor} GPU")
    except Exception as exc:  # an old or partial binding: no name rather than no status
        logger.info("onnxruntime.get_ep_devices failed: %s", exc)
    return None
