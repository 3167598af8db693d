"""The tracked folders (table ``folders``): adding, listing with counts, removing (and
undoing a removal by a snapshot of its rows and vectors, put back without re-encoding),
merging a nested folder into its parent, and whether each one is online: the device it was
found on, and why one is offline now (its photos are kept, and stay searchable, until it is
back)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping

from clipview.core.catalog.base import Connection, Table
from clipview.core.catalog.blobs import half_blob, single_blob
from clipview.core.catalog.excludes import ExcludeTable
from clipview.core.catalog.rows import FolderRow, FolderSnapshot

IMAGE_COLUMNS = ("path", "size", "mtime_ns", "content_hash", "width", "height", "taken_at",
                 "state", "skip_reason", "skip_detail")


class FolderTable(Table):
    """The ``folders`` table (a folder's images go with it: ``ON DELETE CASCADE``)."""

    def __init__(self, connection: Connection, excludes: ExcludeTable) -> None:
        super().__init__(connection)
        self._excludes = excludes

    def add(self, path: str) -> int:
        with self._transaction() as db:
            db.execute("INSERT OR IGNORE INTO folders(path, added_at) VALUES (?, ?)",
                       (path, time.time()))
            return int(db.execute("SELECT id FROM folders WHERE path = ?", (path,))
                       .fetchone()[0])

    def all(self) -> list[FolderRow]:
        rows = self._query(
            "SELECT f.id, f.path, "
            "(SELECT COUNT(*) FROM images i WHERE i.folder_id = f.id AND i.state = 'ok'), "
            "(SELECT COUNT(*) FROM images i WHERE i.folder_id = f.id AND i.state = 'skipped'), "
            "f.offline_reason FROM folders f ORDER BY f.path")
        return [FolderRow(int(r[0]), str(r[1]), int(r[2]), int(r[3]), r[4] is not None,
                          None if r[4] is None else str(r[4])) for r in rows]

    def remove(self, folder_id: int) -> list[int]:
        """Delete a folder and its images; returns the ids of the images removed."""
        with self._transaction() as db:
            ids = [int(r[0]) for r in db.execute(
                "SELECT id FROM images WHERE folder_id = ?", (folder_id,))]
            db.execute("DELETE FROM folders WHERE id = ?", (folder_id,))
            if ids:
                self._connection.bump_generation(db)
            return ids

    def reassign(self, old_id: int, new_id: int) -> None:
        """The folder ``old_id`` is inside ``new_id`` now: its images and exclusions move."""
        self._excludes.adopt(old_id, new_id)
        with self._transaction() as db:
            db.execute("UPDATE images SET folder_id = ? WHERE folder_id = ?", (new_id, old_id))
            db.execute("DELETE FROM folders WHERE id = ?", (old_id,))

    # -- online or not ------------------------------------------------------------------
    def recorded_devices(self) -> dict[int, int]:
        """folder id → the st_dev it had when last found online (folders never seen: absent)."""
        return {int(r[0]): int(r[1]) for r in self._query(
            "SELECT id, device FROM folders WHERE device IS NOT NULL")}

    def record_states(self, online: Mapping[int, int],
                      offline: Iterable[tuple[int, str]]) -> None:
        """``online``: folder id → its device now (recorded, offline state cleared);
        ``offline``: (folder id, reason) — ``offline_since`` keeps the first time."""
        now = time.time()
        with self._transaction() as db:
            db.executemany("UPDATE folders SET device = ?, offline_reason = NULL, "
                           "offline_since = NULL WHERE id = ?",
                           [(device, folder_id) for folder_id, device in online.items()])
            db.executemany("UPDATE folders SET offline_reason = ?, "
                           "offline_since = COALESCE(offline_since, ?) WHERE id = ?",
                           [(reason, now, folder_id) for folder_id, reason in offline])

    def offline_since(self, folder_id: int) -> float | None:
        rows = self._query("SELECT offline_since FROM folders WHERE id = ?", (folder_id,))
        return None if not rows or rows[0][0] is None else float(rows[0][0])

    # -- undoing a removal --------------------------------------------------------------
    def snapshot(self, folder_id: int) -> FolderSnapshot | None:
        """The folder's rows and every model's vectors of its photos (before removing it)."""
        found = self._query("SELECT path, added_at FROM folders WHERE id = ?", (folder_id,))
        if not found:
            return None
        rows = self._query(f"SELECT id, {', '.join(IMAGE_COLUMNS)} FROM images "
                           "WHERE folder_id = ? ORDER BY id", (folder_id,))
        position = {int(r[0]): n for n, r in enumerate(rows)}
        vectors = self._query(
            "SELECT v.image_id, m.key, v.vector FROM vectors v JOIN models m ON "
            "m.id = v.model_id JOIN images i ON i.id = v.image_id WHERE i.folder_id = ?",
            (folder_id,))
        return FolderSnapshot(str(found[0][0]), float(found[0][1]),
                              tuple(tuple(r[1:]) for r in rows),
                              tuple((position[int(v[0])], str(v[1]), single_blob(v[2]))
                                    for v in vectors))

    def restore(self, snapshot: FolderSnapshot) -> dict[int, int]:
        """Put a removed folder back; returns {index into snapshot.images: new image id}."""
        marks = ", ".join("?" * len(IMAGE_COLUMNS))
        new_ids: dict[int, int] = {}
        with self._transaction() as db:
            db.execute("INSERT OR IGNORE INTO folders(path, added_at) VALUES (?, ?)",
                       (snapshot.path, snapshot.added_at))
            folder_id = int(db.execute("SELECT id FROM folders WHERE path = ?",
                                       (snapshot.path,)).fetchone()[0])
            for n, row in enumerate(snapshot.images):
                found = db.execute(
                    f"INSERT INTO images(folder_id, {', '.join(IMAGE_COLUMNS)}) "
                    f"VALUES (?, {marks}) ON CONFLICT(path) DO NOTHING RETURNING id",
                    (folder_id, *row)).fetchone()
                if found is not None:
                    new_ids[n] = int(found[0])
            models = {str(k): int(i) for i, k in db.execute("SELECT id, key FROM models")}
            db.executemany(
                "INSERT OR IGNORE INTO vectors(image_id, model_id, vector) VALUES (?, ?, ?)",
                [(new_ids[n], models[key], half_blob(blob))
                 for n, key, blob in snapshot.vectors if n in new_ids and key in models])
            self._connection.bump_generation(db)
        return new_ids
