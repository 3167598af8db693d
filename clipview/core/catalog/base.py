"""The catalog's connection: one lock, short transactions, no sqlite3 error leaves it; and
``Table``, what every part of the catalog is built on (it holds that one connection)."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from clipview.core.catalog.db import connect, writable
from clipview.core.catalog.errors import catalog_error

logger = logging.getLogger(__name__)


class Connection:
    """Thread-safe access to one catalog file; every write is one short transaction.

    Every ``sqlite3.Error`` raised through ``query`` or ``transaction`` becomes a
    ``CatalogError`` (see ``errors``). The counters in ``meta`` that say the vectors
    changed (``generation``) are kept here: every part that changes vectors bumps them.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        #: True when the file or its folder cannot be written (a backup, a read-only
        #: mount): the catalog is then opened read-only and never written
        self.read_only = path.exists() and not writable(path)
        self._db = connect(path)
        self._lock = threading.RLock()

    def interrupt(self) -> None:
        """Stop the statement another thread is running now (it fails with a CatalogError;
        the next ones run): the app quits without waiting for a million rows. Takes no
        lock (that thread holds it)."""
        self._db.interrupt()

    def close(self) -> None:
        with self._lock:
            try:
                self._db.close()
            except sqlite3.Error as exc:
                raise catalog_error(exc, self.path) from exc

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT``; any failure, COMMIT's own included, rolls back."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                    self._db.execute("COMMIT")
                except BaseException:
                    self._rollback()
                    raise
            except sqlite3.Error as exc:
                raise catalog_error(exc, self.path) from exc

    def _rollback(self) -> None:
        """Undo the open transaction, if SQLite has not already; never raises a second error."""
        if not self._db.in_transaction:
            return
        try:
            self._db.execute("ROLLBACK")
        except sqlite3.Error:
            logger.warning("ROLLBACK failed on %s", self.path, exc_info=True)

    def query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise catalog_error(exc, self.path) from exc

    def change_token(self) -> tuple[int, int]:
        """Different whenever the catalog may have changed since it was last asked: SQLite's
        ``data_version`` (commits by any other connection, other processes' too) and this
        connection's own ``total_changes``. Cheap: no table is read."""
        with self._lock:
            try:
                version = int(self._db.execute("PRAGMA data_version").fetchone()[0])
            except sqlite3.Error as exc:
                raise catalog_error(exc, self.path) from exc
            return version, int(self._db.total_changes)

    # -- meta ---------------------------------------------------------------------------
    def generation(self, model_id: int | None = None) -> int:
        """A counter bumped by every change to the vectors: ties the HNSW file to the catalog.
        With ``model_id``: the last change that touched that model's vectors (building another
        model's vectors leaves it alone, so its index is not rebuilt meanwhile)."""
        if model_id is None:
            keys: tuple[str, ...] = ("generation",)
        else:
            keys = ("generation:all", f"generation:{model_id}")
        rows = self.query(f"SELECT value FROM meta WHERE key IN ({', '.join('?' * len(keys))})",
                          keys)
        if not rows and model_id is not None:
            return self.generation()   # a catalog from before per-model counters
        return max((int(str(r[0])) for r in rows), default=0)

    @staticmethod
    def bump_generation(db: sqlite3.Connection, model_id: int | None = None) -> None:
        """Count a change: to every model's vectors (images went or changed), or to one
        model's (``model_id``: its vectors were added or replaced)."""
        db.execute("INSERT OR IGNORE INTO meta(key, value) SELECT 'generation:all', "
                   "COALESCE((SELECT value FROM meta WHERE key = 'generation'), '0')")
        db.execute("INSERT INTO meta(key, value) VALUES ('generation', '1') ON CONFLICT(key) "
                   "DO UPDATE SET value = CAST(value AS INTEGER) + 1")
        key = "generation:all" if model_id is None else f"generation:{model_id}"
        db.execute("INSERT INTO meta(key, value) SELECT ?, value FROM meta WHERE key = "
                   "'generation' ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key,))


class Table:
    """One part of a catalog (a table, or one concern over tables) on its one connection."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        return self._connection.query(sql, params)

    def _transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        return self._connection.transaction()

    @property
    def _read_only(self) -> bool:
        return self._connection.read_only
