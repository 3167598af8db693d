"""Date sections for the timeline: "Today", "Yesterday", "June 2021", "Undated"."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Header:
    """A section title row in the grid; ``key`` is what the date jump lists."""

    label: str
    key: str      # "today", "yesterday", "2021-06", "undated"
    year: int | None
    count: int
    videos: int = 0   # of ``count``: a video is not called a photo


def section_key(taken_at: float | None, today: date) -> tuple[str, str, int | None]:
    """(key, label, year) of the section a photo taken at ``taken_at`` belongs to."""
    if taken_at is None:
        return "undated", "Undated", None
    try:
        day = datetime.fromtimestamp(taken_at).date()
    except (OverflowError, OSError, ValueError):
        return "undated", "Undated", None
    delta = (today - day).days
    if delta == 0:
        return "today", "Today", day.year
    if delta == 1:
        return "yesterday", "Yesterday", day.year
    return f"{day.year:04d}-{day.month:02d}", day.strftime("%B %Y"), day.year


def with_sections(items: Sequence[object], dates: Iterable[float | None],
                  today: date | None = None) -> list[object]:
    """``items`` (already newest first) with a Header before each new section."""
    today = today or date.today()
    rows: list[object] = []
    current: str | None = None
    header_at = -1
    count = 0
    for item, taken_at in zip(items, dates, strict=True):
        key, label, year = section_key(taken_at, today)
        if key != current:
            if header_at >= 0:
                rows[header_at] = _counted(rows[header_at], count)
            header_at, count, current = len(rows), 0, key
            rows.append(Header(label, key, year, 0))
        rows.append(item)
        count += 1
    if header_at >= 0:
        rows[header_at] = _counted(rows[header_at], count)
    return rows


def _counted(header: object, count: int) -> Header:
    assert isinstance(header, Header)
    return Header(header.label, header.key, header.year, count)
