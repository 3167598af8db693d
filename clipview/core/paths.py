"""Where clipview keeps things: the library, logs and caches (platformdirs, env overrides)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir, user_data_dir, user_log_dir

APP = "clipview"


def inside(path: str, folder: str) -> bool:
    """``path`` is ``folder`` or lies below it (as strings: both already real paths)."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def default_home() -> Path:
    """The library folder: ``$CLIPVIEW_HOME``, else the user data dir."""
    if os.environ.get("CLIPVIEW_HOME"):
        return Path(os.environ["CLIPVIEW_HOME"])
    return Path(user_data_dir(APP, appauthor=False))


def log_dir() -> Path:
    """The folder of clipview's log files: ``$CLIPVIEW_LOG_DIR``, else the user log dir."""
    if os.environ.get("CLIPVIEW_LOG_DIR"):
        return Path(os.environ["CLIPVIEW_LOG_DIR"])
    return Path(user_log_dir(APP, appauthor=False))


def cache_dir() -> Path:
    """The user cache dir of clipview (thumbnails and other rebuildable files)."""
    return Path(user_cache_dir(APP, appauthor=False))
