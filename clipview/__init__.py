"""clipview: browse local photo collections by text with CLIP."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

# Nothing leaves the machine: ONNX Runtime (Linux, 1.31) otherwise queues telemetry for
# Microsoft in ~/.cache/Microsoft/DeveloperTools/.onnxruntime from its import on. Only this
# variable, set before onnxruntime is imported, prevents it; every clipview module (CLI, GUI,
# API) imports this package first. Set, not defaulted: no environment turns it back on.
os.environ["ORT_DISABLE_TELEMETRY"] = "1"

from clipview.core.version import __version__  # noqa: E402  (after the variable above)

__all__ = ["load_model", "open_library", "__version__"]

if TYPE_CHECKING:
    from clipview.core.models.encoder import load_model as load_model


def __getattr__(name: str) -> Any:
    """Import heavy modules (onnxruntime, sqlite) only when they are used."""
    if name == "load_model":
        from clipview.core.models.encoder import load_model

        return load_model
    if name == "open_library":
        from clipview.core.library.library import open_library

        return open_library
    raise AttributeError(f"module 'clipview' has no attribute {name!r}")
