"""The watcher and offline folders (issue 17, item 4): a root that is not there is still
looked at every tick and watched when it returns, and ``set_roots`` (called by the GUI
thread) never waits on the file system, not even while a stat of a root hangs."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from clipview.core.watch.watch import FolderWatcher
from tests.helpers.hanging_stat import hang_stat_of


def test_a_root_missing_at_start_is_watched_when_it_returns(tmp_path: Path) -> None:
    root = tmp_path / "drive"
    watcher = FolderWatcher([str(root)], settle_seconds=0.2)
    watcher.start()
    try:
        assert watcher.roots == []   # offline: nothing to watch yet
        root.mkdir()                 # plugged in
        batch = watcher.take_batch(timeout=30)
        assert batch is not None and str(root) in batch.dirs
        assert [r.path for r in watcher.roots] == [str(root)]
    finally:
        watcher.stop()


def test_set_roots_does_not_wait_for_a_hanging_stat(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    share = str(tmp_path / "share")   # a network share that stopped answering
    hanging, release = hang_stat_of(monkeypatch, share)
    watcher = FolderWatcher([str(tmp_path)], settle_seconds=0.2)
    watcher.start()
    try:
        watcher.set_roots([str(tmp_path), share])
        assert hanging.wait(30)   # the watcher's thread is stuck in the share's stat
        caller = threading.Thread(target=watcher.set_roots, args=([str(tmp_path)],))
        caller.start()
        caller.join(5)
        assert not caller.is_alive(), "set_roots waited for the file system"
    finally:
        release.set()
        watcher.stop()
