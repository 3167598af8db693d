"""Narrowing an indexing run to the directories a folder watcher saw change.

``make_plan(..., only_dirs=...)`` walks only below those directories and compares only the
photos the catalog knows below them, so a watched change costs a walk of the folder that
changed, not of the whole library; everything else about the run (offline roots, moves by
content digest, what is never removed) is the same as ``index``'s.

Each directory named is, at the time of the run:

- inside an online tracked folder and a real directory: walked (its known photos compared);
- inside one but gone, or no longer a directory (deleted, moved away, replaced by a file or
  a link): not walked, so its known photos count as missing: removed, or recognised as
  moved when the same content turned up in another directory of the same run;
- a tracked folder itself or above one: that whole folder is walked (a tracked folder that
  is missing or empty is offline before this is reached: its photos are kept);
- in a hidden or system folder, or outside every online tracked folder: ignored, as ``index``
  ignores it.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Collection, Mapping

from clipview.core.catalog.rows import FolderRow, ImageRow
from clipview.core.media.scanner import SYSTEM_FOLDERS
from clipview.core.paths import inside


def _hidden_below(path: str, root: str) -> bool:
    """Whether a folder between ``root`` and ``path`` (``path`` included) is one the scanner
    skips (hidden or a system folder)."""
    relative = os.path.relpath(path, root)
    if relative == ".":
        return False
    return any(part.startswith(".") or part.lower() in SYSTEM_FOLDERS
               for part in relative.split(os.sep))


def _walkable(path: str) -> bool:
    """False when nothing is at ``path`` or it is not a real directory (a file, a link): the
    photos known below it are missing. Any other failure to look counts as walkable: the
    scanner then reports the folder unreadable and its photos are kept."""
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True
    return stat.S_ISDIR(info.st_mode)


def _collapse(paths: Collection[str]) -> list[str]:
    """Sorted, without the paths that lie inside another one."""
    kept: list[str] = []
    for path in sorted({os.path.normpath(p) for p in paths if os.path.isabs(p)}):
        if not any(inside(path, outer) for outer in kept):
            kept.append(path)
    return kept


def scope(online: list[FolderRow], only_dirs: Collection[str]
          ) -> tuple[list[FolderRow], list[str], list[str]]:
    """(the tracked folder of each directory to walk, the directories to walk, the directories
    whose known photos are compared)."""
    rows: list[FolderRow] = []
    walk: list[str] = []
    covered: list[str] = []
    for directory in _collapse(only_dirs):
        roots = [f for f in online if inside(f.path, directory)]
        if roots:  # a tracked folder or above: the whole folder
            rows += roots
            walk += [f.path for f in roots]
            covered += [f.path for f in roots]
            continue
        owner = next((f for f in online if inside(directory, f.path)), None)
        if owner is None or _hidden_below(directory, owner.path):
            continue
        covered.append(directory)
        if _walkable(directory):
            rows.append(owner)
            walk.append(directory)
    return rows, walk, _collapse(covered)


def known_below(known: Mapping[str, ImageRow], covered: list[str]) -> dict[str, ImageRow]:
    """The known photos inside any of the ``covered`` directories."""
    folders = set(covered)
    found = {}
    for path, row in known.items():
        current = os.path.dirname(path)
        while True:
            if current in folders:
                found[path] = row
                break
            parent = os.path.dirname(current)
            if parent == current or not parent:
                break
            current = parent
    return found


def narrow(online: list[FolderRow], known: Mapping[str, ImageRow],
           only_dirs: Collection[str]
           ) -> tuple[list[FolderRow], list[str], dict[str, ImageRow]]:
    """What ``make_plan`` walks and compares when only ``only_dirs`` changed: the tracked
    folder of each directory to walk, those directories, the known photos below them."""
    rows, walk, covered = scope(online, only_dirs)
    return rows, walk, known_below(known, covered)
