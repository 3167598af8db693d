"""Library files are private: folders 0700, files 0600, whatever the umask says.

``private_dir`` creates (or tightens) a folder; ``private_opener`` is an ``opener`` for the
built-in ``open`` that creates files 0600; ``create_private_file`` makes an empty 0600 file
for writers that open the path themselves (hnswlib); ``replace_file`` is the one way a file
is replaced atomically.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def private_dir(path: str | os.PathLike[str]) -> Path:
    """Create ``path`` (and missing parents) and make it 0700; raises OSError when it cannot.

    Parents that already exist are left as they are; new ones get 0700 too."""
    folder = Path(path)
    folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    info = folder.stat()
    if stat.S_IMODE(info.st_mode) != DIR_MODE:
        os.chmod(folder, DIR_MODE)
    return folder


def private_opener(path: str, flags: int) -> int:
    """``open(path, "w", opener=private_opener)``: a new file is created 0600 (a link at
    ``path`` is not followed)."""
    fd = os.open(path, flags | _NOFOLLOW, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
    except OSError:
        os.close(fd)
        raise
    return fd


def create_private_file(path: str | os.PathLike[str]) -> None:
    """An empty new 0600 file at ``path``; one already there (or a link) is replaced."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)


def write_private(path: str | os.PathLike[str], data: bytes, durable: bool = True) -> None:
    """Write ``data`` to a new 0600 file at ``path``; flushed to disk unless not ``durable``."""
    create_private_file(path)
    with open(path, "wb", opener=private_opener) as handle:
        handle.write(data)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())


def replace_file(target: str | os.PathLike[str], data: bytes, mode: int = FILE_MODE,
                 durable: bool = True) -> None:
    """Replace ``target`` with ``data`` atomically: a temporary file beside it (this process
    and thread's own, ``mode``; flushed to disk unless not ``durable``: a cache), then
    ``os.replace``; a reader sees the old file or the new one, never half of one. Raises
    OSError; the temporary never stays."""
    path = Path(target)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        write_private(temporary, data, durable)
        if mode != FILE_MODE:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
