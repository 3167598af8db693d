"""The folders of a library: catalog data, not model data. ``FolderShelf`` tracks, lists,
removes and leaves out folders given the catalog, the writer lock and a vector side (what
happens to the vectors of photos that leave: ``index_cache``). Opened alone (``open_shelf``)
it is a library without a model (none is installed or chosen yet): its folders wait there
until a model indexes them; ``Library`` is a shelf with a model and its vectors."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

from clipview.core.catalog.catalog import Catalog, FolderRow
from clipview.core.catalog.rows import FolderSnapshot
from clipview.core.errors import ClipviewError
from clipview.core.library.excluding import Excludes
from clipview.core.library.index_cache import NoVectors, VectorSide
from clipview.core.library.locking import WriterLock
from clipview.core.library.state import open_catalog
from clipview.core.paths import inside

__all__ = ["KERNEL_FOLDERS", "FolderShelf", "open_shelf"]

# kernel and device file systems: never photo folders (`clipview index /proc/self` would
# track a process's folder, gone when it ends)
KERNEL_FOLDERS = ("/proc", "/sys", "/dev")  # the kernel's: never tracked


_Shelf = TypeVar("_Shelf", bound="FolderShelf")


class FolderShelf:
    """A library's folders on its catalog and writer lock; ``vectors`` is told when photos
    leave or come back (``NoVectors`` without a model). The exclusions are ``excluding``."""

    def __init__(self, home: Path, catalog: Catalog, lock: WriterLock,
                 vectors: VectorSide) -> None:
        self.home = home
        self.catalog = catalog
        self.writer = lock
        self._vectors = vectors
        self.excluding = Excludes(catalog, lock, vectors)

    def close(self) -> None:
        self.catalog.close()

    def __enter__(self: _Shelf) -> _Shelf:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def read_only(self) -> bool:
        """True when the library cannot be written (searching works; indexing does not)."""
        return self.writer.read_only is not None

    def add_folder(self, path: str | os.PathLike[str]) -> str:
        """Track a folder (nested folders merge into their parent); returns the tracked
        folder's real path. A forgotten sub-folder added again is no longer left out."""
        real = os.path.realpath(os.path.expanduser(os.fspath(path)))
        with self.writer:
            tracked = self._track(path, real)
            self.excluding.include(real)
        return tracked

    def _track(self, path: str | os.PathLike[str], real: str) -> str:
        for folder in self.catalog.folders.all():  # first: an offline folder is not there
            if folder.path == os.fspath(path) or inside(real, folder.path):
                return folder.path
        if not os.path.isdir(real):
            raise ClipviewError(f"no such folder: {path}")
        if any(inside(real, system) for system in KERNEL_FOLDERS):
            raise ClipviewError(f"{path} is a system folder ({real}), not photos")
        new_id = self.catalog.folders.add(real)
        for folder in self.catalog.folders.all():
            if folder.id != new_id and inside(folder.path, real):
                self.catalog.folders.reassign(folder.id, new_id)
        return real

    def folders(self) -> list[str]:
        return [f.path for f in self.catalog.folders.all()]

    # -- removing a folder (its vectors too: the vector side) ----------------------------
    def forget(self, path: str | os.PathLike[str]) -> int:
        """Stop tracking a folder; its photos leave the catalog and the index. A sub-folder
        of a tracked folder is excluded from it (remembered by later scans)."""
        real = os.path.realpath(os.path.expanduser(os.fspath(path)))
        with self.writer:
            match = [f for f in self.catalog.folders.all() if f.path in (real, os.fspath(path))]
            if not match:  # a sub-folder: excluded from its tracked parent from now on
                return self.excluding.exclude_subfolder(path)
            return len(self._remove_folder(match[0].id))

    def detach_folder(self, path: str | os.PathLike[str]) -> FolderSnapshot:
        """Stop tracking a folder like ``forget``, returning what ``restore_folder`` needs
        to put it back (its rows and every model's vectors) without re-encoding."""
        with self.writer:
            folder_id = self._folder_id(path)
            snapshot = self.catalog.folders.snapshot(folder_id)
            if snapshot is None:
                raise ClipviewError(f"{path} is not a folder of this library")
            self._remove_folder(folder_id)
        return snapshot

    def restore_folder(self, snapshot: FolderSnapshot) -> int:
        """Undo ``detach_folder``; returns how many photos came back."""
        with self.writer:
            self._vectors.prepare()
            new_ids = self.catalog.folders.restore(snapshot)
            self._vectors.restore(snapshot, new_ids)
        return len(new_ids)

    def _remove_folder(self, folder_id: int) -> list[int]:
        self._vectors.prepare()
        removed = self.catalog.folders.remove(folder_id)
        self._vectors.drop(removed)
        return removed

    def _folder_id(self, path: str | os.PathLike[str]) -> int:
        real = os.path.realpath(os.path.expanduser(os.fspath(path)))
        for folder in self.catalog.folders.all():
            if folder.path in (real, os.fspath(path)):
                return folder.id
        raise ClipviewError(f"{path} is not a folder of this library")

    def folder_rows(self) -> list[FolderRow]:
        """The tracked folders with their id and counts of indexed and skipped photos."""
        return self.catalog.folders.all()

    def directory_counts(self) -> dict[str, int]:
        """Usable photos directly inside each directory (for a folder tree)."""
        return self.catalog.browse.directory_counts()

    def other_writer(self) -> int | None:
        """The pid of ANOTHER process that holds this library's writer lock right now
        (it is indexing or changing the library), else None. Never takes the lock."""
        return self.writer.other_holder()

    # -- exclusions (``excluding``) ------------------------------------------------------
    def exclude_subfolder(self, path: str | os.PathLike[str]) -> int:
        """Forget a sub-folder of a tracked folder (``Excludes.exclude_subfolder``)."""
        return self.excluding.exclude_subfolder(path)

    def add_excludes(self, folder: str | os.PathLike[str], patterns: Sequence[str]) -> str:
        """Remember glob ``patterns`` for a tracked folder (``Excludes.add_excludes``)."""
        return self.excluding.add_excludes(folder, patterns)

    def include(self, path: str | os.PathLike[str]) -> list[str]:
        """Drop the exclusions at or above ``path`` (``Excludes.include``)."""
        return self.excluding.include(path)

    def excludes(self) -> dict[str, list[str]]:
        """Tracked folder path → its exclusion patterns (``Excludes.excludes``)."""
        return self.excluding.excludes()


def open_shelf(home: str | os.PathLike[str]) -> FolderShelf:
    """Open (creating if needed) the library at ``home`` without a model."""
    path = Path(home).expanduser()
    catalog, lock = open_catalog(path)
    return FolderShelf(path, catalog, lock, NoVectors())
