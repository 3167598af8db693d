"""Library operations for a photo browser: the timeline (browse) and moving photos to the
trash (removing a folder so that it can be undone: library_folders)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from contextlib import AbstractContextManager

from clipview.core.catalog.catalog import Catalog
from clipview.core.catalog.rows import FolderSnapshot
from clipview.core.library.index_cache import VectorSide
from clipview.core.library.trash import TrashReport, send_to_trash
from clipview.core.media.kinds import media_kind
from clipview.core.search.search import Filters, SearchResult

__all__ = ["FolderSnapshot", "Photos", "TrashReport"]


class Photos:
    """The photos of a library as a browser shows them (newest first) and moving them to
    the trash; ``vectors`` drops the vectors of those that went."""

    def __init__(self, catalog: Catalog, writer: AbstractContextManager[object],
                 vectors: VectorSide) -> None:
        self._catalog = catalog
        self._writer = writer
        self._vectors = vectors

    def browse(self, filters: Filters | None = None, limit: int | None = None
               ) -> list[SearchResult]:
        """Every usable photo, newest first (date taken, else file time), inside the
        filters' folders and dates (the newest ``limit`` only: the top of the timeline
        first). ``score`` is 0: nothing was searched."""
        filters = filters or Filters()
        rows = self._catalog.browse.photos(filters.all_folders, filters.after, filters.before,
                                           None if filters.types else limit)
        if filters.types:  # photo, raw, video
            rows = [r for r in rows if media_kind(r.path) in filters.types][:limit]
        return [SearchResult(r.id, r.path, 0.0, r.when, r.width, r.height) for r in rows]

    def trash(self, paths: Sequence[str]) -> TrashReport:
        """Move photos to the desktop's trash (never a permanent delete) and drop those that
        went from the library."""
        with self._writer:
            report = send_to_trash([os.path.expanduser(p) for p in paths])
            ids = [self._catalog.images.id_of(p) for p in report.moved]
            known = [i for i in ids if i is not None]
            if known:
                self._vectors.prepare()
                self._catalog.images.delete(known)
                self._vectors.drop(known)
        return report
