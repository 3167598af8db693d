"""Export CLIP models to ONNX bundles in Immich's layout (the app never imports this)."""

__version__ = "0.1.0"
