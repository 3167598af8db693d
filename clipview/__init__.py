"""clipview: browse local photo collections by text with CLIP."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["load_model", "open_library", "__version__"]

if TYPE_CHECKING:
    from clipview.core.encoder import load_model as load_model


def __getattr__(name: str) -> Any:
    """Import heavy modules (onnxruntime, sqlite) only when they are used."""
    if name == "load_model":
        from clipview.core.encoder import load_model

        return load_model
    if name == "open_library":
        from clipview.core.library import open_library

        return open_library
    raise AttributeError(f"module 'clipview' has no attribute {name!r}")
