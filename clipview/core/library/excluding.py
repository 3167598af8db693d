"""Library operations for exclusions: forgetting a sub-folder of a tracked folder, ``--exclude``
globs, and bringing a forgotten sub-folder back (see ``core/library/excludes.py`` for the rules).
Catalog data: with a model or without (a ``Library``'s vector side drops the vectors too)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from contextlib import AbstractContextManager

from clipview.core.catalog.catalog import Catalog, FolderRow
from clipview.core.errors import ClipviewError
from clipview.core.library.excludes import check_pattern, covers
from clipview.core.library.index_cache import VectorSide

__all__ = ["Excludes"]


def _real(path: str | os.PathLike[str]) -> str:
    return os.path.realpath(os.path.expanduser(os.fspath(path)))


def _below(path: str, folder: str) -> bool:
    return path.startswith(folder.rstrip(os.sep) + os.sep)


class Excludes:
    """The exclusions kept in the catalog (no model needed): a forgotten sub-folder,
    ``--exclude`` globs, bringing a forgotten sub-folder back. ``vectors``: what happens to
    the vectors of photos that leave (a library without a model has none)."""

    def __init__(self, catalog: Catalog, writer: AbstractContextManager[object],
                 vectors: VectorSide) -> None:
        self._catalog = catalog
        self._writer = writer
        self._vectors = vectors

    def exclude_subfolder(self, path: str | os.PathLike[str]) -> int:
        """Forget a sub-folder of a tracked folder: its photos leave the library and later
        scans skip it. Returns how many photos left."""
        real = _real(path)
        with self._writer:
            parent = self._tracked_parent(real)
            if parent is None:
                raise ClipviewError(f"{path} is not a folder of this library (nor inside one)")
            self._catalog.excludes.add(parent.id, [real])
            self._vectors.prepare()
            removed = self._catalog.images.remove_below(parent.id, real)
            if removed:
                self._vectors.drop(removed)
        return len(removed)

    def _tracked_parent(self, real: str) -> FolderRow | None:
        return next((f for f in self._catalog.folders.all() if _below(real, f.path)), None)

    def add_excludes(self, folder: str | os.PathLike[str], patterns: Sequence[str]) -> str:
        """Remember glob ``patterns`` (relative to the tracked folder holding ``folder``);
        the next ``index`` leaves matching photos out (and drops those already indexed).
        Returns the tracked folder's path."""
        checked = [check_pattern(p) for p in patterns]
        real = _real(folder)
        with self._writer:
            tracked = next((f for f in self._catalog.folders.all() if f.path == real), None) \
                or self._tracked_parent(real)
            if tracked is None:
                raise ClipviewError(f"{folder} is not a folder of this library")
            self._catalog.excludes.add(tracked.id, checked)
        return tracked.path

    def include(self, path: str | os.PathLike[str]) -> list[str]:
        """Drop the sub-folder exclusions at or above ``path`` (indexing a forgotten
        sub-folder again brings it back); returns the exclusions dropped."""
        real = _real(path)
        dropped: list[str] = []
        with self._writer:
            for folder_id, patterns in self._catalog.excludes.all().items():
                gone = [p for p in patterns if covers(p, real)]
                if gone:
                    self._catalog.excludes.remove(folder_id, gone)
                    dropped += gone
        return dropped

    def excludes(self) -> dict[str, list[str]]:
        """Tracked folder path → its exclusion patterns (folders without any left out)."""
        by_id = self._catalog.excludes.all()
        return {f.path: by_id[f.id] for f in self._catalog.folders.all() if f.id in by_id}
