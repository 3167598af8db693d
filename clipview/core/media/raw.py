"""Camera RAW files (CR2, CR3, NEF, ARW, DNG, RAF, ORF, RW2 …) through LibRaw (``rawpy``).

clipview never develops a RAW: it uses the preview the camera embedded (``extract_thumb``),
and only when there is none a half-size LibRaw decode. The RAW's bytes come from the bounded
regular-file read (``safe_read``) and reach LibRaw in memory (a BytesIO). What comes out is
handed back as encoded image bytes (the embedded JPEG as it is, a bitmap as BMP), so the
same allow-listed Pillow decoders and preprocessing as for every photo decode it
(``preprocess.decoded_photo``).
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

import numpy as np
from PIL import Image

from clipview.core.errors import ImageSkipped
from clipview.core.media.meta import ORIENTATION_TAG, exif_taken_at, taken_from_exif
from clipview.core.media.safe_read import shown

logger = logging.getLogger(__name__)

# LibRaw's ``sizes.flip`` → the EXIF orientation that turns the preview upright
_FLIP_TO_ORIENTATION = {3: 3, 5: 8, 6: 6}
_TURNS = {3: Image.Transpose.ROTATE_180, 6: Image.Transpose.ROTATE_270,
          8: Image.Transpose.ROTATE_90}


@dataclass(frozen=True)
class RawPreview:
    """A RAW's picture as encoded bytes for Pillow, with the RAW's own facts."""

    data: bytes              # JPEG (embedded preview) or BMP (bitmap preview, decode)
    width: int               # the RAW's upright size, not the preview's
    height: int
    orientation: int         # EXIF orientation to apply to the decoded preview (1: none)
    taken_at: float | None   # from the RAW's TIFF header, else the preview's EXIF


def raw_preview(data: bytes, path: str) -> RawPreview:
    """The embedded preview of a RAW file in memory, else a half-size decode.

    Raises ImageSkipped (``corrupt``, ``not an image``) when LibRaw cannot read it."""
    import rawpy  # only RAW files need LibRaw loaded

    try:
        with rawpy.imread(io.BytesIO(data)) as raw:
            flip = int(raw.sizes.flip)
            width, height = int(raw.sizes.width), int(raw.sizes.height)
            if flip in (5, 6):
                width, height = height, width
            encoded, needs_turn = _picture(raw, rawpy)
    except rawpy.LibRawFileUnsupportedError as exc:
        raise _skip(path, "not an image", f"LibRaw does not read this file: {exc}") from exc
    except (rawpy.LibRawError, MemoryError, ValueError, OSError) as exc:
        raise _skip(path, "corrupt", f"LibRaw: {exc}") from exc
    orientation = _FLIP_TO_ORIENTATION.get(flip, 1) if needs_turn else 1
    if needs_turn and _preview_orientation(encoded) != 1:
        orientation = 1  # the preview says how to turn itself
    return RawPreview(encoded, width, height, orientation, _taken_at(data, encoded))


def _picture(raw: object, rawpy: object) -> tuple[bytes, bool]:
    """(encoded image, whether LibRaw's flip still has to be applied)."""
    try:
        thumb = raw.extract_thumb()  # type: ignore[attr-defined]
    except (rawpy.LibRawNoThumbnailError,  # type: ignore[attr-defined]
            rawpy.LibRawUnsupportedThumbnailError):  # type: ignore[attr-defined]
        thumb = None
    if thumb is not None and thumb.format == rawpy.ThumbFormat.JPEG:  # type: ignore[attr-defined]
        return bytes(thumb.data), True
    if thumb is not None and isinstance(thumb.data, np.ndarray) and thumb.data.ndim == 3:
        return _bmp(thumb.data), True
    rgb = raw.postprocess(half_size=True, use_camera_wb=True,  # type: ignore[attr-defined]
                          output_bps=8, no_auto_bright=False)
    return _bmp(rgb), False  # postprocess has turned it already


def _bmp(pixels: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(pixels[..., :3].astype(np.uint8)), "RGB").save(
        buffer, "BMP")
    return buffer.getvalue()


def _preview_orientation(encoded: bytes) -> int:
    try:
        with Image.open(io.BytesIO(encoded), formats=("JPEG",)) as preview:
            return int(preview.getexif().get(ORIENTATION_TAG, 1))
    except Exception:  # no EXIF, not a JPEG: nothing says how to turn it
        return 1


def raw_exif(data: bytes) -> Image.Exif | None:
    """IFD0 (and its EXIF sub-IFD) of a TIFF-based RAW (DNG, NEF, CR2, ARW, ORF, RW2 …),
    parsed from the bytes without opening the image; None for the others (CR3, RAF …)."""
    if data[:4] not in (b"II*\x00", b"MM\x00*"):
        return None
    try:
        exif = Image.Exif()
        exif.load(data)
    except Exception:  # a broken header costs its facts, never the photo
        return None
    return exif


def _taken_at(data: bytes, encoded: bytes) -> float | None:
    exif = raw_exif(data)
    found = taken_from_exif(exif) if exif is not None else None
    if found is not None:
        return found
    try:
        with Image.open(io.BytesIO(encoded), formats=("JPEG",)) as preview:
            return exif_taken_at(preview)
    except Exception:
        return None


def turn_upright(image: Image.Image, orientation: int) -> Image.Image:
    """Apply an EXIF orientation the preview itself does not carry."""
    method = _TURNS.get(orientation)
    return image if method is None else image.transpose(method)


def _skip(path: str, reason: str, detail: str) -> ImageSkipped:
    logger.info("skipped %s: %s: %s", shown(path), reason, detail)
    return ImageSkipped(path, reason, detail)
