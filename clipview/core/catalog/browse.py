"""Catalog queries for browsing (the timeline, the folder tree) and for removing a folder in a
way that can be undone (a snapshot of its rows and vectors, put back without re-encoding)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from clipview.core.catalog.base import CatalogBase
from clipview.core.catalog.paths import prefix_range

_IMAGE_COLUMNS = ("path", "size", "mtime_ns", "content_hash", "width", "height", "taken_at",
                  "state", "skip_reason", "skip_detail")


@dataclass(frozen=True)
class BrowseRow:
    id: int
    path: str
    when: float | None       # taken (EXIF), else the file's modification time
    width: int | None
    height: int | None


@dataclass(frozen=True)
class FolderSnapshot:
    """Everything a removed folder had in the catalog, to undo the removal."""

    path: str
    added_at: float
    images: tuple[tuple[object, ...], ...]          # rows in _IMAGE_COLUMNS order
    vectors: tuple[tuple[int, str, bytes], ...]     # (index into images, model key, blob)


def _folder_clause(prefixes: Sequence[str]) -> tuple[str, list[object]]:
    if not prefixes:
        return "", []
    parts: list[str] = []
    params: list[object] = []
    for folder in prefixes:
        parts.append("(path >= ? AND path < ?)")  # not substr: see catalog_paths
        params += list(prefix_range(folder))
    return " AND (" + " OR ".join(parts) + ")", params


class BrowseQueries(CatalogBase):
    def browse(self, folders: Sequence[str] = (), after: float | None = None,
               before: float | None = None) -> list[BrowseRow]:
        """Usable photos newest first (by date taken, else file time), inside ``folders``
        (any of them; all when empty) and the date range."""
        when = "COALESCE(taken_at, mtime_ns / 1e9)"
        clause, params = _folder_clause(folders)
        if after is not None:
            clause += f" AND {when} >= ?"
            params.append(after)
        if before is not None:
            clause += f" AND {when} < ?"
            params.append(before)
        rows = self._query(f"SELECT id, path, {when}, width, height FROM images "
                           f"WHERE state = 'ok'{clause} ORDER BY {when} DESC, id DESC", params)
        return [BrowseRow(int(r[0]), str(r[1]), r[2], r[3], r[4]) for r in rows]

    def image_id(self, path: str) -> int | None:
        rows = self._query("SELECT id FROM images WHERE path = ?", (path,))
        return int(rows[0][0]) if rows else None

    def directory_counts(self) -> dict[str, int]:
        """Usable photos directly inside each directory that holds any."""
        counts: dict[str, int] = {}
        for (path,) in self._query("SELECT path FROM images WHERE state = 'ok'"):
            directory = os.path.dirname(str(path))
            counts[directory] = counts.get(directory, 0) + 1
        return counts

    def snapshot_folder(self, folder_id: int) -> FolderSnapshot | None:
        """The folder's rows and every model's vectors of its photos (before removing it)."""
        found = self._query("SELECT path, added_at FROM folders WHERE id = ?", (folder_id,))
        if not found:
            return None
        rows = self._query(f"SELECT id, {', '.join(_IMAGE_COLUMNS)} FROM images "
                           "WHERE folder_id = ? ORDER BY id", (folder_id,))
        position = {int(r[0]): n for n, r in enumerate(rows)}
        vectors = self._query(
            "SELECT v.image_id, m.key, v.vector FROM vectors v JOIN models m ON "
            "m.id = v.model_id JOIN images i ON i.id = v.image_id WHERE i.folder_id = ?",
            (folder_id,))
        return FolderSnapshot(str(found[0][0]), float(found[0][1]),
                              tuple(tuple(r[1:]) for r in rows),
                              tuple((position[int(v[0])], str(v[1]), bytes(v[2]))
                                    for v in vectors))

    def restore_snapshot(self, snapshot: FolderSnapshot) -> dict[int, int]:
        """Put a removed folder back; returns {index into snapshot.images: new image id}."""
        marks = ", ".join("?" * len(_IMAGE_COLUMNS))
        new_ids: dict[int, int] = {}
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO folders(path, added_at) VALUES (?, ?)",
                       (snapshot.path, snapshot.added_at))
            folder_id = int(db.execute("SELECT id FROM folders WHERE path = ?",
                                       (snapshot.path,)).fetchone()[0])
            for n, row in enumerate(snapshot.images):
                found = db.execute(
                    f"INSERT INTO images(folder_id, {', '.join(_IMAGE_COLUMNS)}) "
                    f"VALUES (?, {marks}) ON CONFLICT(path) DO NOTHING RETURNING id",
                    (folder_id, *row)).fetchone()
                if found is not None:
                    new_ids[n] = int(found[0])
            models = {str(k): int(i) for i, k in db.execute("SELECT id, key FROM models")}
            db.executemany(
                "INSERT OR IGNORE INTO vectors(image_id, model_id, vector) VALUES (?, ?, ?)",
                [(new_ids[n], models[key], blob) for n, key, blob in snapshot.vectors
                 if n in new_ids and key in models])
            self.bump_generation(db)
        return new_ids
