"""Browsing the catalog (the timeline, the folder tree, search filters): usable photos by
folder and date, counted per directory. Reads ``images`` only."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

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


# a photo's date: taken, else the file's time (the index images_when has this expression:
# change both together, or the timeline is sorted from every row again)
WHEN = "COALESCE(taken_at, mtime_ns / 1e9)"


def _scope(folders: Sequence[str], after: float | None, before: float | None
           ) -> tuple[str, list[object]]:
    """`` AND …`` for a path inside any of ``folders`` and a date in [after, before)."""
    clause, params = folder_clause(folders)
    if after is not None:
        clause += f" AND {WHEN} >= ?"
        params.append(after)
    if before is not None:
        clause += f" AND {WHEN} < ?"
        params.append(before)
    return clause, params


class Browse(Table):
    """Usable photos as browsing and the search filters see them."""

    def photos(self, folders: Sequence[str] = (), after: float | None = None,
               before: float | None = None, limit: int | None = None) -> list[BrowseRow]:
        """Usable photos newest first (by date taken, else file time), inside ``folders``
        (any of them; all when empty) and the date range; the first ``limit`` only."""
        clause, params = _scope(folders, after, before)
        cut = "" if limit is None else f" LIMIT {int(limit)}"
        rows = self._query(f"SELECT id, path, {WHEN}, width, height FROM images "
                           f"WHERE state = 'ok'{clause} ORDER BY {WHEN} DESC, id DESC{cut}",
                           params)
        return [BrowseRow(int(r[0]), str(r[1]), r[2], r[3], r[4]) for r in rows]

    def ids(self, folders: Sequence[str] = (), after: float | None = None,
            before: float | None = None) -> np.ndarray:
        """Ids (int64, unordered) of usable photos inside any of ``folders`` (all when
        empty) taken in [after, before) — the date taken, else the file's time, as browsing
        shows them. Only the ids: no row becomes a Python object but its one integer."""
        clause, params = _scope(folders, after, before)
        rows = self._query(f"SELECT id FROM images WHERE state = 'ok'{clause}", params)
        return np.fromiter((r[0] for r in rows), np.int64, len(rows))

    def ids_and_paths(self, folders: Sequence[str] = (), after: float | None = None,
                      before: float | None = None) -> list[tuple[int, str]]:
        """(id, path) of the photos ``ids`` names: for filters that read the path."""
        clause, params = _scope(folders, after, before)
        rows = self._query(f"SELECT id, path FROM images WHERE state = 'ok'{clause}", params)
        return [(int(r[0]), str(r[1])) for r in rows]

    def directory_counts(self) -> dict[str, int]:
        """Usable photos directly inside each directory that holds any."""
        counts: dict[str, int] = {}
        for (path,) in self._query("SELECT path FROM images WHERE state = 'ok'"):
            directory = os.path.dirname(str(path))
            counts[directory] = counts.get(directory, 0) + 1
        return counts
