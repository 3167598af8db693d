"""Image decoding and CLIP preprocessing driven by a bundle's ``preprocess_cfg.json``."""

from __future__ import annotations

import math
import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from clipview.core.errors import ImageSkipped
from clipview.core.image_modes import to_rgb
from clipview.core.photo_meta import exif_taken_at, upright_size

try:  # HEIC/HEIF support is optional at run time but declared as a dependency
    from pillow_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - pillow-heif missing
    pass

# clipview applies its own pixel cap (below); Pillow's warning would only repeat it.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)

ImageInput = str | os.PathLike[str] | Image.Image

CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)
DEFAULT_MAX_PIXELS = 150_000_000
_INTERPOLATIONS = {
    "bicubic": Image.Resampling.BICUBIC,
    "bilinear": Image.Resampling.BILINEAR,
    "nearest": Image.Resampling.NEAREST,
    "lanczos": Image.Resampling.LANCZOS,
}


@dataclass(frozen=True)
class PreprocessConfig:
    """How a bundle wants its images: output size (h, w), mean/std, resize rules."""

    size: tuple[int, int] = (224, 224)
    mean: tuple[float, float, float] = CLIP_MEAN
    std: tuple[float, float, float] = CLIP_STD
    interpolation: str = "bicubic"
    resize_mode: str = "shortest"
    fill_color: int = 0

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> PreprocessConfig:
        size = raw.get("size", 224)
        size_hw = (int(size), int(size)) if isinstance(size, (int, float)) else (
            int(size[0]), int(size[1]))
        interpolation = str(raw.get("interpolation", "bicubic")).lower()
        if interpolation not in _INTERPOLATIONS:
            raise ValueError(f"unknown interpolation {interpolation!r}")
        resize_mode = str(raw.get("resize_mode", "shortest")).lower()
        if resize_mode not in ("shortest", "longest", "squash"):
            raise ValueError(f"unknown resize_mode {resize_mode!r}")
        mean = tuple(float(v) for v in raw.get("mean", CLIP_MEAN))
        std = tuple(float(v) for v in raw.get("std", CLIP_STD))
        if len(mean) != 3 or len(std) != 3:
            raise ValueError("mean and std need three values (R, G, B)")
        return cls(size_hw, (mean[0], mean[1], mean[2]), (std[0], std[1], std[2]),
                   interpolation, resize_mode, int(raw.get("fill_color", 0)))


@dataclass(frozen=True)
class Photo:
    """A decoded upright RGB image with the original (upright) size and EXIF date."""

    image: Image.Image
    width: int
    height: int
    taken_at: float | None


def open_rgb(item: ImageInput, *, min_side: int = 0,
             max_pixels: int = DEFAULT_MAX_PIXELS) -> Image.Image:
    """Decode ``item`` into an upright RGB image (see ``open_photo``)."""
    return open_photo(item, min_side=min_side, max_pixels=max_pixels).image


def open_photo(item: ImageInput, *, min_side: int = 0,
               max_pixels: int = DEFAULT_MAX_PIXELS) -> Photo:
    """Decode ``item`` into an upright RGB photo.

    JPEGs much larger than ``min_side`` are decoded at a reduced DCT scale (``Image.draft``).
    Raises ImageSkipped with reason corrupt, truncated, not an image, too many pixels,
    unreadable or vanished.
    """
    if isinstance(item, Image.Image):
        upright = ImageOps.exif_transpose(item) or item
        return Photo(to_rgb(upright), upright.width, upright.height, exif_taken_at(item))
    path = os.fspath(item)
    image = _open(path, max_pixels)
    try:
        width, height = upright_size(image)
        taken_at = exif_taken_at(image)
        if image.format == "JPEG" and min_side and min(image.size) >= 2 * min_side:
            scale = min_side / min(image.size)
            image.draft("RGB", (math.ceil(image.width * scale), math.ceil(image.height * scale)))
        image.load()
        upright = ImageOps.exif_transpose(image) or image
        return Photo(to_rgb(upright), width, height, taken_at)
    except Image.DecompressionBombError as exc:
        raise ImageSkipped(path, "too many pixels", str(exc)) from exc
    except OSError as exc:
        reason = "truncated" if "truncated" in str(exc).lower() else "corrupt"
        raise ImageSkipped(path, reason, str(exc) or type(exc).__name__) from exc
    except (ValueError, SyntaxError, EOFError, MemoryError) as exc:
        raise ImageSkipped(path, "corrupt", str(exc) or type(exc).__name__) from exc
    finally:
        image.close()


def _open(path: str, max_pixels: int) -> Image.Image:
    try:
        if os.path.getsize(path) == 0:
            raise ImageSkipped(path, "corrupt", "empty file (0 bytes)")
        image = Image.open(path)
    except FileNotFoundError as exc:
        raise ImageSkipped(path, "vanished", "the file no longer exists") from exc
    except (PermissionError, IsADirectoryError) as exc:
        raise ImageSkipped(path, "unreadable", exc.strerror or str(exc)) from exc
    except Image.DecompressionBombError as exc:
        raise ImageSkipped(path, "too many pixels", str(exc)) from exc
    except UnidentifiedImageError as exc:
        raise ImageSkipped(path, "not an image", "no image format recognised") from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ImageSkipped(path, "corrupt", str(exc) or type(exc).__name__) from exc
    pixels = image.width * image.height
    if pixels > max_pixels:
        image.close()
        raise ImageSkipped(path, "too many pixels",
                           f"{image.width}x{image.height} is over the cap of "
                           f"{max_pixels / 1e6:.0f} megapixels")
    return image


def resize_and_crop(image: Image.Image, cfg: PreprocessConfig) -> Image.Image:
    """Resize per ``cfg.resize_mode`` and crop/pad to exactly ``cfg.size``."""
    out_h, out_w = cfg.size
    method = _INTERPOLATIONS[cfg.interpolation]
    if cfg.resize_mode == "squash":
        return image.resize((out_w, out_h), method)
    new_w, new_h = _scaled_size(image.width, image.height, out_w, out_h,
                                fit_inside=cfg.resize_mode == "longest")
    resized = image.resize((new_w, new_h), method)
    if cfg.resize_mode == "longest":
        canvas = Image.new("RGB", (out_w, out_h), (cfg.fill_color,) * 3)
        canvas.paste(resized, ((out_w - new_w) // 2, (out_h - new_h) // 2))
        return canvas
    left = int(round((new_w - out_w) / 2.0))
    top = int(round((new_h - out_h) / 2.0))
    return resized.crop((left, top, left + out_w, top + out_h))


def _scaled_size(width: int, height: int, out_w: int, out_h: int,
                 fit_inside: bool) -> tuple[int, int]:
    """Size after scaling so one side matches; the other covers (or fits in) the target."""
    width_binds = (out_w / width >= out_h / height) != fit_inside
    if width_binds:
        other = int(height * out_w / width)
        return out_w, max(1, min(other, out_h) if fit_inside else max(other, out_h))
    other = int(width * out_h / height)
    return max(1, min(other, out_w) if fit_inside else max(other, out_w)), out_h


def to_tensor(image: Image.Image, cfg: PreprocessConfig) -> np.ndarray:
    """Normalised float32 array [3, H, W] for one RGB image."""
    pixels = np.asarray(resize_and_crop(image, cfg), dtype=np.float32) / 255.0
    mean = np.asarray(cfg.mean, dtype=np.float32)
    std = np.asarray(cfg.std, dtype=np.float32)
    return np.ascontiguousarray(((pixels - mean) / std).transpose(2, 0, 1))


def preprocess(item: ImageInput, cfg: PreprocessConfig,
               max_pixels: int = DEFAULT_MAX_PIXELS) -> np.ndarray:
    """Decode and preprocess one image: [3, H, W] float32."""
    image = open_rgb(item, min_side=min(cfg.size), max_pixels=max_pixels)
    return to_tensor(image, cfg)


def display_name(item: ImageInput) -> str:
    """A name for messages: the path, or a description of an in-memory image."""
    if isinstance(item, Image.Image):
        return f"<{item.mode} image {item.width}x{item.height}>"
    return str(Path(os.fspath(item)))
