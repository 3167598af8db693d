"""Live watching: a FolderWatcher's batches applied with Library.apply_changes keep the library
equal to the folders (copy in, delete, rename, folder move) with inotify and with polling,
without re-encoding moves, without reading a photo still being written, and without
emptying a folder that went offline."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from watchdog.observers import Observer

import clipview
from clipview.core.library.library import Library
from clipview.core.models.encoder import ClipModel
from clipview.core.progress import IndexSummary
from clipview.core.watch.watch import FolderWatcher
from tests.helpers.library_data import PALETTE, colour_folder, run_index
from tests.helpers.synthetic_bundle import colour_photo

TIMEOUT = 60.0  # generous: two shared cores


class CountingModel(ClipModel):
    """The real model, counting how many images it encodes."""

    encoded = 0
    lock = threading.Lock()

    def encode_pixels(self, pixels):  # type: ignore[no-untyped-def]
        with CountingModel.lock:
            CountingModel.encoded += len(pixels)
        return super().encode_pixels(pixels)


@pytest.fixture()
def library(tmp_path: Path, colour_bundle: Path) -> Iterator[Library]:
    base = clipview.load_model(colour_bundle, "cpu")
    CountingModel.encoded = 0
    lib = clipview.open_library(tmp_path / "home", CountingModel(base.bundle, "cpu"))
    colour_folder(tmp_path / "photos")
    lib.add_folder(tmp_path / "photos")
    run_index(lib)
    CountingModel.encoded = 0
    yield lib
    lib.close()


def paths(library: Library) -> dict[str, int]:
    return {p: r.id for p, r in library.catalog.images.rows(library.model_id).items()}


class Session:
    """A watcher on the library's folders; ``until`` applies its batches until a condition
    holds (as ``clipview watch`` and the GUI's write lane do)."""

    def __init__(self, library: Library, **options: Any) -> None:
        self.library = library
        self.watcher = FolderWatcher(library.folders(), **options)
        self.summaries: list[IndexSummary] = []

    def until(self, condition: Callable[[], bool], timeout: float = TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, "the watcher did not catch up in time"
            batch = self.watcher.take_batch(timeout=0.1)
            if batch:
                for progress in self.library.apply_changes(batch):
                    if progress.summary is not None:
                        self.summaries.append(progress.summary)


MODES = {"inotify": {"settle_seconds": 0.3},
         "polling": {"poll_seconds": 0.3, "settle_seconds": 0.3}}


@pytest.fixture(params=sorted(MODES))
def session(request: pytest.FixtureRequest, library: Library) -> Iterator[Session]:
    watched = Session(library, **MODES[request.param])
    watched.watcher.start()
    expected = "polling" if request.param == "polling" else "native"
    assert [r.mode for r in watched.watcher.roots] == [expected]
    yield watched
    watched.watcher.stop()


def test_copy_in_delete_rename_and_folder_move(session: Session, tmp_path: Path) -> None:
    library, root = session.library, (tmp_path / "photos").resolve()
    before = paths(library)
    added = colour_photo(root / "set0" / "new_teal.jpg", "teal", seed=99)
    session.until(lambda: str(added) in paths(library))
    assert CountingModel.encoded == 1
    assert len(paths(library)) == len(before) + 1

    gone = next(iter(sorted((root / "set0").glob("red_*"))))
    gone.unlink()
    session.until(lambda: str(gone) not in paths(library))

    old = sorted((root / "set1").glob("blue_*"))[0]
    old_id = paths(library)[str(old)]
    renamed = old.with_name("renamed" + old.suffix)
    old.rename(renamed)
    session.until(lambda: str(renamed) in paths(library) and str(old) not in paths(library))
    assert paths(library)[str(renamed)] == old_id  # the same row: moved, not re-encoded

    inside = {p: i for p, i in paths(library).items() if p.startswith(str(root / "set1"))}
    (root / "later").mkdir()
    (root / "set1").rename(root / "later" / "moved")
    moved = {p.replace(str(root / "set1"), str(root / "later" / "moved")): i
             for p, i in inside.items()}
    session.until(lambda: all(paths(library).get(p) == i for p, i in moved.items()))
    assert not any(p.startswith(str(root / "set1") + os.sep) for p in paths(library))
    assert CountingModel.encoded == 1  # only the new photo was ever encoded
    assert library.check().ok


@pytest.mark.parametrize("mode", sorted(MODES))
def test_a_photo_written_slowly_is_encoded_once_complete(library: Library, tmp_path: Path,
                                                         mode: str) -> None:
    source = colour_photo(tmp_path / "source.png", "orange", size=(400, 300), noise=60)
    data = source.read_bytes()
    session = Session(library, **{**MODES[mode], "settle_seconds": 1.0})
    session.watcher.start()
    target = (tmp_path / "photos" / "set0" / "slow.png").resolve()
    try:
        chunks = 15
        with target.open("wb") as handle:  # 15 writes over about 3 s
            for n in range(chunks):
                handle.write(data[n * len(data) // chunks:(n + 1) * len(data) // chunks])
                handle.flush()
                time.sleep(0.2)
        session.until(lambda: str(target) in paths(library))
    finally:
        session.watcher.stop()
    row = library.catalog.images.rows(library.model_id)[str(target)]
    assert (CountingModel.encoded, row.size, row.state) == (1, len(data), "ok")


def test_polling_takes_over_when_inotify_watches_run_out(
        library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("clipview.core.watch.watch.DEFAULT_POLL_SECONDS", 0.3)

    class Exhausted(Observer):  # type: ignore[misc,valid-type]
        def schedule(self, *args: Any, **kwargs: Any) -> Any:
            raise OSError(errno.ENOSPC, "inotify watch limit reached")

    session = Session(library, settle_seconds=0.3, native_observer=Exhausted)
    session.watcher.start()
    try:
        (root,) = session.watcher.roots
        assert root.mode == "polling" and "ran out" in root.why
        added = colour_photo(tmp_path / "photos" / "fresh.png", "purple").resolve()
        session.until(lambda: str(added) in paths(library))
    finally:
        session.watcher.stop()


def test_a_folder_that_goes_away_stays_offline_then_comes_back(library: Library,
                                                               tmp_path: Path) -> None:
    """Unprivileged stand-in for an unplugged drive: the tracked folder disappears."""
    root = (tmp_path / "photos").resolve()
    before = paths(library)
    session = Session(library, settle_seconds=0.3)
    session.watcher.start()
    try:
        root.rename(tmp_path / "away")
        session.until(lambda: any("offline" in s.reason for summary in session.summaries
                                  for s in summary.skipped))
        assert paths(library) == before  # kept, not emptied
        colour_photo(tmp_path / "away" / "while_away.png", "grey")
        (tmp_path / "away").rename(root)
        session.until(lambda: str(root / "while_away.png") in paths(library))
        assert {p: i for p, i in paths(library).items() if p in before} == before
        assert CountingModel.encoded == 1
    finally:
        session.watcher.stop()


def _mount(*args: str) -> bool:
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture()
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    point = tmp_path / "drive"
    point.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root (the simulated test above runs without)")
    if not _mount("-t", "tmpfs", "-o", "size=16m", "tmpfs", str(point)):
        pytest.skip("mount -t tmpfs is not allowed here (no CAP_SYS_ADMIN in this container)")
    yield point
    subprocess.run(["umount", str(point)], capture_output=True)


def test_an_unmounted_drive_stays_offline_not_emptied(library: Library, tmp_path: Path,
                                                      tmpfs: Path) -> None:
    made = colour_folder(tmpfs, {"red": 2, "blue": 2})
    backup = tmp_path / "backup"
    shutil.copytree(tmpfs, backup)  # copy2: the same bytes and times come back later
    library.add_folder(tmpfs)
    run_index(library)
    on_drive = {p: i for p, i in paths(library).items() if p.startswith(str(tmpfs))}
    assert len(on_drive) == sum(len(v) for v in made.values())
    CountingModel.encoded = 0
    session = Session(library, settle_seconds=0.3)
    session.watcher.start()
    try:
        subprocess.run(["umount", str(tmpfs)], check=True)
        session.until(lambda: any(str(tmpfs) in s.path and "offline" in s.reason
                                  for summary in session.summaries for s in summary.skipped))
        assert {p: i for p, i in paths(library).items() if p in on_drive} == on_drive
        assert _mount("-t", "tmpfs", "-o", "size=16m", "tmpfs", str(tmpfs))
        shutil.copytree(backup, tmpfs, dirs_exist_ok=True)
        session.summaries.clear()
        session.until(lambda: bool(session.summaries)
                      and session.summaries[-1].unchanged >= len(on_drive))
        assert {p: i for p, i in paths(library).items() if p in on_drive} == on_drive
        assert CountingModel.encoded == 0  # the same photos: nothing encoded again
    finally:
        session.watcher.stop()


def test_catch_up_is_the_callers_and_a_watcher_sees_nothing_at_rest(library: Library) -> None:
    watcher = FolderWatcher(library.folders(), settle_seconds=0.2)
    watcher.start()
    try:
        assert watcher.take_batch(timeout=1.5) is None
    finally:
        watcher.stop()
    assert len(paths(library)) == sum(PALETTE.values())
