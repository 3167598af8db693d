"""Export CLIP models to ONNX bundles in Immich's layout (a separate tool; the app never imports it)."""

__version__ = "0.1.0"
