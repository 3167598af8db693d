"""Finding photos on disk: recursive, skips hidden/system folders, safe with symlink loops."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff",
                            ".bmp", ".heic", ".heif"})
SYSTEM_FOLDERS = frozenset({"@eadir", "#recycle", "$recycle.bin", "system volume information",
                            "lost+found", "__macosx", ".thumbnails", "thumbs", ".git",
                            ".trash", ".trashes", ".spotlight-v100", ".fseventsd"})


@dataclass(frozen=True)
class FoundFile:
    path: str
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class ScanProblem:
    path: str
    reason: str
    detail: str


def is_photo_name(name: str) -> bool:
    return not name.startswith(".") and os.path.splitext(name)[1].lower() in IMAGE_SUFFIXES


def _skip_folder(name: str) -> bool:
    return name.startswith(".") or name.lower() in SYSTEM_FOLDERS


def scan(root: str) -> Iterator[FoundFile | ScanProblem]:
    """Every photo below ``root`` (links followed once), and the ones that cannot be used."""
    visited: set[tuple[int, int]] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            info = os.stat(folder)
        except OSError:
            continue
        if (info.st_dev, info.st_ino) in visited:
            continue  # a loop, or a second link to a folder already walked
        visited.add((info.st_dev, info.st_ino))
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            yield ScanProblem(folder, "unreadable", exc.strerror or str(exc))
            continue
        subfolders = []
        for entry in entries:
            found = _examine(entry)
            if isinstance(found, str):
                subfolders.append(entry.path)
            elif found is not None:
                yield found
        stack.extend(reversed(subfolders))


def _examine(entry: os.DirEntry[str]) -> FoundFile | ScanProblem | str | None:
    try:
        is_dir = entry.is_dir(follow_symlinks=True)
    except OSError:
        is_dir = False
    if is_dir:
        return None if _skip_folder(entry.name) else "folder"
    if not is_photo_name(entry.name):
        return None
    if not _valid_utf8(entry.path):
        return ScanProblem(entry.path, "unreadable", "the file name is not valid UTF-8")
    try:
        info = entry.stat(follow_symlinks=True)
    except FileNotFoundError:
        detail = "broken symbolic link" if entry.is_symlink() else "the file vanished"
        return ScanProblem(entry.path, "unreadable" if entry.is_symlink() else "vanished",
                           detail)
    except OSError as exc:
        return ScanProblem(entry.path, "unreadable", exc.strerror or str(exc))
    if not stat.S_ISREG(info.st_mode):
        return ScanProblem(entry.path, "unreadable", "not a regular file")
    return FoundFile(entry.path, info.st_size, info.st_mtime_ns)


def _valid_utf8(path: str) -> bool:
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
