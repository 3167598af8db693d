"""Conversion of any Pillow image mode to 8-bit RGB, done right for photos."""

from __future__ import annotations

import numpy as np
from PIL import Image

_BACKGROUND = (255, 255, 255)
_HIGH_DEPTH_MODES = ("I;16", "I;16B", "I;16L", "I;16N", "I", "F")


def to_rgb(image: Image.Image) -> Image.Image:
    """8-bit RGB: 16-bit scaled (not clipped), transparency flattened onto white."""
    if image.mode == "RGB":
        return image
    if image.mode in _HIGH_DEPTH_MODES:
        return _high_depth_to_rgb(image)
    if _has_alpha(image):
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, _BACKGROUND + (255,))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")


def _has_alpha(image: Image.Image) -> bool:
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        return True
    return image.mode == "P" and "transparency" in image.info


def _high_depth_to_rgb(image: Image.Image) -> Image.Image:
    values = np.asarray(image, dtype=np.float64)
    if image.mode == "F":
        peak = 1.0 if values.size and float(np.nanmax(values)) <= 1.0 else 255.0
    elif image.mode.startswith("I;16") or (values.size and float(values.max()) > 255):
        peak = 65535.0
    else:
        peak = 255.0
    scaled = np.clip(np.nan_to_num(values) / peak * 255.0 + 0.5, 0, 255).astype(np.uint8)
    return Image.fromarray(scaled, mode="L").convert("RGB")
