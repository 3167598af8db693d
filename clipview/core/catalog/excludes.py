"""Catalog queries for exclusions (table ``excludes``, see ``core/library/excludes.py``) and the
file facts search results show (size)."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

from clipview.core.catalog.base import CatalogBase
from clipview.core.catalog.paths import prefix_range


class ExcludeQueries(CatalogBase):
    def add_excludes(self, folder_id: int, patterns: Sequence[str]) -> None:
        """Remember ``patterns`` for the tracked folder (already known ones are kept)."""
        now = time.time()
        with self.transaction() as db:
            db.executemany("INSERT OR IGNORE INTO excludes(folder_id, pattern, added_at) "
                           "VALUES (?, ?, ?)", [(folder_id, p, now) for p in patterns])

    def remove_excludes(self, folder_id: int, patterns: Sequence[str]) -> None:
        with self.transaction() as db:
            db.executemany("DELETE FROM excludes WHERE folder_id = ? AND pattern = ?",
                           [(folder_id, p) for p in patterns])

    def excludes(self) -> dict[int, list[str]]:
        """Every tracked folder's patterns (folder id → patterns, in the order added)."""
        found: dict[int, list[str]] = {}
        for folder_id, pattern in self._query(
                "SELECT folder_id, pattern FROM excludes ORDER BY folder_id, id"):
            found.setdefault(int(folder_id), []).append(str(pattern))
        return found

    def adopt_excludes(self, old_id: int, new_id: int) -> None:
        """Move a folder's patterns to the folder that now holds it (nested folders merge):
        relative globs become absolute ones below the old folder, so they keep their meaning."""
        rows = self._query("SELECT path FROM folders WHERE id = ?", (old_id,))
        if not rows:
            return
        prefix = str(rows[0][0]).rstrip(os.sep) + os.sep
        now = time.time()
        with self.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO excludes(folder_id, pattern, added_at) "
                "SELECT ?, CASE WHEN substr(pattern, 1, 1) = ? THEN pattern "
                "ELSE ? || pattern END, ? FROM excludes WHERE folder_id = ? ORDER BY id",
                (new_id, os.sep, prefix, now, old_id))
            db.execute("DELETE FROM excludes WHERE folder_id = ?", (old_id,))

    def remove_images_below(self, folder_id: int, folder: str) -> list[int]:
        """Delete the folder's photos at or below the path ``folder``; returns their ids."""
        low, high = prefix_range(folder)   # a range, not substr: stored names may hold NUL
        with self.transaction() as db:
            ids = [int(r[0]) for r in db.execute(
                "SELECT id FROM images WHERE folder_id = ? AND path >= ? AND path < ?",
                (folder_id, low, high))]
            db.executemany("DELETE FROM images WHERE id = ?", [(i,) for i in ids])
            if ids:
                self.bump_generation(db)
            return ids

    def file_sizes(self, ids: Sequence[int]) -> dict[int, int]:
        """Image id → file size in bytes, as last indexed."""
        found: dict[int, int] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start:start + 500])
            marks = ",".join("?" * len(chunk))
            for image_id, size in self._query(
                    f"SELECT id, size FROM images WHERE id IN ({marks})", chunk):
                found[int(image_id)] = int(size)
        return found
