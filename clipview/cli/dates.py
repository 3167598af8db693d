"""Dates people type on the command line (``--after 2024-05``) as unix seconds."""

from __future__ import annotations

from datetime import datetime

from clipview.core.query import QueryError


def parse_date(text: str, end: bool = False) -> float:
    """'2024', '2024-05' or '2024-05-17' → unix seconds, local time (the start of that
    year, month or day; its end when ``end``)."""
    for layout, step in (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year")):
        try:
            start = datetime.strptime(text.strip(), layout)
        except ValueError:
            continue
        if not end:
            return start.timestamp()
        if step == "day":
            return start.timestamp() + 86400
        if step == "month":
            nxt = start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
            return nxt.timestamp()
        return start.replace(year=start.year + 1).timestamp()
    raise QueryError(f"cannot read the date {text!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")
