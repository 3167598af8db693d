"""Exclusions (table ``excludes``, see ``core/library/excludes.py``): the patterns people
excluded from a tracked folder (a forgotten sub-folder, an ``--exclude`` glob)."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

from clipview.core.catalog.base import Table


class ExcludeTable(Table):
    """The ``excludes`` table: patterns per tracked folder."""

    def add(self, folder_id: int, patterns: Sequence[str]) -> None:
        """Remember ``patterns`` for the tracked folder (already known ones are kept)."""
        now = time.time()
        with self._transaction() as db:
            db.executemany("INSERT OR IGNORE INTO excludes(folder_id, pattern, added_at) "
                           "VALUES (?, ?, ?)", [(folder_id, p, now) for p in patterns])

    def remove(self, folder_id: int, patterns: Sequence[str]) -> None:
        with self._transaction() as db:
            db.executemany("DELETE FROM excludes WHERE folder_id = ? AND pattern = ?",
                           [(folder_id, p) for p in patterns])

    def all(self) -> dict[int, list[str]]:
        """Every tracked folder's patterns (folder id → patterns, in the order added)."""
        found: dict[int, list[str]] = {}
        for folder_id, pattern in self._query(
                "SELECT folder_id, pattern FROM excludes ORDER BY folder_id, id"):
            found.setdefault(int(folder_id), []).append(str(pattern))
        return found

    def adopt(self, old_id: int, new_id: int) -> None:
        """Move a folder's patterns to the folder that now holds it (nested folders merge):
        relative globs become absolute ones below the old folder, so they keep their meaning."""
        rows = self._query("SELECT path FROM folders WHERE id = ?", (old_id,))
        if not rows:
            return
        prefix = str(rows[0][0]).rstrip(os.sep) + os.sep
        now = time.time()
        with self._transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO excludes(folder_id, pattern, added_at) "
                "SELECT ?, CASE WHEN substr(pattern, 1, 1) = ? THEN pattern "
                "ELSE ? || pattern END, ? FROM excludes WHERE folder_id = ? ORDER BY id",
                (new_id, os.sep, prefix, now, old_id))
            db.execute("DELETE FROM excludes WHERE folder_id = ?", (old_id,))
