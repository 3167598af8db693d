"""The folders of a library: catalog data, not model data. ``FoldersMixin`` tracks and
removes folders (for ``Library`` and ``FolderShelf`` alike: a library drops the vectors too);
``FolderShelf`` is a library opened without a model (none is installed or chosen yet):
folders can be added, listed, removed and left out, and they wait there until a model
indexes them."""

from __future__ import annotations

import os
from pathlib import Path

from clipview.core.catalog.browse import FolderSnapshot
from clipview.core.catalog.catalog import FolderRow
from clipview.core.errors import ClipviewError
from clipview.core.library.excluding import CatalogExcludesMixin
from clipview.core.library.locking import WriterLock
from clipview.core.library.state import open_catalog
from clipview.core.paths import inside

__all__ = ["SYSTEM_FOLDERS", "FolderShelf", "FoldersMixin", "open_shelf"]

# kernel and device file systems: never photo folders (`clipview index /proc/self` would
# track a process's folder, gone when it ends)
SYSTEM_FOLDERS = ("/proc", "/sys", "/dev")


class FoldersMixin(CatalogExcludesMixin):
    """Tracking folders; uses the catalog and the writer lock only."""

    _lock: WriterLock

    def add_folder(self, path: str | os.PathLike[str]) -> str:
        """Track a folder (nested folders merge into their parent); returns the tracked
        folder's real path. A forgotten sub-folder added again is no longer left out."""
        real = os.path.realpath(os.path.expanduser(os.fspath(path)))
        with self.writer:
            tracked = self._track(path, real)
            self.include(real)
        return tracked

    def _track(self, path: str | os.PathLike[str], real: str) -> str:
        for folder in self.catalog.folders():  # first: an offline folder is not there
            if folder.path == os.fspath(path) or inside(real, folder.path):
                return folder.path
        if not os.path.isdir(real):
            raise ClipviewError(f"no such folder: {path}")
        if any(inside(real, system) for system in SYSTEM_FOLDERS):
            raise ClipviewError(f"{path} is a system folder ({real}), not photos")
        new_id = self.catalog.add_folder(real)
        for folder in self.catalog.folders():
            if folder.id != new_id and inside(folder.path, real):
                self.catalog.reassign_folder(folder.id, new_id)
        return real

    def folders(self) -> list[str]:
        return [f.path for f in self.catalog.folders()]

    # -- removing a folder (its vectors too: the hooks of CatalogExcludesMixin) ----------
    def forget(self, path: str | os.PathLike[str]) -> int:
        """Stop tracking a folder; its photos leave the catalog and the index. A sub-folder
        of a tracked folder is excluded from it (remembered by later scans)."""
        real = os.path.realpath(os.path.expanduser(os.fspath(path)))
        with self.writer:
            match = [f for f in self.catalog.folders() if f.path in (real, os.fspath(path))]
            if not match:  # a sub-folder: excluded from its tracked parent from now on
                return self.exclude_subfolder(path)
            return len(self._remove_folder(match[0].id))

    def detach_folder(self, path: str | os.PathLike[str]) -> FolderSnapshot:
        """Stop tracking a folder like ``forget``, returning what ``restore_folder`` needs
        to put it back (its rows and every model's vectors) without re-encoding."""
        with self.writer:
            folder_id = self._folder_id(path)
            snapshot = self.catalog.snapshot_folder(folder_id)
            if snapshot is None:
                raise ClipviewError(f"{path} is not a folder of this library")
            self._remove_folder(folder_id)
        return snapshot

    def restore_folder(self, snapshot: FolderSnapshot) -> int:
        """Undo ``detach_folder``; returns how many photos came back."""
        with self.writer:
            self._prepare_vectors()
            new_ids = self.catalog.restore_snapshot(snapshot)
            self._restore_vectors(snapshot, new_ids)
        return len(new_ids)

    def _remove_folder(self, folder_id: int) -> list[int]:
        self._prepare_vectors()
        removed = self.catalog.remove_folder(folder_id)
        self._drop_vectors(removed)
        return removed

    def _folder_id(self, path: str | os.PathLike[str]) -> int:
        real = os.path.realpath(os.path.expanduser(os.fspath(path)))
        for folder in self.catalog.folders():
            if folder.path in (real, os.fspath(path)):
                return folder.id
        raise ClipviewError(f"{path} is not a folder of this library")

    def folder_rows(self) -> list[FolderRow]:
        """The tracked folders with their id and counts of indexed and skipped photos."""
        return self.catalog.folders()

    def directory_counts(self) -> dict[str, int]:
        """Usable photos directly inside each directory (for a folder tree)."""
        return self.catalog.directory_counts()

    def other_writer(self) -> int | None:
        """The pid of ANOTHER process that holds this library's writer lock right now
        (it is indexing or changing the library), else None. Never takes the lock."""
        return self._lock.other_holder()


class FolderShelf(FoldersMixin):
    """A library without a model: its catalog and writer lock, nothing else."""

    def __init__(self, home: Path) -> None:
        self.home = Path(home).expanduser()
        self.catalog, self._lock = open_catalog(self.home)
        self.writer = self._lock

    def close(self) -> None:
        self.catalog.close()

    def __enter__(self) -> FolderShelf:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_shelf(home: str | os.PathLike[str]) -> FolderShelf:
    """Open (creating if needed) the library at ``home`` without a model."""
    return FolderShelf(Path(home))
