"""Paths people keep out of a tracked folder: a forgotten sub-folder or an ``--exclude`` glob.

A pattern is stored per tracked folder. An absolute pattern (``/photos/junk``) is a
sub-folder: it and everything below it are excluded (it may hold glob characters too,
matched against the whole path). A relative pattern (``*/thumbnails/*``, ``*.png``) is a
glob matched (``fnmatch``, case-sensitive, ``*`` crosses ``/``) against the path relative to
the tracked folder (``set1/a.jpg``), also written with a leading ``/`` (``/set1/a.jpg``) so
that ``*/thumbnails/*`` covers a ``thumbnails`` folder at the top too.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from fnmatch import fnmatchcase

from clipview.core.errors import ClipviewError


class ExcludeError(ClipviewError):
    """An exclusion cannot be added."""


def check_pattern(pattern: str) -> str:
    """The pattern as stored: stripped; refused when empty or excluding everything."""
    text = pattern.strip()
    if not text or text.strip("*/") == "" or text in (".", "./"):
        raise ExcludeError(f"--exclude {pattern!r} would exclude every photo; name a "
                           "glob such as '*/thumbnails/*' or '*.png'")
    return text


def is_excluded(path: str, root: str, patterns: Sequence[str]) -> bool:
    """Whether ``path`` (below the tracked folder ``root``) is excluded by ``patterns``."""
    if not patterns:
        return False
    relative: str | None = None
    for pattern in patterns:
        if pattern.startswith(os.sep):
            below = path == pattern or path.startswith(pattern.rstrip(os.sep) + os.sep)
            if below or fnmatchcase(path, pattern):
                return True
            continue
        if relative is None:
            relative = os.path.relpath(path, root)
        if fnmatchcase(relative, pattern) or fnmatchcase(os.sep + relative, pattern):
            return True
    return False


def covers(pattern: str, path: str) -> bool:
    """Whether the sub-folder exclusion ``pattern`` is ``path`` or a folder above it."""
    return pattern.startswith(os.sep) and (
        path == pattern or path.startswith(pattern.rstrip(os.sep) + os.sep))
