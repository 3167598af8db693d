"""Human-readable values for the viewer's info panel (no Qt, no locale: English text; the
window passes its own ``DayTime``, the locale's, for the dates)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

DayTime = Callable[[datetime], str]   # a day and its time of day, without the zone

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def short_number(number: float | None) -> str:
    return f"{round(number or 0.0, 1):g}"


def dimensions_text(width: int | None, height: int | None) -> str | None:
    if not width or not height:
        return None
    megapixels = width * height / 1e6
    return f"{width} × {height}" + (f" ({megapixels:.1f} MP)" if megapixels >= 0.1 else "")


def size_text(size: int | None) -> str | None:
    if size is None:
        return None
    if size < 1000:
        return f"{size} bytes"
    for unit, factor in (("kB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        if size < factor * 1000 or unit == "GB":
            return f"{size / factor:.1f} {unit}"
    return None  # pragma: no cover - the loop always returns


def english_day_time(moment: datetime) -> str:
    """"14 July 2021, 18:03:22"."""
    return f"{moment.day} {_MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M:%S}"


def taken_text(taken: datetime | None, day_time: DayTime = english_day_time) -> str | None:
    """"14 July 2021, 18:03:22 (UTC+02:00)", or "(local time)" without a zone."""
    if taken is None:
        return None
    offset = taken.utcoffset()
    if offset is None:
        return f"{day_time(taken)} (local time)"
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{day_time(taken)} (UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d})"


def shutter_text(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    if seconds >= 1:
        return f"{short_number(seconds)} s"
    per_second = 1 / seconds
    if seconds < 0.25 or abs(per_second - round(per_second)) < 0.05 * per_second:
        return f"1/{round(per_second)} s"
    return f"{short_number(seconds)} s"


def focal_text(focal: float | None, focal_35mm: int | None) -> str | None:
    if focal is None:
        return None
    text = f"{short_number(focal)} mm"
    if focal_35mm and abs(focal_35mm - focal) >= 1:
        text += f" ({focal_35mm} mm in 35 mm terms)"
    return text


def location_text(latitude: float | None, longitude: float | None) -> str | None:
    if latitude is None or longitude is None:
        return None
    north = "N" if latitude >= 0 else "S"
    east = "E" if longitude >= 0 else "W"
    return f"{abs(latitude):.6f}° {north}, {abs(longitude):.6f}° {east}"
