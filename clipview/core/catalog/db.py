"""The SQLite file behind a library: connection settings and ``user_version`` migrations."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import stat
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from clipview.core.catalog.blobs import half_blob
from clipview.core.catalog.errors import catalog_error
from clipview.core.catalog.paths import from_stored, to_stored
from clipview.core.errors import ClipviewError
from clipview.core.private_files import FILE_MODE

logger = logging.getLogger(__name__)

CATALOG_FILE = "catalog.sqlite"   # the catalog's name in a library folder

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
    # 3 (issue 12): the words CLIP cannot see, in a full-text table (rowid = image id; kept
    #    in step by catalog_text: written on commit and move, deleted here by a trigger,
    #    backfilled by the next index run), and the frames of videos (catalog_media)
    """
    CREATE VIRTUAL TABLE media_text USING fts5(
        name, folder, caption, camera,
        tokenize = "unicode61 remove_diacritics 2 tokenchars '_'"
    );
    CREATE TRIGGER media_text_gone AFTER DELETE ON images BEGIN
        DELETE FROM media_text WHERE rowid = old.id;
    END;
    CREATE TABLE frames (
        image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
        model_id INTEGER NOT NULL REFERENCES models(id) ON DELETE CASCADE,
        frame_no INTEGER NOT NULL,
        time_s REAL NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (image_id, model_id, frame_no)
    ) WITHOUT ROWID;
    CREATE INDEX frames_model ON frames(model_id);
    """,
    # 4 (issue 13): directory stamps (dir_stamps.py), dropped when a row of their directory
    #    comes or goes (rtrim(path, replace(path, '/', '')): the path up to its last '/');
    #    rows updated drop theirs in catalog code (StampTable.unstamp). Written tersely:
    #    the schema stays on the first page, so a damaged catalog still opens
    "CREATE TABLE dir_stamps(dir TEXT,model_id INT,stamp TEXT,photos INT,"
    "PRIMARY KEY(dir,model_id))WITHOUT ROWID;"
    "CREATE TRIGGER st_i AFTER INSERT ON images BEGIN DELETE FROM dir_stamps "
    "WHERE dir=rtrim(new.path,replace(new.path,'/',''));END;"
    "CREATE TRIGGER st_d AFTER DELETE ON images BEGIN DELETE FROM dir_stamps "
    "WHERE dir=rtrim(old.path,replace(old.path,'/',''));END;",
    # 5 (issue 17): the file's ctime when it was read: an edit that keeps the size and
    #    restores the mtime (cp -p, rsync -t, touch -r) changes it (sync.py); a column, not
    #    a table, so the schema stays on the first page
    "ALTER TABLE images ADD COLUMN ctime_ns INT;",
    # 6 (issue 20): vectors and frames in rowid tables with a unique key index, as float16
    #    (``blobs``; half_vector converts the float32 blobs). WITHOUT ROWID rows of 2 KiB
    #    overflowed: each took a 4 KiB page of its own (5.1 KB a photo); now three share one.
    #    The model indexes go (the key index serves every query by model). The schema stays
    #    on the first page (corrupt_pages in the tests): terse, the indexes dropped first,
    #    frames (few: videos only) through a temporary table so that their room is free
    #    before the new vectors table is made; connect compacts the file after it (VACUUM)
    "DROP INDEX vectors_model;DROP INDEX frames_model;"
    "CREATE TEMP TABLE f5 AS SELECT image_id,model_id,frame_no,time_s,half_vector(vector)v "
    "FROM frames;DROP TABLE frames;"
    "CREATE TABLE frames(image_id INT NOT NULL REFERENCES images ON DELETE CASCADE,"
    "model_id INT NOT NULL REFERENCES models ON DELETE CASCADE,frame_no INT NOT NULL,"
    "time_s REAL NOT NULL,vector BLOB NOT NULL);"
    "INSERT INTO frames SELECT*FROM temp.f5 ORDER BY 1,2,3;DROP TABLE temp.f5;"
    "ALTER TABLE vectors RENAME TO v5;"
    "CREATE TABLE vectors(image_id INT NOT NULL REFERENCES images ON DELETE CASCADE,"
    "model_id INT NOT NULL REFERENCES models ON DELETE CASCADE,vector BLOB NOT NULL);"
    "INSERT INTO vectors SELECT image_id,model_id,half_vector(vector)FROM v5 ORDER BY 1,2;"
    "DROP TABLE v5;CREATE UNIQUE INDEX vectors_key ON vectors(image_id,model_id);"
    "CREATE UNIQUE INDEX frames_key ON frames(image_id,model_id,frame_no);",
    # 7 (issue 20): the timeline's order (browse.WHEN, then id) as an index of the usable
    #    photos: its first page is read from the index, not sorted from every row (1M: a
    #    second before, 2 ms now), and the whole timeline needs no sort
    "CREATE INDEX images_when ON images(COALESCE(taken_at,mtime_ns/1e9),id)WHERE state='ok';",
]
HALF_VECTORS = 6   # the migration that rewrote the vectors: the file is compacted after it


class PathConnection(sqlite3.Connection):
    """A connection whose text parameters may hold undecodable file-name bytes (lone
    surrogates): they are stored escaped (``catalog_paths``) and read back as they were."""

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        return super().execute(sql, _stored(parameters))

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> sqlite3.Cursor:
        return super().executemany(sql, (_stored(row) for row in parameters))


def _stored(parameters: Any) -> Any:
    if isinstance(parameters, Mapping):
        return {k: to_stored(v) if isinstance(v, str) else v for k, v in parameters.items()}
    return [to_stored(v) if isinstance(v, str) else v for v in parameters]


def writable(path: Path) -> bool:
    """Whether the catalog at ``path`` (and its folder, for the -wal/-shm files) can be
    written: False on a read-only mount, a backup without write permission …"""
    if not os.access(path.parent, os.W_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


def _make_private(path: Path) -> None:
    """Create the catalog file 0600 (SQLite gives its -wal and -shm files the same mode), or
    tighten an existing one that others could read."""
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        os.close(fd)
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with contextlib.suppress(FileNotFoundError):
            if stat.S_IMODE(name.stat().st_mode) & 0o077:
                os.chmod(name, FILE_MODE)
                logger.warning("%s could be read by other users; made it private (0600)", name)


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating and migrating) the catalog at ``path`` in WAL mode; read-only (never
    written, never migrated) when the file or its folder cannot be written."""
    if path.exists() and not writable(path):
        return connect_read_only(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _make_private(path)
    except OSError as exc:
        raise ClipviewError(f"cannot open the library catalog {path}: "
                            f"{exc.strerror or exc}") from exc
    connection: sqlite3.Connection | None = None
    try:
        connection = _open(str(path), uri=False)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA foreign_keys=ON")
        connection.execute("PRAGMA synchronous=NORMAL")
        if migrate(connection) < HALF_VECTORS:
            compact(connection, path)
    except sqlite3.Error as exc:
        if connection is not None:
            connection.close()
        raise catalog_error(exc, path) from exc
    except ClipviewError:
        if connection is not None:
            connection.close()
        raise
    return connection


def _open(target: str, uri: bool) -> sqlite3.Connection:
    connection = sqlite3.connect(target, timeout=30.0, isolation_level=None,
                                 check_same_thread=False, uri=uri, factory=PathConnection)
    connection.text_factory = from_stored
    return connection


def connect_read_only(path: Path) -> sqlite3.Connection:
    """Open a catalog that cannot be written: ``mode=ro`` first (sees another process's
    changes), else ``immutable=1`` (a read-only mount of a WAL file has no -shm to share)."""
    base = "file:" + quote(str(path.resolve()))
    last: sqlite3.Error | None = None
    for suffix in ("?mode=ro", "?mode=ro&immutable=1"):
        connection: sqlite3.Connection | None = None
        try:
            connection = _open(base + suffix, uri=True)
            version = int(connection.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.Error as exc:
            if connection is not None:
                connection.close()
            last = exc
            continue
        if version != len(MIGRATIONS):
            connection.close()
            raise ClipviewError(
                f"the library catalog {path} is read-only and was written by "
                f"{'an older' if version < len(MIGRATIONS) else 'a newer'} clipview "
                f"(schema {version}); open it once with write access to upgrade it")
        logger.info("the library catalog %s is read-only: opened with %s", path, suffix)
        return connection
    assert last is not None
    raise catalog_error(last, path) from last


def migrate(connection: sqlite3.Connection) -> int:
    """Apply the migrations newer than the file's ``user_version``, each in a transaction;
    returns the version the file had."""
    version = int(connection.execute("PRAGMA user_version").fetchone()[0])
    if version > len(MIGRATIONS):
        raise ClipviewError(f"the library was written by a newer clipview (schema {version}); "
                            "update clipview to open it")
    connection.create_function("half_vector", 1, half_blob, deterministic=True)
    for number in range(version, len(MIGRATIONS)):
        try:
            connection.executescript(f"BEGIN IMMEDIATE; {MIGRATIONS[number]}; "
                                     f"PRAGMA user_version = {number + 1}; COMMIT;")
        except BaseException:
            if connection.in_transaction:
                with contextlib.suppress(sqlite3.Error):  # keep the first error
                    connection.execute("ROLLBACK")
            raise
    return version


def compact(connection: sqlite3.Connection, path: Path) -> None:
    """VACUUM the file once a migration left much of it free (the old vector tables' pages):
    its size goes back to what it holds. Never fails the open: a file that cannot be
    compacted now (no disk space, another process reading it) stays as it is, sound."""
    pages, free = (int(connection.execute(f"PRAGMA {name}").fetchone()[0])
                   for name in ("page_count", "freelist_count"))
    if free < max(pages // 4, 256):
        return
    logger.info("compacting the library catalog %s after its upgrade (%d of %d pages free)",
                path, free, pages)
    try:
        connection.execute("VACUUM")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except sqlite3.Error as exc:
        logger.warning("could not compact the library catalog %s: %s (it stays as it is)",
                       path, exc)
