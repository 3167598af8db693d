"""Exceptions raised by clipview's core. Each carries a message meant for people."""

from __future__ import annotations


class ClipviewError(Exception):
    """Base class of every error clipview raises on purpose."""


class BundleError(ClipviewError):
    """A model bundle is missing, incomplete or does not match its description."""


class ImageSkipped(ClipviewError):
    """An image cannot be used; ``reason`` is a short word, the message says why."""

    def __init__(self, path: str, reason: str, detail: str) -> None:
        super().__init__(f"{path}: {reason}: {detail}")
        self.path = path
        self.reason = reason
        self.detail = detail


class InferenceError(ClipviewError):
    """ONNX Runtime failed to run a model."""
