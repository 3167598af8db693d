"""Bounded reads of regular files only.

Every photo clipview reads comes through here: the file is opened with ``O_NONBLOCK`` (so a
FIFO never blocks the open), the descriptor is ``fstat``-ed and must be a regular file, and at
most the size seen plus a small margin is read. A FIFO, a device (``/dev/zero``), a file
swapped for one after the scan, or a file that keeps growing can never block or stream
forever. The bytes are read once; digests and decoders work on them in memory.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from clipview.core.errors import ImageSkipped

READ_MARGIN = 64 * 1024          # a file may grow this much between fstat and the last read
MAX_FILE_BYTES = 1 << 30         # no photo clipview reads is larger than 1 GiB
_BLOCK = 1 << 20
_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
               | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0))

PathArg = str | bytes | os.PathLike[str] | os.PathLike[bytes]


@dataclass(frozen=True)
class FileBytes:
    """The whole content of a regular file, with the fstat facts that describe it."""

    path: str
    data: bytes
    size: int
    mtime_ns: int
    dev: int
    ino: int
    ctime_ns: int = 0


def shown(path: PathArg) -> str:
    """``path`` as printable text: undecodable bytes become ``\\xNN`` (never raises)."""
    text = os.fsdecode(os.fspath(path))
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
                       (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a regular file"


@contextmanager
def open_regular(path: PathArg) -> Iterator[tuple[int, os.stat_result]]:
    """A read-only descriptor of a regular file and its fstat; ImageSkipped otherwise."""
    name = os.fsdecode(os.fspath(path))
    try:
        before = os.stat(path)
        if not stat.S_ISREG(before.st_mode):  # never open a device or FIFO at all
            raise ImageSkipped(name, "unreadable",
                               f"not a regular file ({file_kind(before.st_mode)})")
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError as exc:
        raise ImageSkipped(name, "vanished", "the file no longer exists") from exc
    except OSError as exc:
        raise ImageSkipped(name, "unreadable", exc.strerror or str(exc)) from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # swapped between the stat and the open
            raise ImageSkipped(name, "unreadable",
                               f"not a regular file ({file_kind(info.st_mode)})")
        yield fd, info
    finally:
        os.close(fd)


def read_blocks(fd: int, info: os.stat_result, name: str, limit: int = MAX_FILE_BYTES
                ) -> Iterator[bytes]:
    """The file's bytes in blocks: at most its fstat size plus READ_MARGIN."""
    if info.st_size > limit:
        raise ImageSkipped(name, "too large", f"{info.st_size} bytes is over the limit of "
                                              f"{limit} bytes")
    allowed = info.st_size + READ_MARGIN
    total = 0
    while True:
        try:
            block = os.read(fd, min(_BLOCK, allowed + 1 - total))
        except BlockingIOError as exc:  # only a non-regular file can say this
            raise ImageSkipped(name, "unreadable", "the file would block") from exc
        except OSError as exc:
            reason = "unreadable" if exc.errno != errno.ENOENT else "vanished"
            raise ImageSkipped(name, reason, exc.strerror or str(exc)) from exc
        if not block:
            return
        total += len(block)
        if total > allowed:
            raise ImageSkipped(name, "unreadable", "the file kept growing while being read")
        yield block


def read_regular(path: PathArg, limit: int = MAX_FILE_BYTES) -> FileBytes:
    """Read a whole regular file once, bounded; ImageSkipped when it cannot be used."""
    name = os.fsdecode(os.fspath(path))
    with open_regular(path) as (fd, info):
        if info.st_size == 0:  # also every /proc file: their size is 0
            raise ImageSkipped(name, "corrupt", "empty file (0 bytes)")
        data = b"".join(read_blocks(fd, info, name, limit))
    return FileBytes(name, data, len(data), info.st_mtime_ns, info.st_dev, info.st_ino,
                     info.st_ctime_ns)


def read_head(path: PathArg, size: int) -> bytes:
    """At most the first ``size`` bytes of a regular file (one bounded read); ImageSkipped
    when it is not one or cannot be read."""
    name = os.fsdecode(os.fspath(path))
    with open_regular(path) as (fd, _info):
        try:
            return os.read(fd, size)
        except BlockingIOError as exc:
            raise ImageSkipped(name, "unreadable", "the file would block") from exc
        except OSError as exc:
            raise ImageSkipped(name, "unreadable", exc.strerror or str(exc)) from exc
