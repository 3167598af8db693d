"""Library operations for exclusions: forgetting a sub-folder of a tracked folder, ``--exclude``
globs, and bringing a forgotten sub-folder back (see ``core/library/excludes.py`` for the rules).
Catalog data: with a model or without (a ``Library`` drops the vectors too, by the hooks)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

from clipview.core.catalog.browse import FolderSnapshot
from clipview.core.catalog.catalog import Catalog, FolderRow
from clipview.core.errors import ClipviewError
from clipview.core.library.excludes import check_pattern, covers

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

__all__ = ["CatalogExcludesMixin"]


def _real(path: str | os.PathLike[str]) -> str:
    return os.path.realpath(os.path.expanduser(os.fspath(path)))


def _below(path: str, folder: str) -> bool:
    return path.startswith(folder.rstrip(os.sep) + os.sep)


class CatalogExcludesMixin:
    """The exclusions kept in the catalog alone (no model needed): ``--exclude`` globs and
    bringing a forgotten sub-folder back. Mixed into ``Library`` and ``FolderShelf``."""

    catalog: Catalog
    writer: AbstractContextManager[object]

    # -- the vectors of photos that leave (``Library`` has them; a FolderShelf has none) --
    def _prepare_vectors(self) -> None:
        """Before photos leave or come back: a library loads its vector index."""

    def _drop_vectors(self, removed: list[int]) -> None:
        """After photos left the catalog (their ids): a library drops their vectors."""

    def _restore_vectors(self, snapshot: FolderSnapshot, new_ids: dict[int, int]) -> None:
        """After a removed folder came back: a library puts its vectors back."""

    def exclude_subfolder(self, path: str | os.PathLike[str]) -> int:
        """Forget a sub-folder of a tracked folder: its photos leave the library and later
        scans skip it. Returns how many photos left."""
        real = _real(path)
        with self.writer:
            parent = self._tracked_parent(real)
            if parent is None:
                raise ClipviewError(f"{path} is not a folder of this library (nor inside one)")
            self.catalog.add_excludes(parent.id, [real])
            self._prepare_vectors()
            removed = self.catalog.remove_images_below(parent.id, real)
            if removed:
                self._drop_vectors(removed)
        return len(removed)

    def _tracked_parent(self, real: str) -> FolderRow | None:
        return next((f for f in self.catalog.folders() if _below(real, f.path)), None)

    def add_excludes(self, folder: str | os.PathLike[str], patterns: Sequence[str]) -> str:
        """Remember glob ``patterns`` (relative to the tracked folder holding ``folder``);
        the next ``index`` leaves matching photos out (and drops those already indexed).
        Returns the tracked folder's path."""
        checked = [check_pattern(p) for p in patterns]
        real = _real(folder)
        with self.writer:
            tracked = next((f for f in self.catalog.folders() if f.path == real), None) \
                or self._tracked_parent(real)
            if tracked is None:
                raise ClipviewError(f"{folder} is not a folder of this library")
            self.catalog.add_excludes(tracked.id, checked)
        return tracked.path

    def include(self, path: str | os.PathLike[str]) -> list[str]:
        """Drop the sub-folder exclusions at or above ``path`` (indexing a forgotten
        sub-folder again brings it back); returns the exclusions dropped."""
        real = _real(path)
        dropped: list[str] = []
        with self.writer:
            for folder_id, patterns in self.catalog.excludes().items():
                gone = [p for p in patterns if covers(p, real)]
                if gone:
                    self.catalog.remove_excludes(folder_id, gone)
                    dropped += gone
        return dropped

    def excludes(self) -> dict[str, list[str]]:
        """Tracked folder path → its exclusion patterns (folders without any left out)."""
        by_id = self.catalog.excludes()
        return {f.path: by_id[f.id] for f in self.catalog.folders() if f.id in by_id}
