"""Logging for the app and the command line: a private rotating file, stderr on request.

``configure()`` once at start-up; everything else uses ``logging.getLogger(__name__)``.
A bug report then has ``log_file()`` to attach.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from io import TextIOWrapper
from logging.handlers import RotatingFileHandler
from pathlib import Path

from clipview.core.paths import NoHomeError, log_dir

FILE_NAME = "clipview.log"
MAX_BYTES = 1_000_000
BACKUPS = 3
FORMAT = "%(asctime)s %(process)d %(threadName)s %(levelname)s %(name)s: %(message)s"


class PrivateRotatingFileHandler(RotatingFileHandler):
    """A RotatingFileHandler whose files are created readable by their owner only."""

    def _open(self) -> TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)  # noqa: SIM115


def log_file() -> Path:
    """The current log file (older ones beside it end in .1, .2, .3)."""
    return log_dir() / FILE_NAME


def _private_folder(folder: Path) -> None:
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(OSError):  # a folder we do not own keeps its mode
        folder.chmod(0o700)


def configure(*, verbose: bool = False, stderr: bool = True) -> Path | None:
    """Send clipview's log to the rotating file (INFO, DEBUG when ``verbose``) and, when
    ``stderr``, to standard error too (WARNING, DEBUG when ``verbose``). Calling it again
    replaces the handlers it added before. Returns the log file's path (None when no folder
    for it can be found: no home folder); when the file cannot be written, logging goes on
    without it."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "_clipview", False)]:
        root.removeHandler(handler)
        handler.close()
    level = logging.DEBUG if verbose else logging.INFO
    try:
        path: Path | None = log_file()
    except NoHomeError:
        path = None
    file_handler = _file_handler(path)
    _add(root, file_handler, level)
    if stderr:
        _add(root, logging.StreamHandler(sys.stderr),
             logging.DEBUG if verbose else logging.WARNING)
    root.setLevel(logging.INFO)
    logging.getLogger("clipview").setLevel(level)  # DEBUG for ours only, not PIL's
    return path


def _file_handler(path: Path | None) -> logging.Handler:
    """The private rotating file at ``path``; a NullHandler when it cannot be written."""
    if path is None:
        return logging.NullHandler()
    try:
        _private_folder(path.parent)
        handler = PrivateRotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8",
            errors="backslashreplace")  # a file name that is not UTF-8 never breaks logging
        path.chmod(0o600)
    except OSError:
        return logging.NullHandler()
    return handler


def _add(root: logging.Logger, handler: logging.Handler, level: int) -> None:
    handler.setLevel(level)
    handler.setFormatter(logging.Formatter(FORMAT))
    handler._clipview = True  # type: ignore[attr-defined]  # ours, replaced on reconfigure
    root.addHandler(handler)
