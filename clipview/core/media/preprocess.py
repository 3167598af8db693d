"""Image decoding and CLIP preprocessing driven by a bundle's ``preprocess_cfg.json``."""

from __future__ import annotations

import io
import logging
import math
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from clipview.core.errors import ImageSkipped, too_many_pixels
from clipview.core.media.decode_budget import DecodeBudget, shared_budget
from clipview.core.media.decode_memory import (
    DEFAULT_MAX_PIXELS,
    decode_cost,
    reduction,
    to_small_rgb,
)
from clipview.core.media.image_modes import to_rgb
from clipview.core.media.kinds import is_raw_name
from clipview.core.media.meta import exif_taken_at, orientation, upright_size
from clipview.core.media.raw import raw_preview, turn_upright
from clipview.core.media.safe_read import FileBytes, read_regular, shown

try:  # HEIC/HEIF support is optional at run time but declared as a dependency
    # pi-heif: pillow-heif's read-only sibling (libheif and libde265, both LGPL), without the
    # x265 encoder (GPL) that pillow-heif bundles to write HEIC; clipview only reads photos
    from pi_heif import register_heif_opener

    register_heif_opener()
except ImportError:  # pragma: no cover - pi-heif missing
    pass

logger = logging.getLogger(__name__)

# Decoders clipview lets Pillow use: photo formats whose decoders run in-process. Never EPS
# (Ghostscript), never the long tail of rare formats. MPO (multi-picture JPEG) is opened by
# the JPEG decoder. HEIF comes from pi-heif, AVIF from Pillow itself.
ALLOWED_FORMATS: tuple[str, ...] = ("JPEG", "PNG", "WEBP", "TIFF", "BMP", "GIF", "HEIF", "AVIF")

# clipview applies its own pixel cap (below); Pillow's warning would only repeat it.
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)

ImageInput = str | os.PathLike[str] | Image.Image

CLIP_MEAN = (0.48145466, 0.4578275, 0.40821073)
CLIP_STD = (0.26862954, 0.26130258, 0.27577711)
# Pillow warns above MAX_IMAGE_PIXELS (89 MP by default) and refuses above twice that; the
# cap clipview applies (max_pixels) is the real guard, so Pillow's starts at that cap.
if Image.MAX_IMAGE_PIXELS is not None and Image.MAX_IMAGE_PIXELS < DEFAULT_MAX_PIXELS:
    Image.MAX_IMAGE_PIXELS = DEFAULT_MAX_PIXELS
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
        """Checked values (ValueError names the first that is out of range)."""
        size = raw.get("size", 224)
        sides = [size, size] if not isinstance(size, (list, tuple)) else list(size)
        if len(sides) != 2:
            raise ValueError(f"'size' must be a number or [height, width], found {size!r:.40}")
        height, width = (_number(v, "size", MIN_SIDE, MAX_SIDE, whole=True) for v in sides)
        interpolation = str(raw.get("interpolation", "bicubic")).lower()
        if interpolation not in _INTERPOLATIONS:
            raise ValueError(f"unknown interpolation {interpolation!r:.40}")
        resize_mode = str(raw.get("resize_mode", "shortest")).lower()
        if resize_mode not in ("shortest", "longest", "squash"):
            raise ValueError(f"unknown resize_mode {resize_mode!r:.40}")
        mean = _triple(raw.get("mean", CLIP_MEAN), "mean", -1e3, 1e3)
        std = _triple(raw.get("std", CLIP_STD), "std", 1e-6, 1e3)
        fill = _number(raw.get("fill_color", 0), "fill_color", 0, 255, whole=True)
        return cls((int(height), int(width)), mean, std, interpolation, resize_mode, int(fill))


MIN_SIDE, MAX_SIDE = 1, 2048  # the model input's sides (the largest published is 512)


def _number(value: Any, key: str, low: float, high: float, whole: bool = False) -> float:
    """``value`` as a finite number in [low, high] (a whole one when ``whole``)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(
            value) or not low <= value <= high or (whole and value != int(value)):
        kind = "a whole number" if whole else "a number"
        raise ValueError(f"'{key}' must be {kind} from {low:g} to {high:g}, found "
                         f"{str(value)[:40]}")
    return float(value)


def _triple(value: Any, key: str, low: float, high: float) -> tuple[float, float, float]:
    if not isinstance(value, (list, tuple)) or len(value) != 3:
        raise ValueError(f"'{key}' needs three values (R, G, B), found {str(value)[:40]}")
    red, green, blue = (_number(v, key, low, high) for v in value)
    return red, green, blue


# EXIF orientation → the turn that makes a photo upright (as ImageOps.exif_transpose)
_TRANSPOSE = {2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
              4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
              6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
              8: Image.Transpose.ROTATE_90}


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


def open_photo(item: ImageInput, *, min_side: int = 0, max_pixels: int = DEFAULT_MAX_PIXELS,
               budget: DecodeBudget | None = None, source: FileBytes | None = None) -> Photo:
    """Decode ``item`` (a path, or a PIL image) into an upright RGB photo.

    A camera RAW file is decoded from its embedded preview (``raw``), with the RAW's size.
    The file is read once with a bounded regular-file read (``safe_read``) and decoded from
    memory by the allow-listed decoders only (ALLOWED_FORMATS: never Ghostscript or any other
    external program). JPEGs much larger than ``min_side`` are decoded at a reduced DCT scale
    (``Image.draft``). Large photos are converted to RGB reduced (``decode_memory``) when
    ``min_side`` allows. The decode holds its peak bytes in ``budget`` (default: the shared
    one) and is refused when they alone are more than the budget.
    Raises ImageSkipped with reason corrupt, truncated, not an image, too many pixels,
    too large, unreadable or vanished; any exception of a decoder becomes ImageSkipped.
    """
    with decoded_photo(item, min_side=min_side, max_pixels=max_pixels, budget=budget,
                       source=source) as photo:
        return photo


@contextmanager
def decoded_photo(item: ImageInput, *, min_side: int = 0,
                  max_pixels: int = DEFAULT_MAX_PIXELS, budget: DecodeBudget | None = None,
                  source: FileBytes | None = None) -> Iterator[Photo]:
    """Like ``open_photo``, but the photo's pixels stay reserved in the budget while the
    ``with`` block uses the decoded image (e.g. to make the model's input from it)."""
    if isinstance(item, Image.Image):
        upright = ImageOps.exif_transpose(item) or item
        yield Photo(to_rgb(upright), upright.width, upright.height, exif_taken_at(item))
        return
    path = os.fsdecode(os.fspath(item))
    data = source if source is not None else read_regular(item)
    raw = raw_preview(data.data, path) if is_raw_name(path) else None  # its preview
    image = identify(raw.data if raw else data.data, path, max_pixels)
    kept: Image.Image | None = None   # the decoded image itself when it is the photo
    try:
        width, height = (raw.width, raw.height) if raw else upright_size(image)
        taken_at = raw.taken_at if raw else exif_taken_at(image)
        if image.format in ("JPEG", "MPO") and min_side and min(image.size) >= 2 * min_side:
            scale = min_side / min(image.size)
            image.draft("RGB", (math.ceil(image.width * scale), math.ceil(image.height * scale)))
        turn = _TRANSPOSE.get(orientation(image))
        factor = reduction(image.size, min_side)
        budget = budget or shared_budget()
        with budget.reserve(_cost(image, path, factor, turn is not None or bool(raw), budget)):
            upright_rgb = _decode(image, path, factor, turn)
            if upright_rgb is image:
                kept = image
            else:
                image.close()  # the decoded original: its memory is given back now
            if raw:
                upright_rgb = turn_upright(upright_rgb, raw.orientation)
            yield Photo(upright_rgb, width, height, taken_at)
    finally:
        if kept is None:
            image.close()


def _cost(image: Image.Image, path: str, factor: int, oriented: bool,
          budget: DecodeBudget) -> int:
    """The bytes decoding ``image`` holds at its peak; ImageSkipped when that alone is
    more than the whole decode budget (decoding it would break the bound)."""
    cost = decode_cost(image, factor, oriented)
    if cost > budget.total:
        raise _too_large(path, f"{image.width}×{image.height} needs about "
                               f"{cost / 2**20:.0f} MiB to decode (the decode memory budget "
                               f"is {budget.total / 2**20:.0f} MiB)")
    return cost


def _too_large(path: str, detail: str) -> ImageSkipped:
    logger.info("skipped %s: too many pixels: %s", shown(path), detail)
    return too_many_pixels(path, detail)


def _pixel_cap(path: str, size: tuple[int, int] | None, max_pixels: int) -> ImageSkipped:
    cap = f"at most {max_pixels / 1e6:.0f} megapixels"
    return _too_large(path, f"{size[0]}×{size[1]} ({cap})" if size else f"over {cap}")


def _header_size(data: bytes) -> tuple[int, int] | None:
    """The size a file's header gives, read by the allow-listed format parsers without
    Pillow's own pixel check (which refused it before its size was known); None if unknown."""
    for form in ALLOWED_FORMATS:
        factory, accept = Image.OPEN.get(form, (None, None))
        if factory is None or (accept is not None and not accept(data[:16])):
            continue
        try:
            with factory(io.BytesIO(data), "") as image:
                width, height = image.size
                return int(width), int(height)
        except Exception:  # noqa: BLE001 - a header parser may raise anything: unknown
            continue
    return None


def identify(data: bytes, path: str, max_pixels: int = DEFAULT_MAX_PIXELS) -> Image.Image:
    """Open (lazily) an in-memory file with the allow-listed decoders; check its size."""
    try:
        image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
    except UnidentifiedImageError as exc:
        raise _skip(path, "not an image", "no allowed image format recognised") from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _pixel_cap(path, _header_size(data), max_pixels) from exc
    except Exception as exc:  # a decoder's header parser may raise anything
        raise _skip(path, "corrupt", _describe(exc)) from exc
    if image.format not in ALLOWED_FORMATS + ("MPO",):  # pragma: no cover - Pillow's promise
        image.close()
        raise _skip(path, "not an image", f"{image.format} is not an allowed format")
    if image.width * image.height > max_pixels:
        image.close()
        raise _pixel_cap(path, image.size, max_pixels)
    return image


def _decode(image: Image.Image, path: str, factor: int = 1,
            turn: Image.Transpose | None = None) -> Image.Image:
    """Load, convert to RGB reduced by ``factor`` (``decode_memory``) and turn upright;
    every decoder failure becomes ImageSkipped."""
    try:
        image.load()
        rgb = to_small_rgb(image, factor)
        return rgb.transpose(turn) if turn is not None else rgb
    except (Image.DecompressionBombError, Image.DecompressionBombWarning, MemoryError) as exc:
        raise _too_large(path, f"{image.width}×{image.height} could not be decoded in the "
                               "memory there is") from exc
    except OSError as exc:
        reason = "truncated" if "truncated" in str(exc).lower() else "corrupt"
        raise _skip(path, reason, _describe(exc)) from exc
    except Exception as exc:  # RuntimeError (pi-heif), ValueError, struct.error, ...
        raise _skip(path, "corrupt", _describe(exc)) from exc


def _describe(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def _skip(path: str, reason: str, detail: str) -> ImageSkipped:
    logger.info("skipped %s: %s: %s", shown(path), reason, detail)
    return ImageSkipped(path, reason, detail)


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
