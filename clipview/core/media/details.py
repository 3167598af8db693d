"""What the viewer's info panel shows about one photo: file facts, dimensions and the EXIF
(camera, lens, exposure, date with time zone, GPS), read from the headers only. A video's
come from its container (``video.video_facts``: size, duration, date, camera; no frame
decoded). Without a date in the file, the file's own time is shown, marked as such.

Only regular files are opened (``safe_read.open_regular``), only by the allow-listed decoders
(``preprocess.ALLOWED_FORMATS``: never Ghostscript or the long tail of rare formats), and no
pixels are decoded: Pillow opens images lazily, and a PNG's EXIF is used only when it comes
before the pixel data (reading a later ``eXIf`` chunk would decode the whole image). Nothing
raises: a file that cannot be read gives details with its name, folder, size and ``problem``.
"""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, SupportsFloat

from PIL import Image, UnidentifiedImageError
from PIL.ExifTags import GPS, IFD, Base

from clipview.core.errors import ImageSkipped
from clipview.core.media.details_text import (
    DayTime,
    dimensions_text,
    english_day_time,
    focal_text,
    location_text,
    short_number,
    shutter_text,
    size_text,
    taken_text,
)
from clipview.core.media.kinds import is_video_name
from clipview.core.media.meta import TRANSPOSED
from clipview.core.media.preprocess import ALLOWED_FORMATS
from clipview.core.media.safe_read import MAX_FILE_BYTES, open_regular
from clipview.core.media.video import MAX_VIDEO_BYTES, video_facts

_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MAX_TEXT = 120
# (date tag, offset tag): the moment the photo was taken, best source first
_DATE_TAGS = ((Base.DateTimeOriginal, Base.OffsetTimeOriginal),
              (Base.DateTimeDigitized, Base.OffsetTimeDigitized),
              (Base.DateTime, Base.OffsetTime))


@dataclass(frozen=True)
class PhotoDetails:
    """Facts about one photo; every field the file does not tell is None."""

    path: str
    name: str
    folder: str
    size_bytes: int | None = None
    format: str | None = None
    width: int | None = None             # as the photo is meant to be seen (orientation applied)
    height: int | None = None
    taken: datetime | None = None        # aware when the EXIF gives the time zone offset
    make: str | None = None
    model: str | None = None
    lens: str | None = None
    exposure_time: float | None = None   # seconds
    f_number: float | None = None
    iso: int | None = None
    focal_length: float | None = None    # millimetres
    focal_length_35mm: int | None = None
    latitude: float | None = None        # degrees, north positive
    longitude: float | None = None       # degrees, east positive
    altitude: float | None = None        # metres above sea level
    problem: str | None = None           # why the file could not be read (fully)
    duration: float | None = None        # a video's length, seconds
    file_date: datetime | None = None    # the file's modification time (local)
    video: bool = False

    @property
    def camera(self) -> str | None:
        """Make and model, without the make twice ("Canon Canon EOS R5" → "Canon EOS R5")."""
        if not self.model:
            return self.make
        if not self.make:
            return self.model
        first_word = self.make.split()[0].lower()
        return self.model if self.model.lower().startswith(first_word) else (
            f"{self.make} {self.model}")

    @property
    def geo_uri(self) -> str | None:
        """An RFC 5870 ``geo:`` URI of the place, for maps applications."""
        if self.latitude is None or self.longitude is None:
            return None
        return f"geo:{self.latitude:.6f},{self.longitude:.6f}"

    def rows(self, day_time: DayTime = english_day_time) -> list[tuple[str, str]]:
        """(label, value) pairs in display order; the fields not known are left out;
        ``day_time`` writes the dates (the window's follows the locale)."""
        candidates = [
            ("File", self.name),
            ("Folder", self.folder),
            ("Dimensions", dimensions_text(self.width, self.height)),
            ("File size", size_text(self.size_bytes)),
            ("Type", self.format),
            ("Duration", _clock(self.duration)),
            ("Taken", taken_text(self.taken, day_time)),
            ("File date", self._file_date_text(day_time)),
            ("Camera", self.camera),
            ("Lens", self.lens),
            ("Shutter", shutter_text(self.exposure_time)),
            ("Aperture", f"f/{short_number(self.f_number)}" if self.f_number else None),
            ("ISO", str(self.iso) if self.iso else None),
            ("Focal length", focal_text(self.focal_length, self.focal_length_35mm)),
            ("Location", location_text(self.latitude, self.longitude)),
            ("Altitude", f"{self.altitude:.0f} m" if self.altitude is not None else None),
            ("Problem", self.problem),
        ]
        return [(label, value) for label, value in candidates if value]

    def _file_date_text(self, day_time: DayTime) -> str | None:
        """The file's time when the file holds no date: "3 April 2021, 12:00:00 (no date
        in the photo)"."""
        if self.taken is not None or self.file_date is None or self.problem is not None:
            return None   # a file not read in full may well hold a date
        return f"{day_time(self.file_date)} (no date in the {'video' if self.video else 'photo'})"


def _clock(seconds: float | None) -> str | None:
    """A video's length: '0:42', '1:02:05'."""
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return None
    minutes, secs = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def photo_details(path: str) -> PhotoDetails:
    """The details of the photo at ``path`` (never raises; see the module's docstring)."""
    absolute = os.path.abspath(path)
    base = PhotoDetails(path, os.path.basename(absolute), os.path.dirname(absolute),
                        video=is_video_name(path))
    try:
        with open_regular(path) as (fd, info):
            base = replace(base, size_bytes=info.st_size,
                           file_date=_local(info.st_mtime))
            if base.video:
                return _read_video(path, base, info.st_size)
            if info.st_size > MAX_FILE_BYTES:
                return replace(base, problem="the file is too large to be a photo")
            with open(fd, "rb", closefd=False) as stream:
                return _read_headers(stream, base)
    except ImageSkipped as exc:
        return replace(base, problem=exc.detail)


def offline_details(details: PhotoDetails, folder: str) -> PhotoDetails:
    """The details of a photo that could not be read while its tracked ``folder`` is
    offline (unplugged, unreachable): that is the problem, not a file gone for good."""
    if details.problem is None:
        return details
    return replace(details, problem=f"its folder {folder} is offline (unplugged or "
                   "unreachable); the photo is shown again when the folder is back")


def _local(seconds: float) -> datetime | None:
    try:
        return datetime.fromtimestamp(seconds)
    except (OverflowError, OSError, ValueError):
        return None


def _read_video(path: str, base: PhotoDetails, size: int) -> PhotoDetails:
    """A video's container facts (PyAV); raises ImageSkipped."""
    if size > MAX_VIDEO_BYTES:
        return replace(base, problem="the file is too large to be a video")
    facts = video_facts(path)
    taken = None
    if facts.taken_at is not None:
        taken = datetime.fromtimestamp(facts.taken_at, UTC).astimezone()
    return replace(base, format=f"Video ({facts.codec})" if facts.codec else "Video",
                   width=facts.width or None, height=facts.height or None,
                   duration=facts.duration, taken=taken, model=facts.camera or None)


def _read_headers(stream: Any, base: PhotoDetails) -> PhotoDetails:
    try:
        with Image.open(stream, formats=ALLOWED_FORMATS) as image:
            return _from_image(image, base)
    except UnidentifiedImageError:
        return replace(base, problem="not an image format clipview reads")
    except Image.DecompressionBombError as exc:
        return replace(base, problem=str(exc))
    except Exception as exc:  # a header parser may raise anything on a damaged file
        return replace(base, problem=f"damaged header ({exc or type(exc).__name__})")


def _from_image(image: Image.Image, base: PhotoDetails) -> PhotoDetails:
    details = replace(base, format=image.format, width=image.width, height=image.height)
    try:
        exif = _exif_without_decoding(image)
        if exif.get(Base.Orientation) in TRANSPOSED:
            details = replace(details, width=image.height, height=image.width)
        return _with_exif(details, exif)
    except Exception as exc:  # a broken EXIF block costs only the EXIF rows
        return replace(details, problem=f"unreadable EXIF ({exc or type(exc).__name__})")


def _exif_without_decoding(image: Image.Image) -> Image.Exif:
    """The EXIF block; PngImageFile.getexif() would decode the pixels to find a late one."""
    if image.format == "PNG" and "exif" not in image.info:
        return Image.Exif()
    return image.getexif()


def _with_exif(details: PhotoDetails, exif: Image.Exif) -> PhotoDetails:
    sub = exif.get_ifd(IFD.Exif)

    def tag(number: int) -> Any:
        return sub.get(number, exif.get(number))  # some writers put them in IFD0

    latitude, longitude, altitude = _gps(exif.get_ifd(IFD.GPSInfo))
    iso = _number(tag(Base.ISOSpeedRatings))
    focal_35 = _number(tag(Base.FocalLengthIn35mmFilm))
    return replace(
        details,
        taken=_taken(sub, exif),
        make=_text(exif.get(Base.Make)),
        model=_text(exif.get(Base.Model)),
        lens=_lens(_text(tag(Base.LensMake)), _text(tag(Base.LensModel))),
        exposure_time=_number(tag(Base.ExposureTime)),
        f_number=_number(tag(Base.FNumber)),
        iso=round(iso) if iso else None,
        focal_length=_number(tag(Base.FocalLength)),
        focal_length_35mm=round(focal_35) if focal_35 else None,
        latitude=latitude, longitude=longitude, altitude=altitude,
    )


def _taken(sub: dict[int, Any], main: Image.Exif) -> datetime | None:
    for date_tag, offset_tag in _DATE_TAGS:
        value = sub.get(date_tag, main.get(date_tag))
        moment = _parse_date(value)
        if moment is not None:
            offset = _parse_offset(sub.get(offset_tag, main.get(offset_tag)))
            return moment.replace(tzinfo=offset) if offset is not None else moment
    return None


def _parse_date(value: object) -> datetime | None:
    text = _text(value)
    if text is None:
        return None
    for layout in ("%Y:%m:%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y:%m:%d %H:%M"):
        try:
            return datetime.strptime(text[:19], layout)
        except ValueError:
            continue
    return None


def _parse_offset(value: object) -> timezone | None:
    match = _OFFSET.match(_text(value) or "")
    if match is None:
        return None
    minutes = int(match.group(2)) * 60 + int(match.group(3))
    if minutes > 14 * 60:
        return None
    return timezone(timedelta(minutes=-minutes if match.group(1) == "-" else minutes))


def _gps(gps: dict[int, Any]) -> tuple[float | None, float | None, float | None]:
    """(latitude, longitude, altitude); all None without a valid position."""
    latitude = _degrees(gps.get(GPS.GPSLatitude), _text(gps.get(GPS.GPSLatitudeRef)), 90,
                        "NS")
    longitude = _degrees(gps.get(GPS.GPSLongitude), _text(gps.get(GPS.GPSLongitudeRef)), 180,
                         "EW")
    if latitude is None or longitude is None:
        return None, None, None
    altitude = _number(gps.get(GPS.GPSAltitude), positive=False)
    below_sea = gps.get(GPS.GPSAltitudeRef) in (1, b"\x01")
    if altitude is not None and below_sea:
        altitude = -altitude
    return latitude, longitude, altitude


def _degrees(value: object, ref: str | None, limit: float, refs: str) -> float | None:
    """(degrees, minutes, seconds) rationals and N/S/E/W → signed degrees; None for junk."""
    if not isinstance(value, tuple) or not 1 <= len(value) <= 3:
        return None
    parts = [_number(part, positive=False) for part in value]
    if any(part is None or part < 0 for part in parts):
        return None
    degrees = sum(part / 60.0**i for i, part in enumerate(p for p in parts if p is not None))
    if degrees > limit or ref is None or len(ref) != 1 or ref not in refs:
        return None
    return -degrees if ref == refs[1] else degrees


def _number(value: object, positive: bool = True) -> float | None:
    """A finite float from an EXIF rational/int (first of a tuple); None for 0/0 and junk."""
    first: object = (value[0] if value else None) if isinstance(value, tuple) else value
    if not isinstance(first, (int, float, SupportsFloat)):
        return None
    try:
        number = float(first)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    if not math.isfinite(number) or (positive and number <= 0):
        return None
    return number


def _text(value: object) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    cleaned = _CONTROL.sub("", value.split("\x00")[0]).strip()
    return cleaned[:_MAX_TEXT] or None


def _lens(make: str | None, model: str | None) -> str | None:
    if make and model and not model.lower().startswith(make.split()[0].lower()):
        return f"{make} {model}"
    return model or None
