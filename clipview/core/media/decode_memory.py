"""What decoding a photo costs in memory, and converting a large one to RGB small.

Pillow keeps '1', 'L' and 'P' in one byte a pixel, the 16-bit modes in two and every other
mode (RGB included) in four. Converting a whole large image to RGB would add four bytes a
pixel (sixteen when transparency is flattened, about thirty for 16-bit and float images),
so a photo that will be shown or encoded much smaller than it is (``min_side``) is
converted strip by strip, each strip reduced (a box filter, ``Image.reduce``) as soon as it
is RGB: its peak is the decoded image plus one strip's work plus the small result.
"""

from __future__ import annotations

import math
import os

from PIL import Image, _imaging

from clipview.core.media.image_modes import to_rgb

DEFAULT_MAX_PIXELS = 150_000_000   # the largest photo or video frame decoded by default

STRIP_PIXELS = 1 << 21   # pixels converted to RGB at a time
_NATIVE_BYTES = {"1": 1, "L": 1, "P": 1, "I;16": 2, "I;16B": 2, "I;16L": 2, "I;16N": 2}
_HIGH_DEPTH = ("I;16", "I;16B", "I;16L", "I;16N", "I", "F")
# reduced in their own mode, then converted: RGB needs no conversion, and the RGB of 'I'
# and 'F' depends on the whole image's peak (strips would each find their own)
_REDUCE_FIRST = ("RGB", "I", "F")
_BUFFERED = ("WEBP", "HEIF", "AVIF")   # decoders that hold a second copy of the pixels
# Pillow allocates an image's memory in blocks (16 MiB by default). glibc serves blocks below
# its mmap threshold (which rises to 32 MiB as large blocks are freed) from per-thread arenas
# that keep what they once held: eight decode threads, decoding one 144 MP RGBA PNG at a
# time, kept 4 GiB. Blocks of 64 MiB are mapped for each image and unmapped with it.
_BLOCK_BYTES = 64 << 20
if "PILLOW_BLOCK_SIZE" not in os.environ and _imaging.get_block_size() < _BLOCK_BYTES:
    _imaging.set_block_size(_BLOCK_BYTES)


def reduction(size: tuple[int, int], min_side: int) -> int:
    """The integer factor a photo can be reduced by and still have its short side at least
    ``2 * min_side`` (1: not reduced; also when ``min_side`` is 0: full size wanted)."""
    if min_side <= 0:
        return 1
    return max(1, min(size) // (2 * min_side))


def _convert_bytes(image: Image.Image) -> int:
    """Bytes a pixel ``to_rgb`` needs on top of the decoded image (its RGB result too)."""
    if image.mode == "RGB":
        return 0
    if image.mode in _HIGH_DEPTH:
        return 32   # float64 values and their temporaries, then L and RGB
    if image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info:
        return 16   # RGBA, a white background, their composite, RGB
    return 4


def decode_cost(image: Image.Image, factor: int, oriented: bool) -> int:
    """The bytes decoding ``image`` (opened, not loaded; after any ``draft``) holds at its
    peak when converted by ``to_small_rgb(image, factor)`` and turned upright."""
    width, height = image.size
    pixels = width * height
    native = _NATIVE_BYTES.get(image.mode, 4)
    cost = pixels * native + (pixels * 4 if image.format in _BUFFERED else 0)
    if factor > 1 and image.mode not in _REDUCE_FIRST:
        work = min(pixels, _strip_rows(width, factor) * width)
        out = math.ceil(width / factor) * math.ceil(height / factor)
        return cost + work * (native + _convert_bytes(image)) + out * 4 * (1 + oriented)
    if factor > 1:   # reduced in its own mode first, then converted
        out = math.ceil(width / factor) * math.ceil(height / factor)
        return cost + out * (native + _convert_bytes(image) + 4 * oriented)
    return cost + pixels * (_convert_bytes(image) + 4 * oriented)


def _strip_rows(width: int, factor: int) -> int:
    """Rows of a strip: a whole number of reduction blocks, about STRIP_PIXELS pixels."""
    return max(factor, STRIP_PIXELS // max(1, width) // factor * factor)


def to_small_rgb(image: Image.Image, factor: int) -> Image.Image:
    """``to_rgb(image)`` reduced by ``factor`` (as ``Image.reduce``: the last row and
    column of blocks may be partial), never holding the whole image as RGB."""
    if factor <= 1:
        return to_rgb(image)
    if image.mode in _REDUCE_FIRST:
        return to_rgb(image.reduce(factor))
    width, height = image.size
    rows = _strip_rows(width, factor)
    out = Image.new("RGB", (math.ceil(width / factor), math.ceil(height / factor)))
    for top in range(0, height, rows):
        strip = image.crop((0, top, width, min(height, top + rows)))
        out.paste(to_rgb(strip).reduce(factor), (0, top // factor))
    return out
