"""Browsing the catalog (the timeline, the folder tree, search filters): usable photos by
folder and date, counted per directory. Reads ``images`` only."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from clipview.core.catalog.base import Table
from clipview.core.catalog.paths import prefix_range


@dataclass(frozen=True)
class BrowseRow:
    id: int
    path: str
    when: float | None       # taken (EXIF), else the file's modification time
    width: int | None
    height: int | None


def folder_clause(prefixes: Sequence[str]) -> tuple[str, list[object]]:
    """`` AND (…)``: a path inside any of ``prefixes`` (nothing when empty)."""
    if not prefixes:
        return "", []
    parts: list[str] = []
    params: list[object] = []
    for folder in prefixes:
        parts.append("(path >= ? AND path < ?)")  # not substr: see paths.py
        params += list(prefix_range(folder))
    return " AND (" + " OR ".join(parts) + ")", params


class Browse(Table):
    """Usable photos as browsing and the search filters see them."""

    def photos(self, folders: Sequence[str] = (), after: float | None = None,
               before: float | None = None) -> list[BrowseRow]:
        """Usable photos newest first (by date taken, else file time), inside ``folders``
        (any of them; all when empty) and the date range."""
        when = "COALESCE(taken_at, mtime_ns / 1e9)"
        clause, params = folder_clause(folders)
        if after is not None:
            clause += f" AND {when} >= ?"
            params.append(after)
        if before is not None:
            clause += f" AND {when} < ?"
            params.append(before)
        rows = self._query(f"SELECT id, path, {when}, width, height FROM images "
                           f"WHERE state = 'ok'{clause} ORDER BY {when} DESC, id DESC", params)
        return [BrowseRow(int(r[0]), str(r[1]), r[2], r[3], r[4]) for r in rows]

    def ids(self, folders: Sequence[str] = (), after: float | None = None,
            before: float | None = None) -> set[int]:
        """Ids of usable photos inside any of ``folders`` (all when empty) taken in
        [after, before) — the date taken, else the file's time, as browsing shows them."""
        return {row.id for row in self.photos(folders, after, before)}

    def directory_counts(self) -> dict[str, int]:
        """Usable photos directly inside each directory that holds any."""
        counts: dict[str, int] = {}
        for (path,) in self._query("SELECT path FROM images WHERE state = 'ok'"):
            directory = os.path.dirname(str(path))
            counts[directory] = counts.get(directory, 0) + 1
        return counts
