"""Per-model vectors (table ``vectors``: one row per image and model, float16 blobs handed
out as float32, ``blobs``): read in chunks to build an index, one photo's or a set's vectors
for a query, counted; and, in a batch commit, dropping other models' vectors of a photo
whose content changed.

A stored vector that is not usable (``vector_rule``: wrong length, not finite, not of unit
length) is never handed out for search; ``health`` finds and repairs them."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import numpy as np

from clipview.core.catalog.base import Table
from clipview.core.catalog.blobs import blob_length, from_blob, from_blobs, unit
from clipview.core.catalog.rows import NewImage
from clipview.core.vector_rule import usable


class VectorTable(Table):
    """The ``vectors`` table."""

    def batches(self, model_id: int, dim: int, size: int = 4096
                ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """(ids, vectors) chunks of every vector of a model, for rebuilding the index."""
        last = -1
        while True:
            rows = self._query("SELECT image_id, vector FROM vectors WHERE model_id = ? AND "
                               "image_id > ? AND length(vector) = ? ORDER BY image_id LIMIT ?",
                               (model_id, last, blob_length(dim), size))  # `check`: others
            if not rows:
                return
            ids = np.array([int(r[0]) for r in rows], dtype=np.int64)
            vectors = from_blobs([bytes(r[1]) for r in rows], dim)
            keep = usable(vectors)   # a damaged vector is never searched (`check` lists it)
            yield (ids, unit(vectors)) if keep.all() else (ids[keep], unit(vectors[keep]))
            last = int(ids[-1])

    def of(self, path: str, model_id: int) -> tuple[int, np.ndarray] | None:
        """The photo's id and its vector, unit length (None: no usable vector,
        ``vector_rule``)."""
        rows = self._query("SELECT i.id, v.vector FROM images i JOIN vectors v ON "
                           "v.image_id = i.id AND v.model_id = ? WHERE i.path = ?",
                           (model_id, path))
        if not rows or len(rows[0][1]) % 2:
            return None
        vector = from_blob(bytes(rows[0][1]))
        return (int(rows[0][0]), unit(vector)) if usable(vector[None]).all() else None

    def stored(self, ids: list[int], model_id: int, dim: int) -> dict[int, np.ndarray]:
        """The stored vectors of ``ids``, unit length (those that have a usable one of
        the right length, ``vector_rule``)."""
        found: dict[int, np.ndarray] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for image_id, blob in self._query(
                    f"SELECT image_id, vector FROM vectors WHERE model_id = ? AND "
                    f"length(vector) = ? AND image_id IN ({marks})",
                    (model_id, blob_length(dim), *chunk)):
                vector = from_blob(bytes(blob))
                if usable(vector[None]).all():
                    found[int(image_id)] = unit(vector)
        return found

    def raw(self, image_id: int, model_id: int) -> np.ndarray | None:
        """The stored vector as it is, usable or not (for ``check``; None: none, or a blob
        no vector has, of an odd length)."""
        rows = self._query("SELECT vector FROM vectors WHERE image_id = ? AND model_id = ?",
                           (image_id, model_id))
        return from_blob(bytes(rows[0][0])) if rows and len(rows[0][0]) % 2 == 0 else None

    def ids(self, model_id: int) -> list[int]:
        """Ids of every image with a vector of ``model_id``."""
        return [int(r[0]) for r in self._query(
            "SELECT image_id FROM vectors WHERE model_id = ?", (model_id,))]

    def count(self, model_id: int) -> int:
        return int(self._query("SELECT COUNT(*) FROM vectors WHERE model_id = ?",
                               (model_id,))[0][0])

    def drop_if_changed(self, db: sqlite3.Connection, image: NewImage, model_id: int) -> bool:
        """Inside a batch commit: when a known photo's content changed, the vectors other
        models made of the old content are wrong; delete them (they are rebuilt when those
        models index again). The same content (a touched file) keeps them."""
        row = db.execute("SELECT id, content_hash FROM images WHERE path = ?",
                         (image.path,)).fetchone()
        if row is not None and row[1] != image.content_hash:
            return db.execute("DELETE FROM vectors WHERE image_id = ? AND model_id != ?",
                              (int(row[0]), model_id)).rowcount > 0
        return False
