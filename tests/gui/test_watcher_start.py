"""Starting to watch never blocks the window: the watcher's own thread looks at the folders
(one stat per root, watches over whole trees), so a share that hangs does not freeze the
GUI; a failure of that first look comes back as one message."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from clipview.core.watch import watch
from clipview.gui.controller import Controller
from clipview.gui.main_window import MainWindow
from tests.helpers.hanging_stat import hang_stat_of

Window = tuple[MainWindow, Controller]


def test_watching_a_share_whose_stat_hangs_returns_at_once(  # type: ignore[no-untyped-def]
        qtbot, app_window: Window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _window, controller = app_window
    share = str(tmp_path / "share")   # a network share that stopped answering
    hanging, release = hang_stat_of(monkeypatch, share, seconds=5)
    assert controller.watcher.watcher is None   # no folder yet: not watching
    try:
        started = time.monotonic()
        controller.watcher.watch([share], offline=1)   # the folders were just listed
        took = time.monotonic() - started
        assert hanging.wait(10)   # the watcher's thread is the one stuck in the stat
        assert took < 1.0, f"the GUI thread waited {took:.1f} s for the file system"
        beats: list[float] = []
        qtbot.waitUntil(lambda: beats.append(time.monotonic()) or len(beats) > 3,
                        timeout=2000)   # the event loop runs meanwhile
        assert not release.is_set()
    finally:
        release.set()


def test_a_watcher_that_cannot_start_says_so(  # type: ignore[no-untyped-def]
        qtbot, app_window: Window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window, controller = app_window

    def no_watches(self: watch.FolderWatcher, announce: bool = True) -> None:
        raise RuntimeError("inotify is not available")

    monkeypatch.setattr(watch.FolderWatcher, "_reconcile", no_watches)
    with qtbot.waitSignal(controller.watcher.startFailed, timeout=10000):
        controller.watcher.watch([str(tmp_path)])
    assert "Not watching folders: inotify is not available" in window.status.message.text()
    assert controller.watcher.watcher is None
