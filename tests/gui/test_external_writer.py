"""A window opened while another process writes to the same library says so until it ends,
never claims "Up to date" early, then shows what the other process indexed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import QSettings

from clipview.gui.controller import Options
from tests.gui.test_app import open_window
from tests.helpers.library_data import PALETTE, colour_folder
from tests.helpers.paths import REPO

OTHER_WRITER = textwrap.dedent("""
    import sys
    from clipview.core.library.library import open_library
    home, bundle, photos = sys.argv[1:4]
    with open_library(home, bundle, device="cpu") as library:
        with library.writer:                  # held, as by `clipview index` in a terminal
            print("holding", flush=True)
            sys.stdin.readline()              # until the test lets it go on
            library.add_folder(photos)
            for _ in library.index():
                pass
    print("done", flush=True)
""")


def test_the_window_waits_for_another_writer_then_refreshes(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, colour_bundle: Path, store: QSettings, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    colour_folder(tmp_path / "photos")
    home = tmp_path / "home"
    other = subprocess.Popen(
        [sys.executable, "-c", OTHER_WRITER, str(home), str(colour_bundle),
         str(tmp_path / "photos")], cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        text=True)
    try:
        assert other.stdout is not None and other.stdin is not None
        assert other.stdout.readline().strip() == "holding"
        window, controller = open_window(qtbot, Options(home, str(colour_bundle), "cpu"), store)
        qtbot.waitUntil(lambda: "another clipview process" in window.status.indexing.text(),
                        timeout=20000)
        assert "Up to date" not in window.status.indexing.text()
        with qtbot.waitSignal(controller.indexingFinished, timeout=60000):
            other.stdin.write("go\n")
            other.stdin.flush()
        assert other.wait(30) == 0
        total = sum(PALETTE.values())
        qtbot.waitUntil(lambda: controller.model.shown == total, timeout=20000)
        qtbot.waitUntil(lambda: window.sidebar.tree.topLevelItemCount() == 2, timeout=20000)
        controller.shutdown()
    finally:
        if other.poll() is None:
            other.kill()
        other.communicate()   # closes the pipes
