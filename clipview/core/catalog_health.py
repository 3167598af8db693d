"""The catalog's questions for ``check`` and ``status``, and its repair."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from clipview.core.catalog_base import CatalogBase


class HealthQueries(CatalogBase):
    """Counts, integrity checks and the repair of a catalog."""

    def skipped_count(self) -> int:
        """How many photos are recorded as unusable."""
        return int(self._query("SELECT COUNT(*) FROM images WHERE state = 'skipped'")[0][0])

    def image_counts(self) -> tuple[int, int]:
        """(rows, distinct paths) of the images table."""
        row = self._query("SELECT COUNT(*), COUNT(DISTINCT path) FROM images")[0]
        return int(row[0]), int(row[1])

    def integrity_problems(self) -> list[str]:
        """SQLite's own integrity check: empty when the file is sound."""
        found = [str(r[0]) for r in self._query("PRAGMA integrity_check")]
        return [] if found == ["ok"] else found

    def orphan_count(self) -> int:
        """Rows whose foreign keys point at nothing."""
        return len(self._query("PRAGMA foreign_key_check"))

    def bad_vector_ids(self, model_id: int, dim: int) -> list[int]:
        """Images whose stored vector of ``model_id`` is not ``dim`` float32 values."""
        return [int(r[0]) for r in self._query(
            "SELECT image_id FROM vectors WHERE model_id = ? AND length(vector) != ?",
            (model_id, 4 * dim))]

    def vector_ids(self, model_id: int) -> list[int]:
        """Ids of every image with a vector of ``model_id``."""
        return [int(r[0]) for r in self._query(
            "SELECT image_id FROM vectors WHERE model_id = ?", (model_id,))]

    def stored_vector(self, image_id: int, model_id: int) -> np.ndarray | None:
        rows = self._query("SELECT vector FROM vectors WHERE image_id = ? AND model_id = ?",
                           (image_id, model_id))
        return np.frombuffer(bytes(rows[0][0]), np.float32) if rows else None

    def repair(self, model_id: int, bad_vector_ids: Sequence[int]) -> None:
        """Drop bad vectors and rows that point at nothing; the index must be rebuilt."""
        with self.transaction() as db:
            db.executemany("DELETE FROM vectors WHERE image_id = ? AND model_id = ?",
                           [(i, model_id) for i in bad_vector_ids])
            db.execute("DELETE FROM images WHERE folder_id NOT IN (SELECT id FROM folders)")
            db.execute("DELETE FROM vectors WHERE image_id NOT IN (SELECT id FROM images)")
            self.bump_generation(db)
