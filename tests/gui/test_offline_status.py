"""An offline folder is not a skipped photo: the status bar's line after a run says "1 folder
offline", as `clipview status` counts it (0 skipped), never "1 skipped"."""

from __future__ import annotations

from pathlib import Path

from clipview.core.library.overview import overview
from clipview.gui.controller import Controller
from clipview.gui.main_window import MainWindow
from tests.gui.test_app import index_folder
from tests.gui.test_offline_thumbnails import _sidebar
from tests.helpers.synthetic_bundle import colour_photo


def test_an_offline_folder_is_said_offline_not_skipped(  # type: ignore[no-untyped-def]
        qtbot, app_window: tuple[MainWindow, Controller], tmp_path: Path) -> None:
    window, controller = app_window
    drive = (tmp_path / "drive").resolve()
    for n, colour in enumerate(["red", "blue"]):
        colour_photo(drive / f"{colour}.jpg", colour, seed=n)
    index_folder(qtbot, window, controller, drive)
    drive.rename(tmp_path / "unplugged")
    qtbot.waitUntil(lambda: "(offline)" in _sidebar(window), timeout=30000)
    with qtbot.waitSignal(controller.indexingFinished, timeout=30000):
        window.rescan_action.trigger()   # F5 while it is away
    line = window.status.indexing.text()
    assert line == "Up to date: 1 folder offline", line
    found = overview(tmp_path / "home")
    assert found.skipped == 0 and [f.offline for f in found.folders] == [True]
