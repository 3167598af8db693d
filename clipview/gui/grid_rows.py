"""The grid's rows for results in the order shown: date section headers (with how many of
their items are videos) and where each photo's row is. Plain data, made where it costs the
GUI thread nothing: a browse answer's rows are made on the session's read lane (100 000
photos: a quarter of a second of Python, 1M: seconds), the model only takes them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from clipview.core.media.kinds import is_video_name
from clipview.core.search.search import SearchResult
from clipview.gui.date_sections import Header, with_sections


@dataclass(frozen=True)
class Arranged:
    """``shown`` as grid rows (``sectioned``: with date headers)."""

    shown: list[SearchResult]
    rows: list[SearchResult | Header]
    row_of: dict[str, int]   # a photo's path: its row
    videos: int              # how many of ``shown`` are videos
    sectioned: bool


def arrange_rows(shown: list[SearchResult], sectioned: bool) -> Arranged:
    """The rows of ``shown`` (already in the order shown; newest first when sectioned)."""
    video = [is_video_name(r.path) for r in shown]
    rows: list[SearchResult | Header]
    if sectioned:
        rows = _with_video_counts(with_sections(shown, [r.taken_at for r in shown]), video)
    else:
        rows = list(shown)
    row_of = {r.path: i for i, r in enumerate(rows) if isinstance(r, SearchResult)}
    return Arranged(shown, rows, row_of, sum(video), sectioned)


def starts_with(rows: list[SearchResult], page: list[SearchResult]) -> bool:
    """Whether ``rows`` begin with the photos of ``page``, in its order, equal."""
    return len(rows) >= len(page) and all(a == b for a, b in zip(rows, page, strict=False))


def _with_video_counts(rows: list[object], video: list[bool]) -> list[SearchResult | Header]:
    """Each section's Header with how many of its items are videos (``video``: per item)."""
    out: list[SearchResult | Header] = []
    header_at, item = -1, 0
    for row in rows:
        if isinstance(row, Header):
            header_at = len(out)
        elif isinstance(row, SearchResult):
            if header_at >= 0 and video[item]:
                header = out[header_at]
                assert isinstance(header, Header)
                out[header_at] = replace(header, videos=header.videos + 1)
            item += 1
        out.append(row)  # type: ignore[arg-type]
    return out
