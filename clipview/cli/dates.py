"""Dates people type on the command line (``--after 2024-05``) as unix seconds."""

from __future__ import annotations

from datetime import datetime

from clipview.cli.errors import UsageError

_LAYOUTS = (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year"))


def parse_date(text: str, end: bool = False) -> float:
    """'2024', '2024-05' or '2024-05-17' → unix seconds, local time (the start of that
    year, month or day; its end when ``end``). A date that cannot be read or lies outside
    what this system's clock can express raises UsageError (exit code 2)."""
    for layout, step in _LAYOUTS:
        try:
            start = datetime.strptime(text.strip(), layout)
        except ValueError:
            continue
        try:
            return _seconds(start, step, end)
        except (ValueError, OverflowError, OSError) as exc:
            raise UsageError(f"the date {text!r} is out of the range this system can use "
                             f"({exc})") from None
    raise UsageError(f"cannot read the date {text!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")


def _seconds(start: datetime, step: str, end: bool) -> float:
    if start.year < 1900:
        raise ValueError("years before 1900 are not supported")
    if not end:
        return start.timestamp()
    if step == "day":
        return start.timestamp() + 86400
    if step == "month":
        nxt = start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
        return nxt.timestamp()
    return start.replace(year=start.year + 1).timestamp()
