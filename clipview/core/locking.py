"""One writer per library across processes: an OS file lock with a clear message."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from types import TracebackType

from clipview.core.errors import ClipviewError

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class LibraryBusy(ClipviewError):
    """Another process is changing this library."""


class WriterLock:
    """Re-entrant within a process (counted), exclusive between processes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._depth = 0
        self._owner: int | None = None
        self._guard = threading.Lock()

    def acquire(self) -> None:
        with self._guard:
            if self._depth and self._owner != threading.get_ident():
                raise LibraryBusy("the library is busy (indexing); try again when it has "
                                  "finished")
            if self._depth == 0:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
                if not _try_lock(fd):
                    holder = os.read(fd, 64).decode(errors="replace").strip() or "unknown"
                    os.close(fd)
                    raise LibraryBusy(f"another clipview process (pid {holder}) is changing "
                                      f"the library at {self.path.parent}; try again when "
                                      "it has finished")
                os.ftruncate(fd, 0)
                os.write(fd, str(os.getpid()).encode())
                self._fd = fd
                self._owner = threading.get_ident()
            self._depth += 1

    def release(self) -> None:
        with self._guard:
            self._depth -= 1
            if self._depth == 0 and self._fd is not None:
                _unlock(self._fd)
                os.close(self._fd)
                self._fd = None
                self._owner = None

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.release()
