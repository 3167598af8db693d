"""The SQLite file behind a library: connection settings and ``user_version`` migrations."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from clipview.core.catalog_errors import catalog_error
from clipview.core.errors import ClipviewError

MIGRATIONS: list[str] = [
    # 1: folders, images, per-model vectors, counters
    """
    CREATE TABLE folders (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        added_at REAL NOT NULL
    );
    CREATE TABLE images (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
        size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL,
        content_hash TEXT,
        width INTEGER,
        height INTEGER,
        taken_at REAL,
        state TEXT NOT NULL CHECK (state IN ('ok', 'skipped')),
        skip_reason TEXT,
        skip_detail TEXT
    );
    CREATE INDEX images_folder ON images(folder_id);
    CREATE INDEX images_hash ON images(content_hash);
    CREATE INDEX images_taken ON images(taken_at);
    CREATE TABLE models (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        dim INTEGER NOT NULL
    );
    CREATE TABLE vectors (
        image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
        model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        vector BLOB NOT NULL,
        PRIMARY KEY (image_id, model_id)
    ) WITHOUT ROWID;
    CREATE INDEX vectors_model ON vectors(model_id);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 2: what a folder's device was (offline detection) and why it is offline now; paths
    #    people excluded from a tracked folder (a forgotten sub-folder, an --exclude glob)
    """
    ALTER TABLE folders ADD COLUMN device INTEGER;
    ALTER TABLE folders ADD COLUMN offline_reason TEXT;
    ALTER TABLE folders ADD COLUMN offline_since REAL;
    CREATE TABLE excludes (
        id INTEGER PRIMARY KEY,
        folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,
        pattern TEXT NOT NULL,
        added_at REAL NOT NULL,
        UNIQUE (folder_id, pattern)
    );
    """,
]


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating and migrating) the catalog at ``path`` in WAL mode."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ClipviewError(f"cannot open the library catalog {path}: {exc}") from exc
    connection: sqlite3.Connection | None = None
    try:
        connection = sqlite3.connect(str(path), timeout=30.0, isolation_level=None,
                                     check_same_thread=False)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("PRAGMA synchronous=NORMAL")
        migrate(connection)
    except sqlite3.Error as exc:
        if connection is not None:
            connection.close()
        raise catalog_error(exc, path) from exc
    except ClipviewError:
        if connection is not None:
            connection.close()
        raise
    return connection


def migrate(connection: sqlite3.Connection) -> None:
    """Apply the migrations newer than the file's ``user_version``, each in a transaction."""
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version > len(MIGRATIONS):
        raise ClipviewError(f"the library was written by a newer clipview (schema {version}); "
                            "update clipview to open it")
    for number in range(version, len(MIGRATIONS)):
        try:
            connection.executescript(f"BEGIN IMMEDIATE; {MIGRATIONS[number]}; "
                                     f"PRAGMA user_version = {number + 1}; COMMIT;")
        except BaseException:
            if connection.in_transaction:
                with contextlib.suppress(sqlite3.Error):  # keep the first error
                    connection.execute("ROLLBACK")
            raise
