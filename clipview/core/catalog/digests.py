"""Catalog queries on the content digest each indexed file has (``images.content_hash``,
blake2b-128 of its bytes, ``hashing``): byte-identical files (the duplicate finder), and what
the catalog knows of one file without reading it (the thumbnail cache's key, also for a photo
whose folder is offline)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from clipview.core.catalog.base import Table
from clipview.core.catalog.browse import folder_clause
from clipview.core.media.file_stamp import Stamp


@dataclass(frozen=True)
class FileFacts:
    """What the catalog recorded of a file when it was last indexed."""

    id: int
    digest: str
    size: int
    mtime_ns: int
    ctime_ns: int | None = None   # None: catalogued by an older clipview

    @property
    def stamp(self) -> Stamp:
        return Stamp(self.size, self.mtime_ns, self.ctime_ns)


_FACTS = "SELECT id, content_hash, size, mtime_ns, ctime_ns FROM images WHERE state = 'ok'"
_HAS_DIGEST = " AND content_hash IS NOT NULL AND content_hash != ''"


def _facts(row: tuple[Any, ...]) -> FileFacts:
    ctime = None if row[4] is None else int(row[4])
    return FileFacts(int(row[0]), str(row[1]), int(row[2]), int(row[3]), ctime)


class DigestTable(Table):
    """Lookups by ``images.content_hash``."""

    def file_facts(self, path: str) -> FileFacts | None:
        """The usable item at ``path`` with its digest, size and time (None: not indexed)."""
        rows = self._query(f"{_FACTS}{_HAS_DIGEST} AND path = ?", (path,))
        return _facts(rows[0]) if rows else None

    def same_content(self, folders: Sequence[str] = ()) -> list[list[FileFacts]]:
        """Usable items with the same digest and size (two or more each), inside any of
        ``folders`` (all when empty); each group in id order."""
        clause, params = folder_clause(folders)
        rows = self._query(
            f"{_FACTS}{clause} AND content_hash IN (SELECT content_hash FROM images WHERE "
            f"state = 'ok'{_HAS_DIGEST}{clause} GROUP BY content_hash HAVING COUNT(*) > 1) "
            "ORDER BY content_hash, size, id", params + params)
        groups: dict[tuple[str, int], list[FileFacts]] = {}
        for facts in map(_facts, rows):
            groups.setdefault((facts.digest, facts.size), []).append(facts)
        return [group for group in groups.values() if len(group) > 1]
