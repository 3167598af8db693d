"""The library's cache of model weight-file hashes (``model_key``), in the ``meta`` table.

A hash is reused only while the file's size, mtime, ctime and inode are what they were when
it was hashed: a file replaced or rewritten in place (even by ``cp -p``, which keeps the
mtime but not the ctime) is hashed again.
"""

from __future__ import annotations

import json

from clipview.core.catalog.base import Table

_PREFIX = "weights-sha256:"


class WeightHashes(Table):
    """Lookup and storage of weight-file hashes keyed by path and file facts."""

    def cached(self, path: str, facts: tuple[int, ...]) -> str | None:
        rows = self._query("SELECT value FROM meta WHERE key = ?", (_PREFIX + path,))
        if not rows:
            return None
        try:
            entry = json.loads(str(rows[0][0]))
        except ValueError:
            return None
        if not isinstance(entry, dict) or tuple(entry.get("facts", ())) != facts:
            return None
        value = entry.get("sha256")
        return value if isinstance(value, str) else None

    def store(self, path: str, facts: tuple[int, ...], sha256: str) -> None:
        """Remember a hash (does nothing in a read-only catalog)."""
        if self._read_only:
            return
        with self._transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)",
                       (_PREFIX + path, json.dumps({"facts": list(facts), "sha256": sha256})))
