"""Directory stamps (table ``dir_stamps``; what they are: ``library/dir_stamps.py``)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable, Mapping

from clipview.core.catalog.base import Table
from clipview.core.catalog.paths import dir_key


class StampTable(Table):
    """Per model, each directory's stamp and photo count as of the last complete run."""

    def of(self, model_id: int) -> dict[str, tuple[str, int]]:
        """{directory key: (stamp, photos)} stored for a model."""
        rows = self._query("SELECT dir, stamp, photos FROM dir_stamps WHERE model_id = ?",
                           (model_id,))
        return {str(r[0]): (str(r[1]), int(r[2])) for r in rows}

    def replace(self, model_id: int, stamps: Mapping[str, tuple[str, int]]) -> None:
        """Keep exactly these stamps for the model (after a complete run)."""
        with self._transaction() as db:
            db.execute("DELETE FROM dir_stamps WHERE model_id = ?", (model_id,))
            db.executemany("INSERT INTO dir_stamps(dir, model_id, stamp, photos) "
                           "VALUES (?, ?, ?, ?)",
                           [(key, model_id, stamp, photos)
                            for key, (stamp, photos) in stamps.items()])

    def unstamp(self, db: sqlite3.Connection, paths: Iterable[str]) -> None:
        """Rows of these photos change: their directories' stamps no longer hold (rows that
        come or go are seen to by the catalog's triggers; this is for rows updated)."""
        keys = {dir_key(os.path.dirname(path)) for path in paths}
        db.executemany("DELETE FROM dir_stamps WHERE dir = ?", [(key,) for key in keys])
