"""The library's writer lock: one writing thread per process, one writing process per library.

In this process the lock is re-entrant for the thread that holds it and other threads wait
for it. Between processes it is an OS file lock taken without waiting: a second process is
refused at once with a clear message. The OS lock is ``filelock``'s (``fcntl.flock`` on
Unix, ``msvcrt.locking`` on Windows): a well-kept library whose Windows path is exercised by
its own CI, where ours could not be run here.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import weakref
from pathlib import Path
from types import TracebackType

import filelock

from clipview.core.errors import ClipviewError


class LibraryBusy(ClipviewError):
    """Another process (or, after a timeout, another thread) is changing this library."""


def os_lock_class(platform: str = sys.platform) -> type[filelock.BaseFileLock]:
    """The kind of OS lock used on ``platform`` (``sys.platform`` spelling)."""
    return filelock.WindowsFileLock if platform == "win32" else filelock.UnixFileLock


_PROC_LOCKS = "/proc/locks"


def _flock_holder(info: os.stat_result) -> int | None:
    """The pid that holds a flock on the file ``info`` describes, from ``/proc/locks``
    (lines like ``1: FLOCK  ADVISORY  WRITE 1234 fe:00:2147316 0 EOF``)."""
    wanted = f"{os.major(info.st_dev):02x}:{os.minor(info.st_dev):02x}:{info.st_ino}"
    try:
        with open(_PROC_LOCKS, encoding="ascii", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    for line in lines:
        fields = line.split()
        if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5] == wanted \
                and fields[4].isdigit():
            return int(fields[4])
    return None


class ReadOnlyLibrary(ClipviewError):
    """The library cannot be written (a backup, a read-only disk): it can only be searched."""


class _SharedState:
    """What every WriterLock on one lock file in this process shares."""

    def __init__(self, path: Path) -> None:
        self.changed = threading.Condition(threading.Lock())
        self.owner: int | None = None
        self.depth = 0
        self.file = os_lock_class()(str(path), timeout=0, mode=0o600, thread_local=False)


_STATES: weakref.WeakValueDictionary[str, _SharedState] = weakref.WeakValueDictionary()
_STATES_GUARD = threading.Lock()


def _state_for(path: Path) -> _SharedState:
    key = os.path.realpath(path)
    with _STATES_GUARD:
        state = _STATES.get(key)
        if state is None:
            state = _SharedState(path)
            _STATES[key] = state
        return state


class WriterLock:
    """Held for the whole of every change to a library (``with lock: ...``)."""

    def __init__(self, path: Path, read_only: str | None = None) -> None:
        self.path = path
        self._state = _state_for(path)
        #: why the library cannot be written (None: it can); acquire() then refuses at once
        self.read_only = read_only

    @property
    def held(self) -> bool:
        """True while some thread of this process holds the lock."""
        return self._state.depth > 0

    def acquire(self, timeout: float | None = None) -> None:
        """Take the lock: at once when this thread holds it already; after the thread that
        holds it lets go (waiting at most ``timeout`` seconds, None: as long as it takes);
        never when another process holds it (``LibraryBusy`` at once)."""
        if self.read_only is not None:
            raise ReadOnlyLibrary(self.read_only)
        me = threading.get_ident()
        state = self._state
        with state.changed:
            if state.owner == me:
                state.depth += 1
                return
            if not state.changed.wait_for(lambda: state.owner is None, timeout):
                raise LibraryBusy("the library is busy (another job is changing it); "
                                  "try again when it has finished")
            self._lock_file()
            state.owner, state.depth = me, 1

    def _lock_file(self) -> None:
        try:
            self._state.file.acquire(timeout=0)
        except filelock.Timeout:
            raise LibraryBusy(f"another clipview process (pid {self._holder()}) is changing "
                              f"the library at {self.path.parent}; try again when it has "
                              "finished") from None
        except OSError as exc:
            raise ClipviewError(f"cannot lock the library at {self.path.parent}: "
                                f"{exc.strerror or exc}") from exc
        with contextlib.suppress(OSError):  # who holds it, for the message above
            fd = os.open(self.path, os.O_WRONLY)
            try:
                os.ftruncate(fd, 0)
                os.write(fd, str(os.getpid()).encode())
            finally:
                os.close(fd)

    def other_holder(self) -> int | None:
        """The pid of ANOTHER process holding the OS lock right now, or None; never takes
        the lock (Linux: ``/proc/locks``; elsewhere a probe that lets go at once)."""
        if self._state.depth > 0:
            return None  # this process holds it
        try:
            info = os.stat(self.path)
        except OSError:
            return None  # no lock file: nobody ever wrote here
        if os.path.exists(_PROC_LOCKS):
            pid = _flock_holder(info)
        elif os.name == "posix":
            pid = self._probe()
        else:
            return None  # Windows: no way to look without taking it
        return None if pid is None or pid == os.getpid() else pid

    def _probe(self) -> int | None:
        import fcntl

        try:
            fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = self._holder()
            return int(holder) if holder.isdigit() else -1
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return None
        finally:
            os.close(fd)

    def _holder(self) -> str:
        try:
            return self.path.read_text(errors="replace").strip()[:32] or "unknown"
        except OSError:  # Windows: the locked byte cannot be read
            return "unknown"

    def release(self) -> None:
        """Let go once; the last release frees the OS lock and wakes waiting threads. May be
        called from another thread than ``acquire`` (a generator finished elsewhere)."""
        state = self._state
        with state.changed:
            if state.depth == 0:
                raise RuntimeError("WriterLock released more often than acquired")
            state.depth -= 1
            if state.depth == 0:
                state.owner = None
                try:
                    state.file.release()
                finally:
                    state.changed.notify_all()

    def __enter__(self) -> WriterLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.release()
