"""Exceptions raised by clipview's core. Each carries a message meant for people."""

from __future__ import annotations

import os


class ClipviewError(Exception):
    """Base class of every error clipview raises on purpose."""


class BundleError(ClipviewError):
    """A model bundle is missing, incomplete or does not match its description."""


class ImageSkipped(ClipviewError):
    """An image cannot be used; ``reason`` is a short word, the message says why."""

    def __init__(self, path: str, reason: str, detail: str, message: str = "") -> None:
        super().__init__(message or f"{path}: {reason}: {detail}")
        self.path = path
        self.reason = reason
        self.detail = detail


def too_many_pixels(path: str, detail: str) -> ImageSkipped:
    """The one plain line for a photo or video refused for its pixels: "huge.png is too
    large: 20000×20000 (at most 150 megapixels)" (its reason stays "too many pixels")."""
    name = os.path.basename(path) or path
    return ImageSkipped(path, "too many pixels", detail, f"{name} is too large: {detail}")


class InferenceError(ClipviewError):
    """ONNX Runtime failed to start or run a model (out of GPU memory, a broken session)."""


class CatalogError(ClipviewError):
    """The catalog (SQLite) failed.

    ``environmental`` is True when the cause lies outside clipview (the file is locked by
    another program, read-only, damaged, the disk is full or failing) and False when it is
    a bug. ``code`` is SQLite's error name when known (``SQLITE_FULL`` …).
    """

    def __init__(self, message: str, *, environmental: bool, code: str | None = None) -> None:
        super().__init__(message)
        self.environmental = environmental
        self.code = code
