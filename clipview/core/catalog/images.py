"""The catalogued files (table ``images``: one row per photo or video, usable or skipped):
the rows an indexing run compares, moves and deletions, the batch commit that writes rows
with their vectors, frames and full text in one transaction, and what search results show.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from clipview.core.catalog.base import Connection, Table
from clipview.core.catalog.blobs import to_blob
from clipview.core.catalog.media import MediaTable
from clipview.core.catalog.paths import prefix_range
from clipview.core.catalog.rows import ImageInfo, ImageRow, NewImage
from clipview.core.catalog.stamps import StampTable
from clipview.core.catalog.text import TextTable
from clipview.core.catalog.vectors import VectorTable


class ImageTable(Table):
    """The ``images`` table; a row's change keeps its stamps, text, frames and vectors true
    (the parts that own them are given here)."""

    def __init__(self, connection: Connection, *, stamps: StampTable, text: TextTable,
                 vectors: VectorTable, media: MediaTable) -> None:
        super().__init__(connection)
        self._stamps = stamps
        self._text = text
        self._vectors = vectors
        self._media = media

    def rows(self, model_id: int) -> dict[str, ImageRow]:
        """Every row by path, with whether it has a vector of ``model_id``."""
        rows = self._query(
            "SELECT i.id, i.path, i.folder_id, i.size, i.mtime_ns, i.content_hash, i.state, "
            "v.image_id IS NOT NULL, i.ctime_ns FROM images i LEFT JOIN vectors v "
            "ON v.image_id = i.id AND v.model_id = ?", (model_id,))
        return {r[1]: ImageRow._make(r) for r in rows}   # columns in ImageRow's order

    def id_of(self, path: str) -> int | None:
        rows = self._query("SELECT id FROM images WHERE path = ?", (path,))
        return int(rows[0][0]) if rows else None

    def move(self, image_id: int, path: str, folder_id: int, size: int, mtime_ns: int,
             ctime_ns: int | None = None) -> None:
        """A photo found at ``path`` with its content unchanged (its ctime stored when
        given: a rename changes it)."""
        with self._transaction() as db:
            old = db.execute("SELECT path FROM images WHERE id = ?", (image_id,)).fetchone()
            db.execute("UPDATE images SET path = ?, folder_id = ?, size = ?, mtime_ns = ?, "
                       "ctime_ns = COALESCE(?, ctime_ns) WHERE id = ?",
                       (path, folder_id, size, mtime_ns, ctime_ns, image_id))
            self._stamps.unstamp(db, [path] + ([str(old[0])] if old else []))
            self._text.moved(db, image_id)

    def refresh_files(self, facts: Sequence[tuple[int, str, int]]) -> None:
        """Store the ctime of files (image id, path, ctime_ns) whose content was found
        unchanged in place (after a ``touch -r``: ``sync``)."""
        if not facts:
            return
        with self._transaction() as db:
            db.executemany("UPDATE images SET ctime_ns = ? WHERE id = ?",
                           [(ctime, image_id) for image_id, _, ctime in facts])
            self._stamps.unstamp(db, [path for _, path, _ in facts])

    def delete(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        with self._transaction() as db:
            db.executemany("DELETE FROM images WHERE id = ?", [(i,) for i in ids])
            if ids:
                self._connection.bump_generation(db)

    def remove_below(self, folder_id: int, folder: str) -> list[int]:
        """Delete the folder's photos at or below the path ``folder``; returns their ids."""
        low, high = prefix_range(folder)   # a range, not substr: stored names may hold NUL
        with self._transaction() as db:
            ids = [int(r[0]) for r in db.execute(
                "SELECT id FROM images WHERE folder_id = ? AND path >= ? AND path < ?",
                (folder_id, low, high))]
            db.executemany("DELETE FROM images WHERE id = ?", [(i,) for i in ids])
            if ids:
                self._connection.bump_generation(db)
            return ids

    def commit_batch(self, model_id: int, encoded: Sequence[tuple[NewImage, np.ndarray]],
                     skipped: Sequence[tuple[NewImage, str, str]]) -> list[int]:
        """Write a batch's rows and vectors in one transaction; returns the encoded ids."""
        ids = []
        others_changed = bool(skipped)   # a skipped photo loses every model's vector
        with self._transaction() as db:
            self._stamps.unstamp(db, [image.path for image, _ in encoded] +
                                 [image.path for image, _, _ in skipped])
            for image, vector in encoded:
                others_changed |= self._vectors.drop_if_changed(db, image, model_id)
                image_id = _upsert(db, image, "ok", None, None)
                vector = self._media.store(db, image_id, image, model_id, vector)  # video
                db.execute("INSERT OR REPLACE INTO vectors(image_id, model_id, vector) "
                           "VALUES (?, ?, ?)",
                           (image_id, model_id, to_blob(vector)))
                ids.append(image_id)
            for image, reason, detail in skipped:
                image_id = _upsert(db, image, "skipped", reason, detail)
                db.execute("DELETE FROM vectors WHERE image_id = ?", (image_id,))
                self._media.forget(db, image_id)
            self._connection.bump_generation(db, None if others_changed else model_id)
        return ids

    def register(self, images: Sequence[NewImage]) -> dict[str, int]:
        """Rows for new files before they are decoded (state ok, no digest, no vector), so
        that browsing lists them at once; the batch commit that encodes them fills them in.
        A path the catalog has already is left as it is. Returns path → id of ``images``."""
        if not images:
            return {}
        with self._transaction() as db:
            self._stamps.unstamp(db, [image.path for image in images])
            for image in images:
                added = db.execute(
                    "INSERT INTO images(path, folder_id, size, mtime_ns, content_hash, "
                    "taken_at, state, ctime_ns) VALUES (?,?,?,?,'',?,'ok',?) "
                    "ON CONFLICT(path) DO NOTHING RETURNING id",
                    (image.path, image.folder_id, image.size, image.mtime_ns, image.taken_at,
                     image.ctime_ns)).fetchone()
                if added is not None:   # its name and folders are words at once
                    self._text.write(db, int(added[0]), image.path, image.folder_id, "", "")
        return {str(r[1]): int(r[0]) for r in
                self._where_in("id, path", "path", [image.path for image in images])}

    # -- what search results show -------------------------------------------------------
    def info(self, ids: Sequence[int]) -> dict[int, ImageInfo]:
        return {int(r[0]): ImageInfo(int(r[0]), str(r[1]), r[2], r[3], r[4])
                for r in self._by_ids("id, path, width, height, taken_at", ids)}

    def sizes(self, ids: Sequence[int]) -> dict[int, int]:
        """Image id → file size in bytes, as last indexed."""
        return {int(image_id): int(size) for image_id, size in self._by_ids("id, size", ids)}

    def _by_ids(self, columns: str, ids: Sequence[int]) -> Iterator[tuple[Any, ...]]:
        """``columns`` of the rows of ``ids`` (asked 500 at a time)."""
        return self._where_in(columns, "id", ids)

    def _where_in(self, columns: str, key: str, values: Sequence[object]
                  ) -> Iterator[tuple[Any, ...]]:
        """``columns`` of the rows whose ``key`` is one of ``values``, 500 at a time."""
        for start in range(0, len(values), 500):
            chunk = list(values[start:start + 500])
            marks = ",".join("?" * len(chunk))
            yield from self._query(
                f"SELECT {columns} FROM images WHERE {key} IN ({marks})", chunk)


def _upsert(db: sqlite3.Connection, image: NewImage, state: str, reason: str | None,
            detail: str | None) -> int:
    row = db.execute(
        "INSERT INTO images(path, folder_id, size, mtime_ns, content_hash, width, height, "
        "taken_at, state, skip_reason, skip_detail, ctime_ns) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
        "ON CONFLICT(path) DO UPDATE SET folder_id = excluded.folder_id, size = excluded.size, "
        "mtime_ns = excluded.mtime_ns, content_hash = excluded.content_hash, "
        "width = excluded.width, height = excluded.height, taken_at = excluded.taken_at, "
        "state = excluded.state, skip_reason = excluded.skip_reason, "
        "skip_detail = excluded.skip_detail, ctime_ns = excluded.ctime_ns RETURNING id",
        (image.path, image.folder_id, image.size, image.mtime_ns, image.content_hash,
         image.width, image.height, image.taken_at, state, reason, detail,
         image.ctime_ns)).fetchone()
    return int(row[0])
