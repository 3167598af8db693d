"""Directory stamps: how an unchanged run knows it is unchanged without reading every catalog
row (at a million photos, loading and comparing the rows took most of a rescan).

A stamp digests the (name, size, mtime, ctime) of the photos directly in one directory, as a
walk that stats every file sees them, so a photo edited in place changes it as surely as one
added, removed or renamed, also by an edit that restored the mtime (``touch -r``: the ctime).
After a complete run the library stores the stamp of each
directory in which the run changed nothing (``Plan.dir_stamps``); the catalog drops a
directory's stamps whenever a row of it changes (triggers of migration 4 for rows that come
or go, ``unstamp`` for rows updated), and all of them on a repair. The next run
takes the quick way only when every directory it walks has its stamp unchanged and the
stamped photos add up to every photo the catalog holds for those folders; anything else
(a change, a link, a hard link, a folder it could not read) gets the full comparison.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from clipview.core.catalog.paths import dir_key
from clipview.core.catalog.rows import FolderRow
from clipview.core.library.excludes import is_excluded
from clipview.core.media.scanner import is_photo_name, skip_folder
from clipview.core.progress import RunCancelled


@dataclass(frozen=True)
class DirStamp:
    stamp: str
    photos: int
    plain: bool = True   # only regular files with one link, no photo links, all readable


def stamp_folders(folders: Sequence[FolderRow],
                  excludes: Mapping[int, Sequence[str]] | None = None,
                  cancelled: Callable[[], bool] = lambda: False) -> dict[str, DirStamp]:
    """{directory key: stamp} of every directory the scanner would walk below ``folders``
    (RunCancelled when ``cancelled()`` says so, asked at each directory)."""
    stamps: dict[str, DirStamp] = {}
    for folder in folders:
        patterns = (excludes or {}).get(folder.id, ())
        stack = [folder.path]
        while stack:
            if cancelled():
                raise RunCancelled("the run was cancelled while its folders were walked")
            directory = stack.pop()
            stamps[dir_key(directory)] = _stamp(directory, folder.path, patterns, stack)
    return stamps


def _stamp(directory: str, root: str, patterns: Sequence[str], stack: list[str]) -> DirStamp:
    """One directory's stamp; its sub-folders go on ``stack``."""
    photos: list[str] = []
    plain = True
    try:
        with os.scandir(directory) as listing:
            for entry in listing:
                name = entry.name
                if entry.is_symlink():
                    plain = plain and not is_photo_name(name)  # a linked photo: full scan
                elif entry.is_dir():
                    if not skip_folder(name):
                        stack.append(entry.path)
                elif is_photo_name(name) and not (
                        patterns and is_excluded(entry.path, root, patterns)):
                    info = entry.stat()
                    plain = plain and stat.S_ISREG(info.st_mode) and info.st_nlink == 1
                    photos.append(f"{name}\0{info.st_size}\0{info.st_mtime_ns}"
                                  f"\0{info.st_ctime_ns}")
    except OSError:
        return DirStamp("", 0, False)
    photos.sort()
    digest = hashlib.blake2b("\n".join(photos).encode("utf-8", "surrogateescape"),
                             digest_size=16)
    return DirStamp(digest.hexdigest(), len(photos), plain)


def all_unchanged(walked: Mapping[str, DirStamp], stored: Mapping[str, tuple[str, int]],
                  catalogued: int) -> bool:
    """Whether the walk matches the stored stamps exactly and they cover every one of the
    ``catalogued`` photos of the walked folders (none in a directory never stamped)."""
    if not stored or len(walked) != len(stored):
        return False
    total = 0
    for key, found in walked.items():
        if not found.plain or stored.get(key) != (found.stamp, found.photos):
            return False
        total += found.photos
    return total == catalogued
