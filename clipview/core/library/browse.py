"""Library operations for a photo browser: the timeline (browse) and moving photos to the
trash (removing a folder so that it can be undone: library_folders)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from clipview.core.catalog.browse import FolderSnapshot
from clipview.core.catalog.catalog import Catalog
from clipview.core.library.trash import TrashReport, send_to_trash
from clipview.core.media.kinds import media_kind
from clipview.core.search.search import Filters, SearchResult
from clipview.core.search.vector_index import VectorIndex

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

__all__ = ["BrowseMixin", "FolderSnapshot", "TrashReport"]


class BrowseMixin:
    """Mixed into ``Library``; uses its catalog, writer lock and vector index."""

    catalog: Catalog
    writer: AbstractContextManager[object]
    vectors: VectorIndex
    model_id: int
    key: str

    def ensure_index(self) -> VectorIndex:
        raise NotImplementedError

    def browse(self, filters: Filters | None = None) -> list[SearchResult]:
        """Every usable photo, newest first (date taken, else file time), inside the
        filters' folders and dates. ``score`` is 0: nothing was searched."""
        filters = filters or Filters()
        rows = self.catalog.browse(filters.all_folders, filters.after, filters.before)
        if filters.types:  # photo, raw, video
            rows = [r for r in rows if media_kind(r.path) in filters.types]
        return [SearchResult(r.id, r.path, 0.0, r.when, r.width, r.height) for r in rows]

    def trash(self, paths: Sequence[str]) -> TrashReport:
        """Move photos to the desktop's trash (never a permanent delete) and drop those that
        went from the library."""
        with self.writer:
            report = send_to_trash([os.path.expanduser(p) for p in paths])
            ids = [self.catalog.image_id(p) for p in report.moved]
            known = [i for i in ids if i is not None]
            if known:
                self.ensure_index()
                self.catalog.delete_images(known)
                self.vectors.remove(known, self.catalog.generation(self.model_id))
                self.vectors.save()
        return report
