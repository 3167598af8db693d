"""The models whose vectors a library keeps (table ``models``): recording one, how much of
the library each one covers (for switching models), dropping one model's vectors, and
renaming a model's key."""

from __future__ import annotations

from dataclasses import dataclass

from clipview.core.catalog.base import Table


@dataclass(frozen=True)
class ModelRow:
    """A model the catalog has vectors (or had a run) for."""

    id: int
    key: str
    name: str
    dim: int
    vectors: int


# Usable photos: recorded as 'ok', in a folder that is not offline (those cannot be read by
# a new model now; they keep the vectors they have).
_USABLE = ("FROM images i JOIN folders f ON f.id = i.folder_id "
           "WHERE i.state = 'ok' AND f.offline_reason IS NULL")


class ModelTable(Table):
    """The ``models`` table: one row per model key a library has vectors (or had a run) for."""

    def add(self, key: str, name: str, dim: int) -> int:
        """The id of the model with ``key``, recorded now when it is new."""
        with self._transaction() as db:
            db.execute("INSERT OR IGNORE INTO models(key, name, dim) VALUES (?, ?, ?)",
                       (key, name, dim))
            return int(db.execute("SELECT id FROM models WHERE key = ?", (key,)).fetchone()[0])

    def find(self, key: str) -> int | None:
        """The id of the model with ``key``, without recording it (None: never used)."""
        rows = self._query("SELECT id FROM models WHERE key = ?", (key,))
        return int(rows[0][0]) if rows else None

    def rows(self) -> list[ModelRow]:
        """Every model the catalog knows, with how many vectors it holds."""
        rows = self._query(
            "SELECT m.id, m.key, m.name, m.dim, (SELECT COUNT(*) FROM vectors v WHERE "
            "v.model_id = m.id) FROM models m ORDER BY m.id")   # a scan of vectors_key each
        return [ModelRow(int(r[0]), str(r[1]), str(r[2]), int(r[3]), int(r[4])) for r in rows]

    def coverage(self, model_id: int | None) -> tuple[int, int]:
        """(usable photos with a vector of ``model_id``, usable photos)."""
        if model_id is None:
            return 0, int(self._query(f"SELECT COUNT(*) {_USABLE}")[0][0])
        row = self._query(
            "SELECT COUNT(*), COUNT(v.image_id) FROM images i "
            "JOIN folders f ON f.id = i.folder_id LEFT JOIN vectors v "
            "ON v.image_id = i.id AND v.model_id = ? "
            "WHERE i.state = 'ok' AND f.offline_reason IS NULL", (model_id,))[0]
        return int(row[1]), int(row[0])

    def drop(self, model_id: int) -> int:
        """Delete a model's vectors and its row; returns how many vectors went. The other
        models' vectors (and so their HNSW files) are untouched: no generation bump."""
        with self._transaction() as db:
            count = int(db.execute("SELECT COUNT(*) FROM vectors WHERE model_id = ?",
                                   (model_id,)).fetchone()[0])
            db.execute("DELETE FROM vectors WHERE model_id = ?", (model_id,))
            db.execute("DELETE FROM dir_stamps WHERE model_id = ?", (model_id,))
            db.execute("DELETE FROM models WHERE id = ?", (model_id,))
            return count

    def rename_key(self, old: str, new: str) -> None:
        """Give a model's vectors a new key (a library made before keys covered every weight
        file adopts them), unless ``new`` is known already."""
        with self._transaction() as db:
            db.execute("UPDATE models SET key = ? WHERE key = ? AND NOT EXISTS "
                       "(SELECT 1 FROM models WHERE key = ?)", (new, old, new))
