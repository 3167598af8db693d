"""Date sections for the timeline: "Today", "Yesterday", "June 2021", "Undated" (in the
locale's words: ``dates.month_label``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from clipview.gui.dates import month_label
from clipview.gui.translation import translate


@dataclass(frozen=True)
class Header:
    """A section title row in the grid; ``key`` is what the date jump lists."""

    label: str
    key: str      # "today", "yesterday", "2021-06", "undated"
    year: int | None
    count: int
    videos: int = 0   # of ``count``: a video is not called a photo


def section_day(taken_at: float | None) -> date | None:
    """The local day a photo taken at ``taken_at`` belongs to (None: undated)."""
    if taken_at is None:
        return None
    try:
        return datetime.fromtimestamp(taken_at).date()
    except (OverflowError, OSError, ValueError):
        return None


def section_key(day: date | None, today: date) -> str:
    """"today", "yesterday", "2021-06" or "undated"."""
    if day is None:
        return "undated"
    delta = (today - day).days
    return "today" if delta == 0 else "yesterday" if delta == 1 else \
        f"{day.year:04d}-{day.month:02d}"


def section_label(key: str, day: date | None) -> str:
    """What the section's header says (once a section: the locale is asked here)."""
    if day is None:
        return translate("DateSections", "Undated")
    if key == "today":
        return translate("DateSections", "Today")
    if key == "yesterday":
        return translate("DateSections", "Yesterday")
    return month_label(day)


def with_sections(items: Sequence[object], dates: Iterable[float | None],
                  today: date | None = None) -> list[object]:
    """``items`` (already newest first) with a Header before each new section."""
    today = today or date.today()
    rows: list[object] = []
    current: str | None = None
    header_at = -1
    count = 0
    for item, taken_at in zip(items, dates, strict=True):
        day = section_day(taken_at)
        key = section_key(day, today)
        if key != current:
            if header_at >= 0:
                rows[header_at] = _counted(rows[header_at], count)
            header_at, count, current = len(rows), 0, key
            rows.append(Header(section_label(key, day), key,
                               day.year if day is not None else None, 0))
        rows.append(item)
        count += 1
    if header_at >= 0:
        rows[header_at] = _counted(rows[header_at], count)
    return rows


def _counted(header: object, count: int) -> Header:
    assert isinstance(header, Header)
    return Header(header.label, header.key, header.year, count)
