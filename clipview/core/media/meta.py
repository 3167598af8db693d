"""Facts about a photo read from its header: upright size and the date it was taken."""

from __future__ import annotations

from datetime import datetime

from PIL import Image

ORIENTATION_TAG = 0x0112
EXIF_IFD = 0x8769
TRANSPOSED = frozenset({5, 6, 7, 8})  # EXIF orientations that swap width and height
_DATE_TIME_ORIGINAL = 36867
_DATE_TIME_DIGITIZED = 36868
_DATE_TIME = 306


def header_exif(image: Image.Image) -> Image.Exif:
    """The EXIF the file's header carries, read without decoding a pixel: Pillow's PNG
    ``getexif`` decodes the whole image when the header has none (a 144 MP PNG decoded
    outside the decode budget just to find no EXIF), so a PNG's EXIF is what came before
    its image data. A broken EXIF block is an empty one (it must not cost the photo)."""
    try:
        if image.format == "PNG":
            return Image.Image.getexif(image)
        return image.getexif()
    except Exception:
        return Image.Exif()


def orientation(image: Image.Image) -> int:
    """The EXIF orientation (1 to 8; 1: upright as stored)."""
    value = header_exif(image).get(ORIENTATION_TAG, 1)
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def upright_size(image: Image.Image) -> tuple[int, int]:
    """(width, height) as the photo is meant to be seen (EXIF orientation applied)."""
    if orientation(image) in TRANSPOSED:
        return image.height, image.width
    return image.width, image.height


def exif_taken_at(image: Image.Image) -> float | None:
    """Unix time of DateTimeOriginal (else Digitized, else DateTime), local time; or None."""
    try:
        exif = header_exif(image)
    except Exception:
        return None
    return taken_from_exif(exif)


def taken_from_exif(exif: Image.Exif) -> float | None:
    """Unix time of an EXIF block's DateTimeOriginal (else Digitized, else DateTime)."""
    try:
        sub = exif.get_ifd(EXIF_IFD)
    except Exception:
        sub = {}
    for value in (sub.get(_DATE_TIME_ORIGINAL), sub.get(_DATE_TIME_DIGITIZED),
                  exif.get(_DATE_TIME)):
        parsed = parse_exif_date(value)
        if parsed is not None:
            return parsed
    return None


def parse_exif_date(value: object) -> float | None:
    """'2021:07:14 18:03:22' → unix seconds (local time); None for blanks and junk."""
    if not isinstance(value, str):
        return None
    text = value.strip().rstrip("\x00")
    for layout in ("%Y:%m:%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y:%m:%d"):
        try:
            return datetime.strptime(text, layout).timestamp()
        except ValueError:
            continue
    return None
