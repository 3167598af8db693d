"""The catalog's full-text table (SQLite FTS5, ``media_text``): each usable item's file name,
folders, caption and camera, rowid = the image's id.

Kept in step with ``images``: written by the batch commit (``write``), rewritten on a
move (``moved``), deleted by a trigger when an image row goes (also by a folder's
cascade), and filled in for rows that lack it (a catalog from before this table, a restored
folder) at the start of every index run (``backfill``: name and folders; the caption
comes when the file is next read).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from clipview.core.catalog.base import Table
from clipview.core.media.words import FIELDS, folder_text, name_text

# query words matched per field are looked up for at most this many items per word
TEXT_HIT_LIMIT = 5000
_BACKFILL_CHUNK = 2000


class TextTable(Table):
    """Writes and lookups of the full-text table ``media_text``."""

    def write(self, db: sqlite3.Connection, image_id: int, path: str, folder_id: int,
                   caption: str, camera: str) -> None:
        root = _folder_path(db, folder_id)
        db.execute("DELETE FROM media_text WHERE rowid = ?", (image_id,))
        db.execute("INSERT INTO media_text(rowid, name, folder, caption, camera) "
                   "VALUES (?, ?, ?, ?, ?)",
                   (image_id, name_text(path), folder_text(path, root), caption, camera))

    def drop(self, db: sqlite3.Connection, image_id: int) -> None:
        db.execute("DELETE FROM media_text WHERE rowid = ?", (image_id,))

    def moved(self, db: sqlite3.Connection, image_id: int) -> None:
        """After a move: the new name and folders, the same caption and camera."""
        row = db.execute("SELECT path, folder_id, state FROM images WHERE id = ?",
                         (image_id,)).fetchone()
        if row is None or row[2] != "ok":
            return
        old = db.execute("SELECT caption, camera FROM media_text WHERE rowid = ?",
                         (image_id,)).fetchone()
        caption, camera = (str(old[0] or ""), str(old[1] or "")) if old else ("", "")
        self.write(db, image_id, str(row[0]), int(row[1]), caption, camera)

    def backfill(self) -> int:
        """Add the rows usable images lack (name and folders); returns how many."""
        added = 0
        if self._complete():
            return added
        while True:
            rows = self._query(
                "SELECT i.id, i.path, i.folder_id FROM images i WHERE i.state = 'ok' AND "
                "NOT EXISTS (SELECT 1 FROM media_text t WHERE t.rowid = i.id) LIMIT ?",
                (_BACKFILL_CHUNK,))
            if not rows:
                return added
            with self._transaction() as db:
                for image_id, path, folder_id in rows:
                    self.write(db, int(image_id), str(path), int(folder_id), "", "")
            added += len(rows)

    def _complete(self) -> bool:
        """Every usable image has its row (two counts: cheap where the anti-join over every
        image is not; rows of images that went are deleted by a trigger)."""
        counts = self._query("SELECT (SELECT COUNT(*) FROM images WHERE state = 'ok'), "
                             "(SELECT COUNT(*) FROM media_text)")
        return bool(counts) and int(counts[0][0]) == int(counts[0][1])

    def hits(self, words: Sequence[str]) -> dict[int, dict[str, list[str]]]:
        """{image id: {field: [query words found in it]}} for items where any word is."""
        hits: dict[int, dict[str, list[str]]] = {}
        for word in words:
            phrase = '"' + word.replace('"', '""') + '"'
            for field in FIELDS:
                for (rowid,) in self._query(
                        "SELECT rowid FROM media_text WHERE media_text MATCH ? LIMIT ?",
                        (f"{field} : {phrase}", TEXT_HIT_LIMIT)):
                    hits.setdefault(int(rowid), {}).setdefault(field, []).append(word)
        return hits

    def of(self, image_id: int) -> dict[str, str] | None:
        """The full-text row of an item (for the viewer, tests), None when it has none."""
        rows = self._query("SELECT name, folder, caption, camera FROM media_text "
                           "WHERE rowid = ?", (image_id,))
        if not rows:
            return None
        return {field: str(value or "") for field, value in zip(FIELDS, rows[0], strict=True)}


def _folder_path(db: sqlite3.Connection, folder_id: int) -> str:
    row = db.execute("SELECT path FROM folders WHERE id = ?", (folder_id,)).fetchone()
    return str(row[0]) if row else ""
