"""The catalog: folders, images and per-model vectors in SQLite (the source of truth).

SQL lives only here and in the other ``catalog_*`` modules; no ``sqlite3.Error`` leaves them
(it becomes ``CatalogError``).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence

import numpy as np

from clipview.core.catalog.browse import BrowseQueries
from clipview.core.catalog.digests import DigestQueries
from clipview.core.catalog.excludes import ExcludeQueries
from clipview.core.catalog.folders import FolderStateQueries
from clipview.core.catalog.health import HealthQueries
from clipview.core.catalog.media import MediaQueries
from clipview.core.catalog.models import ModelQueries
from clipview.core.catalog.rows import FolderRow, ImageInfo, ImageRow, NewImage
from clipview.core.catalog.stamps import StampQueries
from clipview.core.catalog.weights import WeightHashQueries
from clipview.core.vector_rule import usable

__all__ = ["Catalog", "FolderRow", "ImageInfo", "ImageRow", "NewImage"]


class Catalog(HealthQueries, BrowseQueries, ExcludeQueries, ModelQueries,
              FolderStateQueries, WeightHashQueries, MediaQueries, StampQueries,
              DigestQueries):
    """Folders, models, images and vectors of one library."""

    # -- folders ------------------------------------------------------------------------
    def add_folder(self, path: str) -> int:
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO folders(path, added_at) VALUES (?, ?)",
                       (path, time.time()))
            return int(db.execute("SELECT id FROM folders WHERE path = ?", (path,))
                       .fetchone()[0])

    def folders(self) -> list[FolderRow]:
        rows = self._query(
            "SELECT f.id, f.path, "
            "(SELECT COUNT(*) FROM images i WHERE i.folder_id = f.id AND i.state = 'ok'), "
            "(SELECT COUNT(*) FROM images i WHERE i.folder_id = f.id AND i.state = 'skipped'), "
            "f.offline_reason FROM folders f ORDER BY f.path")
        return [FolderRow(int(r[0]), str(r[1]), int(r[2]), int(r[3]), r[4] is not None,
                          None if r[4] is None else str(r[4])) for r in rows]

    def remove_folder(self, folder_id: int) -> list[int]:
        """Delete a folder and its images; returns the ids of the images removed."""
        with self.transaction() as db:
            ids = [int(r[0]) for r in db.execute(
                "SELECT id FROM images WHERE folder_id = ?", (folder_id,))]
            db.execute("DELETE FROM folders WHERE id = ?", (folder_id,))
            if ids:
                self.bump_generation(db)
            return ids

    def reassign_folder(self, old_id: int, new_id: int) -> None:
        self.adopt_excludes(old_id, new_id)
        with self.transaction() as db:
            db.execute("UPDATE images SET folder_id = ? WHERE folder_id = ?", (new_id, old_id))
            db.execute("DELETE FROM folders WHERE id = ?", (old_id,))

    # -- models -------------------------------------------------------------------------
    def model_id(self, key: str, name: str, dim: int) -> int:
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO models(key, name, dim) VALUES (?, ?, ?)",
                       (key, name, dim))
            return int(db.execute("SELECT id FROM models WHERE key = ?", (key,)).fetchone()[0])

    # -- images -------------------------------------------------------------------------
    def images(self, model_id: int) -> dict[str, ImageRow]:
        rows = self._query(
            "SELECT i.id, i.path, i.folder_id, i.size, i.mtime_ns, i.content_hash, i.state, "
            "v.image_id IS NOT NULL, i.ctime_ns FROM images i LEFT JOIN vectors v "
            "ON v.image_id = i.id AND v.model_id = ?", (model_id,))
        return {r[1]: ImageRow._make(r) for r in rows}   # columns in ImageRow's order

    def move(self, image_id: int, path: str, folder_id: int, size: int, mtime_ns: int,
             ctime_ns: int | None = None) -> None:
        """A photo found at ``path`` with its content unchanged (its ctime stored when
        given: a rename changes it)."""
        with self.transaction() as db:
            old = db.execute("SELECT path FROM images WHERE id = ?", (image_id,)).fetchone()
            db.execute("UPDATE images SET path = ?, folder_id = ?, size = ?, mtime_ns = ?, "
                       "ctime_ns = COALESCE(?, ctime_ns) WHERE id = ?",
                       (path, folder_id, size, mtime_ns, ctime_ns, image_id))
            self.unstamp(db, [path] + ([str(old[0])] if old else []))
            self.retext_path(db, image_id)

    def refresh_files(self, facts: Sequence[tuple[int, str, int]]) -> None:
        """Store the ctime of files (image id, path, ctime_ns) whose content was found
        unchanged in place (after a ``touch -r``: ``sync``)."""
        if not facts:
            return
        with self.transaction() as db:
            db.executemany("UPDATE images SET ctime_ns = ? WHERE id = ?",
                           [(ctime, image_id) for image_id, _, ctime in facts])
            self.unstamp(db, [path for _, path, _ in facts])

    def delete_images(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        with self.transaction() as db:
            db.executemany("DELETE FROM images WHERE id = ?", [(i,) for i in ids])
            if ids:
                self.bump_generation(db)

    def commit_batch(self, model_id: int, encoded: Sequence[tuple[NewImage, np.ndarray]],
                     skipped: Sequence[tuple[NewImage, str, str]]) -> list[int]:
        """Write a batch's rows and vectors in one transaction; returns the encoded ids."""
        ids = []
        others_changed = bool(skipped)   # a skipped photo loses every model's vector
        with self.transaction() as db:
            self.unstamp(db, [image.path for image, _ in encoded] +
                         [image.path for image, _, _ in skipped])
            for image, vector in encoded:
                others_changed |= self.drop_vectors_if_changed(db, image, model_id)
                image_id = _upsert(db, image, "ok", None, None)
                vector = self.store_media(db, image_id, image, model_id, vector)  # video: frames
                db.execute("INSERT OR REPLACE INTO vectors(image_id, model_id, vector) "
                           "VALUES (?, ?, ?)",
                           (image_id, model_id, np.asarray(vector, np.float32).tobytes()))
                ids.append(image_id)
            for image, reason, detail in skipped:
                image_id = _upsert(db, image, "skipped", reason, detail)
                db.execute("DELETE FROM vectors WHERE image_id = ?", (image_id,))
                self.forget_media(db, image_id)
            self.bump_generation(db, None if others_changed else model_id)
        return ids

    def ok_image_ids(self, folders: Sequence[str] = (), after: float | None = None,
                     before: float | None = None) -> set[int]:
        """Ids of usable photos inside any of ``folders`` (all when empty) taken in
        [after, before) — the date taken, else the file's time, as browsing shows them."""
        return {row.id for row in self.browse(folders, after, before)}

    def info(self, ids: Sequence[int]) -> dict[int, ImageInfo]:
        found: dict[int, ImageInfo] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start:start + 500])
            marks = ",".join("?" * len(chunk))
            for r in self._query(f"SELECT id, path, width, height, taken_at FROM images "
                                f"WHERE id IN ({marks})", chunk):
                found[int(r[0])] = ImageInfo(int(r[0]), str(r[1]), r[2], r[3], r[4])
        return found

    # -- vectors ------------------------------------------------------------------------
    def vector_batches(self, model_id: int, dim: int, size: int = 4096
                       ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(ids, vectors) chunks of every vector of a model, for rebuilding the index."""
        last = -1
        while True:
            rows = self._query("SELECT image_id, vector FROM vectors WHERE model_id = ? AND "
                              "image_id > ? AND length(vector) = ? ORDER BY image_id LIMIT ?",
                              (model_id, last, 4 * dim, size))  # `check` reports the others
            if not rows:
                return
            ids = np.array([int(r[0]) for r in rows], dtype=np.int64)
            vectors = np.frombuffer(b"".join(bytes(r[1]) for r in rows),
                                    dtype=np.float32).reshape(len(rows), dim)
            keep = usable(vectors)   # a damaged vector is never searched (`check` lists it)
            yield (ids, vectors) if keep.all() else (ids[keep], vectors[keep])
            last = int(ids[-1])

    def vector_of(self, path: str, model_id: int) -> tuple[int, np.ndarray] | None:
        """The photo's id and its vector (None: no usable vector, ``vector_rule``)."""
        rows = self._query("SELECT i.id, v.vector FROM images i JOIN vectors v ON "
                          "v.image_id = i.id AND v.model_id = ? WHERE i.path = ?",
                          (model_id, path))
        if not rows:
            return None
        vector = np.frombuffer(bytes(rows[0][1]), dtype=np.float32)
        return (int(rows[0][0]), vector) if usable(vector[None]).all() else None

    def count_vectors(self, model_id: int) -> int:
        return int(self._query("SELECT COUNT(*) FROM vectors WHERE model_id = ?",
                              (model_id,))[0][0])


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
