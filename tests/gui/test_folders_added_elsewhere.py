"""A folder added by another process (`clipview index FOLDER` in a terminal) while the
window has no model is listed by the window's own poll, or at once by F5, which then says
that the folders wait for a model (not "Choose a model bundle first")."""

from __future__ import annotations

from pathlib import Path

from clipview.core.library.folders import open_shelf
from clipview.gui.controller import Controller
from clipview.gui.main_window import MainWindow
from tests.gui.test_folders_before_a_model import _private, no_model, photos, waiting

__all__ = ["_private", "no_model", "photos"]   # fixtures

Window = tuple[MainWindow, Controller]


def add_elsewhere(home: Path, folder: Path) -> None:
    with open_shelf(home) as shelf:   # as another process does
        shelf.add_folder(folder)


def test_the_poll_lists_a_folder_added_by_another_process(  # type: ignore[no-untyped-def]
        qtbot, no_model: Window, tmp_path: Path, photos: Path) -> None:
    window, controller = no_model
    assert controller.external.timer.isActive()
    add_elsewhere(tmp_path / "home", photos)
    qtbot.waitUntil(lambda: waiting(window, photos), timeout=10000)


def test_f5_lists_a_folder_added_by_another_process_and_says_it_waits(  # type: ignore[no-untyped-def]
        qtbot, no_model: Window, tmp_path: Path, photos: Path) -> None:
    window, controller = no_model
    controller.external.timer.setInterval(10 ** 9)   # only F5 looks
    add_elsewhere(tmp_path / "home", photos)
    window.rescan_action.trigger()
    qtbot.waitUntil(lambda: waiting(window, photos), timeout=10000)
    qtbot.waitUntil(lambda: window.status.message.text()
                    == "Folders wait for a model: File ▸ Models…", timeout=10000)
