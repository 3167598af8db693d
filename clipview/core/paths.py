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


def _no_home() -> str:
    return (f"HOME is not set and user {os.getuid()} has no entry in the password "
            "database")


def expand_user(path: str | os.PathLike[str], hint: str = "give a full path") -> Path:
    """``path`` with a leading ``~`` or ``~user`` expanded, as a shell would; NoHomeError
    (``hint`` says what to do) when that home folder cannot be found, never a literal
    '~' folder. Every path a person gives (option, argument, environment) goes through it."""
    text = os.fspath(path)
    if not text.startswith("~"):
        return Path(text)
    expanded = os.path.expanduser(text)
    if expanded.startswith("~"):  # os.path.expanduser leaves what it cannot expand
        user = text[1:].split(os.sep, 1)[0]
        why = f"there is no user {user!r}" if user else _no_home()
        raise NoHomeError(f"cannot expand {text!r}: {why}; {hint}")
    return Path(expanded)


def use_library_home(home: str | os.PathLike[str]) -> None:
    """Where logs and caches go when the user's folders cannot be found: inside the library
    folder a command was given (``--home``), so it works without a home folder."""
    _fallback[:] = [expand_user(home)]


def _user_dir(kind: str, find: Callable[..., str]) -> Path:
    """platformdirs' folder for ``kind``; without a home: inside the library folder given
    (``use_library_home``, else ``$CLIPVIEW_HOME``), else NoHomeError."""
    try:
        return Path(find(APP, appauthor=False))
    except (RuntimeError, KeyError, OSError) as exc:  # platformdirs: "could not determine"
        given = _fallback[0] if _fallback else os.environ.get("CLIPVIEW_HOME")
        if given:
            return expand_user(given) / kind
        raise NoHomeError(
            f"cannot find your home folder ({_no_home()}): set HOME or CLIPVIEW_HOME, or "
            "pass --home") from exc


def inside(path: str, folder: str) -> bool:
    """``path`` is ``folder`` or lies below it (as strings: both already real paths)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def default_home() -> Path:
    """The library folder: ``$CLIPVIEW_HOME``, else the user data dir (NoHomeError when
    there is no home folder to find it in)."""
    if os.environ.get("CLIPVIEW_HOME"):
        return expand_user(os.environ["CLIPVIEW_HOME"])
    return _user_dir("library", user_data_dir)


def log_dir() -> Path:
    """The folder of clipview's log files: ``$CLIPVIEW_LOG_DIR``, else the user log dir."""
    if os.environ.get("CLIPVIEW_LOG_DIR"):
        return expand_user(os.environ["CLIPVIEW_LOG_DIR"])
    return _user_dir("logs", user_log_dir)


def cache_dir() -> Path:
    """The user cache dir of clipview (thumbnails and other rebuildable files)."""
    return _user_dir("cache", user_cache_dir)
