"""Finding photos on disk: recursive, skips hidden/system folders, safe with links and loops.

Rules (``scan_roots``):

- Folders that cannot be read (permission, I/O error, vanished while walking) are reported as
  ``ScanProblem(folder=True)``; whatever the library knew below them must be kept.
- A link to a folder is followed only when it leads outside the tracked folder *and* the caller
  asks for it (``follow_external_links=True``). A link to a folder inside the tracked folder is
  never followed: that folder is walked at its real place. Every folder is walked at most once
  (same ``st_dev``/``st_ino``), so link loops end.
- A photo reached twice (a hard link, a link to a file, overlapping roots: same
  ``st_dev``/``st_ino``) is one photo: the first real entry in walking order wins; files reached
  through a link come last, so they are found only when no real entry has the same file.
- File names need not be UTF-8: undecodable bytes arrive as surrogate escapes
  (``os.fsdecode``); ``os.fsencode`` gives the bytes back.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

logger = logging.getLogger(__name__)

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff",
                            ".bmp", ".heic", ".heif", ".avif"})
# camera RAW files (indexed from their embedded preview, ``raw``) and videos (a few frames
# each, ``video``): found by the scanner like photos
RAW_SUFFIXES = frozenset({".cr2", ".cr3", ".crw", ".nef", ".nrw", ".arw", ".srf", ".sr2",
                          ".dng", ".raf", ".orf", ".rw2", ".pef", ".srw", ".x3f", ".3fr",
                          ".iiq", ".rwl", ".erf", ".kdc", ".mrw"})
VIDEO_SUFFIXES = frozenset({".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi"})
MEDIA_SUFFIXES = IMAGE_SUFFIXES | RAW_SUFFIXES | VIDEO_SUFFIXES
SYSTEM_FOLDERS = frozenset({"@eadir", "#recycle", "$recycle.bin", "system volume information",
                            "lost+found", "__macosx", ".thumbnails", "thumbs", ".git",
                            ".trash", ".trashes", ".spotlight-v100", ".fseventsd"})


class FoundFile(NamedTuple):
    """A photo found on disk (a tuple: a million of them are made by a rescan)."""

    path: str
    size: int
    mtime_ns: int
    dev: int = 0
    ino: int = 0
    ctime_ns: int = 0   # changes with any edit, also one that restores the mtime


@dataclass(frozen=True)
class ScanProblem:
    """A file or folder that could not be used; ``folder``: nothing below it was seen."""

    path: str
    reason: str
    detail: str
    folder: bool = False


@dataclass(frozen=True)
class RootState:
    """What a tracked folder looks like before it is walked."""

    path: str
    readable: bool
    dev: int | None
    empty: bool
    detail: str = ""
    missing: bool = False  # nothing at that path (an unmounted drive's own folder, ...)


def is_photo_name(name: str) -> bool:
    """A file the library indexes: a photo, a camera RAW file or a video (not hidden)."""
    dot = name.rfind(".")
    return dot > 0 and name[0] != "." and name[dot:].lower() in MEDIA_SUFFIXES


def skip_folder(name: str) -> bool:
    return name.startswith(".") or name.lower() in SYSTEM_FOLDERS


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def root_state(path: str) -> RootState:
    """Is the tracked folder there and readable, on which device, and is it empty?

    Empty means nothing but hidden or system entries (``.DS_Store``, ``lost+found``): what
    a mount point looks like while its drive is away."""
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        return RootState(path, False, None, False, _why(exc), missing=True)
    except OSError as exc:
        return RootState(path, False, None, False, _why(exc))
    if not stat.S_ISDIR(info.st_mode):
        return RootState(path, False, info.st_dev, False, "not a folder")
    try:
        with os.scandir(path) as entries:
            empty = not any(not skip_folder(entry.name) for entry in entries)
    except OSError as exc:
        return RootState(path, False, info.st_dev, False, _why(exc))
    return RootState(path, True, info.st_dev, empty)


def scan(root: str, follow_external_links: bool = False) -> Iterator[FoundFile | ScanProblem]:
    """Every photo below ``root``, and what could not be used (see the module's rules)."""
    for _, item in scan_roots([root], follow_external_links):
        yield item


def scan_roots(roots: Sequence[str], follow_external_links: bool = False
               ) -> Iterator[tuple[int, FoundFile | ScanProblem]]:
    """(index of the root, found photo or problem) for every root, one photo per file."""
    walk = _Walk(follow_external_links)
    for index, root in enumerate(roots):
        for item in walk.root(root, index):
            yield index, item
    for index, link in walk.linked:
        if (link.dev, link.ino) not in walk.files:
            walk.files.add((link.dev, link.ino))
            yield index, link


class _Walk:
    """State shared by the roots of one scan: folders walked, files found, links deferred."""

    def __init__(self, follow_external_links: bool) -> None:
        self.follow_external_links = follow_external_links
        self.folders: set[tuple[int, int]] = set()
        self.files: set[tuple[int, int]] = set()
        self.linked: list[tuple[int, FoundFile]] = []

    def root(self, root: str, index: int) -> Iterator[FoundFile | ScanProblem]:
        real_root = os.path.realpath(root)
        stack = [root]
        while stack:
            folder = stack.pop()
            entries = yield from self._list(folder)
            subfolders = []
            for entry in entries:
                found = self._examine(entry, real_root, index)
                if isinstance(found, str):
                    subfolders.append(found)
                elif found is not None:
                    yield found
            stack.extend(reversed(subfolders))

    def _list(self, folder: str) -> Generator[ScanProblem, None, list[os.DirEntry[str]]]:
        """Generator returning the folder's entries (sorted), or [] when walked or unreadable."""
        try:
            info = os.stat(folder)
            if (info.st_dev, info.st_ino) in self.folders:
                return []  # a second way to a folder already walked
            self.folders.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as listing:
                return sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            yield ScanProblem(folder, "unreadable", _why(exc), folder=True)
            return []

    def _examine(self, entry: os.DirEntry[str], real_root: str, index: int
                 ) -> FoundFile | ScanProblem | str | None:
        """A photo, a problem, a folder path to walk (str), or None to ignore."""
        try:
            is_link = entry.is_symlink()
            is_dir = entry.is_dir(follow_symlinks=True)
        except OSError as exc:  # cannot even tell what it is: keep what was known below it
            return ScanProblem(entry.path, "unreadable", _why(exc), folder=True)
        if is_dir:
            if skip_folder(entry.name) or (is_link and not self._follow(entry.path, real_root)):
                return None
            return entry.path
        if not is_photo_name(entry.name):
            return None
        found = _photo(entry, is_link)
        if isinstance(found, FoundFile):
            if is_link:
                self.linked.append((index, found))
                return None
            if (found.dev, found.ino) in self.files:
                return None  # a hard link to a photo already found
            self.files.add((found.dev, found.ino))
        return found

    def _follow(self, link: str, real_root: str) -> bool:
        target = os.path.realpath(link)
        inside = target == real_root or target.startswith(real_root.rstrip(os.sep) + os.sep)
        if inside:
            return False  # walked at its real place
        if not self.follow_external_links:
            logger.info("not following %r: it leads outside the tracked folder", link)
        return self.follow_external_links


def _photo(entry: os.DirEntry[str], is_link: bool) -> FoundFile | ScanProblem:
    try:
        info = entry.stat(follow_symlinks=True)
    except FileNotFoundError:
        if is_link:
            return ScanProblem(entry.path, "unreadable", "broken symbolic link")
        return ScanProblem(entry.path, "vanished", "the file vanished")
    except OSError as exc:
        return ScanProblem(entry.path, "unreadable", _why(exc))
    if not stat.S_ISREG(info.st_mode):
        return ScanProblem(entry.path, "unreadable", "not a regular file")
    return FoundFile(entry.path, info.st_size, info.st_mtime_ns, info.st_dev, info.st_ino,
                     info.st_ctime_ns)
