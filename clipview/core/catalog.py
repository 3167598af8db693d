"""The catalog: folders, images and per-model vectors in SQLite (the source of truth)."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from clipview.core.db import connect


@dataclass(frozen=True)
class ImageRow:
    id: int
    path: str
    folder_id: int
    size: int
    mtime_ns: int
    content_hash: str | None
    state: str
    has_vector: bool


@dataclass(frozen=True)
class ImageInfo:
    id: int
    path: str
    width: int | None
    height: int | None
    taken_at: float | None


@dataclass(frozen=True)
class FolderRow:
    id: int
    path: str
    images: int
    skipped: int


@dataclass(frozen=True)
class NewImage:
    """What a batch commit writes for one photo that was decoded and encoded."""

    path: str
    folder_id: int
    size: int
    mtime_ns: int
    content_hash: str
    width: int | None = None
    height: int | None = None
    taken_at: float | None = None


class Catalog:
    """Thread-safe access to one catalog file; every write is one short transaction."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db = connect(path)
        self._lock = threading.RLock()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    # -- meta ---------------------------------------------------------------------------
    def generation(self) -> int:
        """A counter bumped by every change to the vectors: ties the HNSW file to the catalog."""
        rows = self.query("SELECT value FROM meta WHERE key = 'generation'")
        return int(str(rows[0][0])) if rows else 0

    @staticmethod
    def bump_generation(db: sqlite3.Connection) -> None:
        db.execute("INSERT INTO meta(key, value) VALUES ('generation', '1') ON CONFLICT(key) "
                   "DO UPDATE SET value = CAST(value AS INTEGER) + 1")

    # -- folders ------------------------------------------------------------------------
    def add_folder(self, path: str) -> int:
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO folders(path, added_at) VALUES (?, ?)",
                       (path, time.time()))
            return int(db.execute("SELECT id FROM folders WHERE path = ?", (path,))
                       .fetchone()[0])

    def folders(self) -> list[FolderRow]:
        rows = self.query(
            "SELECT f.id, f.path, COUNT(i.id) FILTER (WHERE i.state = 'ok'), "
            "COUNT(i.id) FILTER (WHERE i.state = 'skipped') "
            "FROM folders f LEFT JOIN images i ON i.folder_id = f.id "
            "GROUP BY f.id ORDER BY f.path")
        return [FolderRow(int(r[0]), str(r[1]), int(r[2]), int(r[3])) for r in rows]

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
        rows = self.query(
            "SELECT i.id, i.path, i.folder_id, i.size, i.mtime_ns, i.content_hash, i.state, "
            "v.image_id IS NOT NULL FROM images i LEFT JOIN vectors v "
            "ON v.image_id = i.id AND v.model_id = ?", (model_id,))
        return {str(r[1]): ImageRow(int(r[0]), str(r[1]), int(r[2]), int(r[3]), int(r[4]),
                                    r[5], str(r[6]), bool(r[7])) for r in rows}

    def move(self, image_id: int, path: str, folder_id: int, size: int, mtime_ns: int) -> None:
        with self.transaction() as db:
            db.execute("UPDATE images SET path = ?, folder_id = ?, size = ?, mtime_ns = ? "
                       "WHERE id = ?", (path, folder_id, size, mtime_ns, image_id))

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
        with self.transaction() as db:
            for image, vector in encoded:
                image_id = _upsert(db, image, "ok", None, None)
                db.execute("INSERT OR REPLACE INTO vectors(image_id, model_id, vector) "
                           "VALUES (?, ?, ?)",
                           (image_id, model_id, np.asarray(vector, np.float32).tobytes()))
                ids.append(image_id)
            for image, reason, detail in skipped:
                image_id = _upsert(db, image, "skipped", reason, detail)
                db.execute("DELETE FROM vectors WHERE image_id = ?", (image_id,))
            self.bump_generation(db)
        return ids

    def info(self, ids: Sequence[int]) -> dict[int, ImageInfo]:
        found: dict[int, ImageInfo] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start:start + 500])
            marks = ",".join("?" * len(chunk))
            for r in self.query(f"SELECT id, path, width, height, taken_at FROM images "
                                f"WHERE id IN ({marks})", chunk):
                found[int(r[0])] = ImageInfo(int(r[0]), str(r[1]), r[2], r[3], r[4])
        return found

    # -- vectors ------------------------------------------------------------------------
    def vector_batches(self, model_id: int, dim: int, size: int = 4096
                       ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(ids, vectors) chunks of every vector of a model, for rebuilding the index."""
        last = -1
        while True:
            rows = self.query("SELECT image_id, vector FROM vectors WHERE model_id = ? AND "
                              "image_id > ? ORDER BY image_id LIMIT ?", (model_id, last, size))
            if not rows:
                return
            ids = np.array([int(r[0]) for r in rows], dtype=np.int64)
            vectors = np.frombuffer(b"".join(bytes(r[1]) for r in rows),
                                    dtype=np.float32).reshape(len(rows), dim)
            yield ids, vectors
            last = int(ids[-1])

    def vector_of(self, path: str, model_id: int) -> tuple[int, np.ndarray] | None:
        rows = self.query("SELECT i.id, v.vector FROM images i JOIN vectors v ON "
                          "v.image_id = i.id AND v.model_id = ? WHERE i.path = ?",
                          (model_id, path))
        if not rows:
            return None
        return int(rows[0][0]), np.frombuffer(bytes(rows[0][1]), dtype=np.float32)

    def count_vectors(self, model_id: int) -> int:
        return int(self.query("SELECT COUNT(*) FROM vectors WHERE model_id = ?",
                              (model_id,))[0][0])


def _upsert(db: sqlite3.Connection, image: NewImage, state: str, reason: str | None,
            detail: str | None) -> int:
    row = db.execute(
        "INSERT INTO images(path, folder_id, size, mtime_ns, content_hash, width, height, "
        "taken_at, state, skip_reason, skip_detail) VALUES (?,?,?,?,?,?,?,?,?,?,?) "
        "ON CONFLICT(path) DO UPDATE SET folder_id = excluded.folder_id, size = excluded.size, "
        "mtime_ns = excluded.mtime_ns, content_hash = excluded.content_hash, "
        "width = excluded.width, height = excluded.height, taken_at = excluded.taken_at, "
        "state = excluded.state, skip_reason = excluded.skip_reason, "
        "skip_detail = excluded.skip_detail RETURNING id",
        (image.path, image.folder_id, image.size, image.mtime_ns, image.content_hash,
         image.width, image.height, image.taken_at, state, reason, detail)).fetchone()
    return int(row[0])
