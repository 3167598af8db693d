"""The catalog's questions for ``check`` and ``status``, and its repair."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from clipview.core.catalog.base import Table
from clipview.core.catalog.blobs import blob_length, from_blobs
from clipview.core.catalog.errors import is_damage
from clipview.core.errors import CatalogError
from clipview.core.vector_rule import UNIT_TOLERANCE, unusable_rows


class Health(Table):
    """Counts, integrity checks and the repair of a catalog (over every table)."""

    def skipped_count(self) -> int:
        """How many photos are recorded as unusable."""
        return int(self._query("SELECT COUNT(*) FROM images WHERE state = 'skipped'")[0][0])

    def image_counts(self) -> tuple[int, int]:
        """(rows, distinct paths) of the images table."""
        row = self._query("SELECT COUNT(*), COUNT(DISTINCT path) FROM images")[0]
        return int(row[0]), int(row[1])

    def integrity_problems(self) -> list[str]:
        """SQLite's own integrity check: empty when the file is sound. A file too damaged
        to be checked gives the error that stopped the check."""
        try:
            found = [str(r[0]) for r in self._query("PRAGMA integrity_check(100)")]
        except CatalogError as exc:
            if not is_damage(exc):
                raise
            return [str(exc)]
        return [] if found == ["ok"] else found

    def orphan_count(self) -> int:
        """Rows whose foreign keys point at nothing."""
        return len(self._query("PRAGMA foreign_key_check"))

    def bad_vector_ids(self, model_id: int, dim: int) -> list[int]:
        """Images whose stored vector of ``model_id`` is not ``dim`` values (``blobs``)."""
        return [int(r[0]) for r in self._query(
            "SELECT image_id FROM vectors WHERE model_id = ? AND length(vector) != ?",
            (model_id, blob_length(dim)))]

    def unusable_vector_ids(self, model_id: int, dim: int, tolerance: float = UNIT_TOLERANCE
                            ) -> tuple[list[int], list[int]]:
        """(not finite, not of unit length): ids of images whose stored vector of the right
        length cannot be searched with (every vector is read, in chunks)."""
        not_finite: list[int] = []
        not_unit: list[int] = []
        last = -1
        while True:
            rows = self._query("SELECT image_id, vector FROM vectors WHERE model_id = ? AND "
                               "image_id > ? AND length(vector) = ? ORDER BY image_id "
                               "LIMIT 4096", (model_id, last, blob_length(dim)))
            if not rows:
                return not_finite, not_unit
            ids = np.array([int(r[0]) for r in rows], np.int64)
            vectors = from_blobs([bytes(r[1]) for r in rows], dim)
            bad_value, bad_length = unusable_rows(vectors, tolerance)  # the indexer's rule
            not_finite += [int(i) for i in ids[bad_value]]
            not_unit += [int(i) for i in ids[bad_length]]
            last = int(ids[-1])

    def space(self) -> dict[str, int]:
        """Bytes of the file each table and index holds (SQLite's ``dbstat``; empty when
        this SQLite lacks it): where a catalog's size goes."""
        try:
            rows = self._query("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name")
        except CatalogError:
            return {}
        return {str(name): int(size) for name, size in rows}

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the file and empty it (its size is then the
        catalog's whole size)."""
        self._query("PRAGMA wal_checkpoint(TRUNCATE)")

    def reindex(self) -> None:
        """Rebuild every SQL index (what repairs an index SQLite's check says is damaged)."""
        with self._transaction() as db:
            db.execute("REINDEX")

    def repair(self, model_id: int, bad_vector_ids: Sequence[int]) -> tuple[int, int]:
        """Drop bad vectors (their photos are encoded again by the next run) and rows that
        point at nothing; the index must be rebuilt. Returns (vectors, orphan rows) deleted."""
        with self._transaction() as db:
            vectors = 0
            for image_id in bad_vector_ids:
                vectors += db.execute("DELETE FROM vectors WHERE image_id = ? AND model_id = ?",
                                      (image_id, model_id)).rowcount
            orphans = db.execute("DELETE FROM images WHERE folder_id NOT IN "
                                 "(SELECT id FROM folders)").rowcount
            orphans += db.execute("DELETE FROM vectors WHERE image_id NOT IN "
                                  "(SELECT id FROM images)").rowcount
            db.execute("DELETE FROM dir_stamps")   # the next run compares every row
            self._connection.bump_generation(db)
        return vectors, orphans
