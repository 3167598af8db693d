"""Where clipview keeps things: the library, logs and caches (platformdirs, env overrides)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from platformdirs import user_cache_dir, user_data_dir, user_log_dir

from clipview.core.errors import ClipviewError

APP = "clipview"
_fallback: list[Path] = []  # the library folder a command was given (``use_library_home``)


class NoHomeError(ClipviewError):
    """The user's home folder cannot be found (no HOME, and no password entry for the uid:
    a container), and no library folder was given to keep things in instead."""


def use_library_home(home: str | os.PathLike[str]) -> None:
    """Where logs and caches go when the user's folders cannot be found: inside the library
    folder a command was given (``--home``), so it works without a home folder."""
    _fallback[:] = [Path(home).expanduser()]


def _user_dir(kind: str, find: Callable[..., str]) -> Path:
    """platformdirs' folder for ``kind``; without a home: inside the library folder given
    (``use_library_home``, else ``$CLIPVIEW_HOME``), else NoHomeError."""
    try:
        return Path(find(APP, appauthor=False))
    except (RuntimeError, KeyError, OSError) as exc:  # platformdirs: "could not determine"
        given = _fallback[0] if _fallback else os.environ.get("CLIPVIEW_HOME")
        if given:
            return Path(given) / kind
        raise NoHomeError(
            f"cannot find your home folder (HOME is not set and user {os.getuid()} has no "
            "entry in the password database): set HOME or CLIPVIEW_HOME, or pass --home"
        ) from exc


def inside(path: str, folder: str) -> bool:
    """``path`` is ``folder`` or lies below it (as strings: both already real paths)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def default_home() -> Path:
    """The library folder: ``$CLIPVIEW_HOME``, else the user data dir (NoHomeError when
    there is no home folder to find it in)."""
    if os.environ.get("CLIPVIEW_HOME"):
        return Path(os.environ["CLIPVIEW_HOME"])
    return _user_dir("library", user_data_dir)


def log_dir() -> Path:
    """The folder of clipview's log files: ``$CLIPVIEW_LOG_DIR``, else the user log dir."""
    if os.environ.get("CLIPVIEW_LOG_DIR"):
        return Path(os.environ["CLIPVIEW_LOG_DIR"])
    return _user_dir("logs", user_log_dir)


def cache_dir() -> Path:
    """The user cache dir of clipview (thumbnails and other rebuildable files)."""
    return _user_dir("cache", user_cache_dir)
