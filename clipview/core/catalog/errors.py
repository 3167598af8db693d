"""Turning ``sqlite3.Error`` into ``CatalogError``: the environment's fault, or a bug."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from clipview.core.errors import CatalogError

# SQLite primary result codes (https://sqlite.org/rescode.html) → what people are told
_ENVIRONMENT = {
    3: "the library's catalog cannot be written (permission denied)",  # SQLITE_PERM
    5: "the library's catalog is locked by another program",  # SQLITE_BUSY
    6: "the library's catalog is locked by another program",  # SQLITE_LOCKED
    7: "out of memory while using the library's catalog",  # SQLITE_NOMEM
    8: "the library's catalog is read-only",  # SQLITE_READONLY
    10: "reading or writing the library's catalog failed (disk I/O error)",  # SQLITE_IOERR
    11: "the library's catalog is damaged; run `clipview check --repair` or restore a "
        "backup",  # SQLITE_CORRUPT
    13: "the disk is full",  # SQLITE_FULL
    14: "the library's catalog cannot be opened",  # SQLITE_CANTOPEN
    15: "the library's catalog is locked by another program",  # SQLITE_PROTOCOL
    26: "the library's catalog is damaged (not an SQLite file); run `clipview check "
        "--repair` or restore a backup",  # SQLITE_NOTADB
}

# Python < 3.11 has no sqlite_errorcode: recognise SQLite's standard messages instead
_MESSAGES = {
    "database is locked": 5,
    "database table is locked": 6,
    "readonly database": 8,
    "disk i/o error": 10,
    "malformed": 11,
    "database or disk is full": 13,
    "unable to open database": 14,
    "file is not a database": 26,
}


def primary_code(exc: sqlite3.Error) -> int | None:
    """SQLite's primary result code of ``exc`` (extended codes folded), or None."""
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(exc).lower()
    return next((value for key, value in _MESSAGES.items() if key in text), None)


DAMAGED = (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB


def is_damage(exc: CatalogError) -> bool:
    """Whether ``exc`` says the catalog file itself is damaged (not locked, not full …)."""
    code = exc.code or ""
    return code.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or \
        "catalog is damaged" in str(exc)


def catalog_error(exc: sqlite3.Error, path: Path) -> CatalogError:
    """A CatalogError that says what went wrong with the catalog at ``path``."""
    code = primary_code(exc)
    name = getattr(exc, "sqlite_errorname", None)
    if code in _ENVIRONMENT:
        return CatalogError(f"{_ENVIRONMENT[code]}: {path} ({exc})", environmental=True,
                            code=name)
    return CatalogError(f"internal error in the library's catalog {path}: "
                        f"{type(exc).__name__}: {exc}", environmental=False, code=name)
