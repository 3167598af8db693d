"""What a photo shows of itself before it is decoded: the date it was taken, from the EXIF
segment at the start of a JPEG (one bounded read of its head, parsed as EXIF only: no image
is opened, no pixel decoded). The timeline lists a new photo under that date at once; the
encoding pass reads it again with the rest and keeps the same value. Other files wait for
their encoding pass (the file's time meanwhile)."""

from __future__ import annotations

import logging
import os

from PIL import Image

from clipview.core.errors import ImageSkipped
from clipview.core.media.meta import taken_from_exif
from clipview.core.media.safe_read import read_head

logger = logging.getLogger(__name__)

# APP0 (JFIF, a few bytes) then APP1 (EXIF, at most 64 KiB by the format) come first
HEAD_BYTES = 72 * 1024
_JPEG_NAMES = {".jpg", ".jpeg", ".jpe", ".jfif"}
_SOI, _SOS, _EOI, _APP1 = b"\xff\xd8", 0xDA, 0xD9, 0xE1


def first_date(path: str) -> float | None:
    """The EXIF date taken of a JPEG (unix time, local as EXIF states it); None for other
    files, a JPEG without one, or one that cannot be read now."""
    if os.path.splitext(path)[1].lower() not in _JPEG_NAMES:
        return None
    try:
        block = exif_block(read_head(path, HEAD_BYTES))
        if block is None:
            return None
        exif = Image.Exif()
        exif.load(block)
        return taken_from_exif(exif)
    except ImageSkipped as exc:
        logger.debug("no early date for %s: %s", path, exc)
    except Exception as exc:   # any file: whatever a damaged EXIF block makes PIL raise
        logger.debug("no early date for %s: %s: %s", path, type(exc).__name__, exc)
    return None


def exif_block(head: bytes) -> bytes | None:
    """The TIFF-structured EXIF data of the APP1 segment among a JPEG's first segments."""
    if head[:2] != _SOI:
        return None
    at = 2
    while at + 4 <= len(head):
        if head[at] != 0xFF:
            return None
        marker = head[at + 1]
        if marker in (_SOS, _EOI):
            return None
        length = int.from_bytes(head[at + 2:at + 4], "big")
        if length < 2:
            return None
        if marker == _APP1 and head[at + 4:at + 10] == b"Exif\x00\x00":
            end = at + 2 + length
            return head[at + 10:end] if end <= len(head) else None   # all of it, or none
        at += 2 + length
    return None
