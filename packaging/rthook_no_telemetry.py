"""PyInstaller runtime hook of the app: runs before anything the app imports. ONNX Runtime's
telemetry (Linux: queued in ~/.cache/Microsoft/DeveloperTools/.onnxruntime) is off only when
this variable is set before onnxruntime is imported; clipview/__init__.py sets it too."""

import os

os.environ["ORT_DISABLE_TELEMETRY"] = "1"
