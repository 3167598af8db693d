"""The writer lock: re-entrant in a thread, waited for by other threads, refused to other
processes; and Library methods that write hold it for their whole run."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import filelock
import pytest

import clipview
from clipview.core.library.locking import LibraryBusy, WriterLock, os_lock_class
from tests.helpers.library_data import colour_folder
from tests.helpers.paths import REPO

WAIT = 10.0  # upper bound for things that should happen at once


def _in_thread(lock: WriterLock, got: threading.Event, done: threading.Event) -> threading.Thread:
    def body() -> None:
        with lock:
            got.set()
        done.set()

    thread = threading.Thread(target=body)
    thread.start()
    return thread


def test_same_thread_re_enters(tmp_path: Path) -> None:
    lock = WriterLock(tmp_path / "library.lock")
    with lock, lock, WriterLock(tmp_path / "library.lock"):  # also through another object
        assert lock.held
    assert not lock.held
    with pytest.raises(RuntimeError):
        lock.release()


def test_second_thread_waits_for_the_writer(tmp_path: Path) -> None:
    lock = WriterLock(tmp_path / "library.lock")
    got, done = threading.Event(), threading.Event()
    with lock:
        thread = _in_thread(WriterLock(tmp_path / "library.lock"), got, done)
        assert not got.wait(0.3)  # waiting, not failing
        assert not done.is_set()
    assert got.wait(WAIT) and done.wait(WAIT)
    thread.join(WAIT)
    assert not lock.held


def test_waiting_thread_can_give_up_after_a_timeout(tmp_path: Path) -> None:
    lock = WriterLock(tmp_path / "library.lock")
    failures: list[BaseException] = []

    def body() -> None:
        try:
            lock.acquire(timeout=0.05)
        except LibraryBusy as exc:
            failures.append(exc)

    with lock:
        thread = threading.Thread(target=body)
        thread.start()
        thread.join(WAIT)
    assert len(failures) == 1 and "busy" in str(failures[0])


def test_release_from_another_thread_wakes_waiters(tmp_path: Path) -> None:
    """A generator holding the lock may be finished on another thread."""
    lock = WriterLock(tmp_path / "library.lock")
    lock.acquire()
    releaser = threading.Thread(target=lock.release)
    releaser.start()
    releaser.join(WAIT)
    assert not lock.held
    with lock:
        assert lock.held


HOLDER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from clipview.core.library.locking import WriterLock
    lock = WriterLock(Path(sys.argv[1]))
    with lock:
        print("held", flush=True)
        sys.stdin.readline()
    print("released", flush=True)
""")


def test_second_process_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "library.lock"
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], cwd=REPO, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        lock = WriterLock(path)
        with pytest.raises(LibraryBusy, match=f"another clipview process \\(pid {holder.pid}\\)"):
            lock.acquire()
        assert not lock.held
    finally:
        out, _ = holder.communicate("\n", timeout=WAIT)
    assert "released" in out
    with WriterLock(path):
        pass
    assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(("platform", "kind"), [("win32", filelock.WindowsFileLock),
                                                ("linux", filelock.UnixFileLock),
                                                ("darwin", filelock.UnixFileLock)])
def test_os_lock_kind_per_platform(platform: str, kind: type[filelock.BaseFileLock]) -> None:
    assert os_lock_class(platform) is kind


def test_a_write_waits_for_a_running_index(tmp_path: Path, colour_bundle: Path) -> None:
    colour_folder(tmp_path / "photos", {"red": 2, "blue": 2})
    (tmp_path / "more").mkdir()
    library = clipview.open_library(tmp_path / "home", colour_bundle, device="cpu")
    try:
        library.add_folder(tmp_path / "photos")
        run = library.index(batch_size=1)
        next(run)  # the run holds the writer lock from its first step
        assert library.writer.held
        added = threading.Event()

        def add() -> None:
            library.add_folder(tmp_path / "more")
            added.set()

        thread = threading.Thread(target=add)
        thread.start()
        assert not added.wait(0.3)
        for _ in run:
            pass
        assert added.wait(WAIT)
        thread.join(WAIT)
        assert str(tmp_path / "more") in library.folders()
        # the same thread may write while its own run holds the lock
        again = library.index()
        next(again)
        assert library.forget(tmp_path / "more") == 0
        again.close()
        assert not library.writer.held
    finally:
        library.close()
