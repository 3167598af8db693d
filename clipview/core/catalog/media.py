"""The catalog's video frames (table ``frames``) and per-kind counts.

Schema (migrations 3 and 6, ``db.py``): ``frames(image_id, model_id, frame_no, time_s,
vector)``, one row per frame a model encoded of a video, its vector stored like a photo's
(``blobs``: float16, read back as float32). The video's own row in ``vectors`` (what the
HNSW index holds, labelled with the image id like every photo, so labels stay unique) is its
middle frame's vector (``main_vector``); the frames table holds every frame, that one
included, and search scores a video by its best frame (``frame_index``).
"""

from __future__ import annotations

import sqlite3

import numpy as np

from clipview.core.catalog.base import Connection, Table
from clipview.core.catalog.blobs import blob_length, from_blobs, to_blob, unit
from clipview.core.catalog.rows import NewImage
from clipview.core.catalog.text import TextTable
from clipview.core.media.kinds import count_kinds
from clipview.core.vector_rule import usable


def main_vector(vectors: np.ndarray) -> np.ndarray:
    """The one vector an item has in ``vectors``: a photo's own, a video's middle frame."""
    array = np.asarray(vectors, np.float32)
    return array if array.ndim == 1 else array[len(array) // 2]


class MediaTable(Table):
    """Frames of videos and counts per kind; an item's full-text row is written and dropped
    with its media (``text``)."""

    def __init__(self, connection: Connection, text: TextTable) -> None:
        super().__init__(connection)
        self._text = text

    def store(self, db: sqlite3.Connection, image_id: int, image: NewImage,
              model_id: int, vectors: np.ndarray) -> np.ndarray:
        """Inside a batch commit, after the image row is written: its full-text row and,
        for a video (``vectors`` of shape (frames, dim)), its frames. Returns the vector
        the ``vectors`` table and the HNSW index get."""
        self._text.write(db, image_id, image.path, image.folder_id, image.caption,
                         image.camera)
        frames = np.asarray(vectors, np.float32)
        db.execute("DELETE FROM frames WHERE image_id = ? AND (model_id = ? OR NOT EXISTS ("
                   "SELECT 1 FROM vectors v WHERE v.image_id = frames.image_id AND "
                   "v.model_id = frames.model_id))", (image_id, model_id))
        if frames.ndim == 2:
            times = image.frame_times or tuple(float(n) for n in range(len(frames)))
            db.executemany("INSERT INTO frames(image_id, model_id, frame_no, time_s, vector) "
                           "VALUES (?, ?, ?, ?, ?)",
                           [(image_id, model_id, n, float(times[n]), to_blob(frames[n]))
                            for n in range(len(frames))])
        return main_vector(frames)

    def forget(self, db: sqlite3.Connection, image_id: int) -> None:
        """An item that became unusable: no frames, no full-text row."""
        db.execute("DELETE FROM frames WHERE image_id = ?", (image_id,))
        self._text.drop(db, image_id)

    def frame_matrix(self, model_id: int, dim: int
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(image ids, times, unit vectors (n, dim)) of every frame a model encoded."""
        rows = self._query("SELECT f.image_id, f.time_s, f.vector FROM frames f JOIN images i "
                           "ON i.id = f.image_id AND i.state = 'ok' WHERE f.model_id = ? AND "
                           "length(f.vector) = ? ORDER BY f.image_id, f.frame_no",
                           (model_id, blob_length(dim)))
        ids = np.array([int(r[0]) for r in rows], np.int64)
        times = np.array([float(r[1]) for r in rows], np.float64)
        vectors = from_blobs([bytes(r[2]) for r in rows], dim)
        keep = usable(vectors)   # a damaged frame vector is never searched
        return ids[keep], times[keep], unit(vectors[keep])

    def frame_times(self, image_id: int, model_id: int) -> list[float]:
        return [float(r[0]) for r in self._query(
            "SELECT time_s FROM frames WHERE image_id = ? AND model_id = ? ORDER BY frame_no",
            (image_id, model_id))]

    def kind_counts(self, model_id: int) -> dict[str, int]:
        """Indexed items of each kind (photo, raw, video) with a vector of the model."""
        rows = self._query("SELECT i.path FROM images i JOIN vectors v ON v.image_id = i.id "
                           "AND v.model_id = ? WHERE i.state = 'ok'", (model_id,))
        return count_kinds(str(r[0]) for r in rows)
