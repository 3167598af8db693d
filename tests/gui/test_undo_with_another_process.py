"""Undo of a folder's removal before any model, while another process (a `clipview index
FOLDER` in a terminal) added a folder to the same library between Remove and Undo, and a
later message was shown (it had taken the Undo button away: the click found nothing): both
folders are tracked afterwards, in the window and for `clipview status`."""

from __future__ import annotations

from pathlib import Path

from clipview.core.library.folders import open_shelf
from clipview.core.library.overview import overview
from clipview.gui.controller import Controller
from clipview.gui.jobs import JobKind
from clipview.gui.main_window import MainWindow
from tests.gui.test_app import sidebar_folders
from tests.gui.test_folders_before_a_model import _private, no_model, photos, waiting
from tests.helpers.library_data import colour_folder

__all__ = ["_private", "no_model", "photos"]   # fixtures


def test_undo_brings_the_folder_back_beside_one_another_process_added(  # type: ignore[no-untyped-def]
        qtbot, no_model: tuple[MainWindow, Controller], tmp_path: Path, photos: Path) -> None:
    window, controller = no_model
    home = tmp_path / "home"
    controller.add_folders([str(photos)])
    qtbot.waitUntil(lambda: waiting(window, photos), timeout=10000)
    controller.removal.ask = False
    with qtbot.waitSignal(controller.jobDone, timeout=20000,
                          check_params_cb=lambda job: job.kind is JobKind.FORGET):
        controller.forget_folder(str(photos))
    qtbot.waitUntil(lambda: sidebar_folders(window) == [], timeout=10000)
    assert window.status.message.text() == "Removed photos (nothing indexed yet)"
    other = tmp_path / "other"
    colour_folder(other, {"red": 1})
    with open_shelf(home) as shelf:   # the other process
        shelf.add_folder(other)
    window.rescan_action.trigger()   # F5 meanwhile: its note must not take the offer away
    qtbot.waitUntil(lambda: not window.status.message.text().startswith("Removed"),
                    timeout=10000)
    assert window.status.undo.isVisibleTo(window)
    with qtbot.waitSignal(controller.jobDone, timeout=20000,
                          check_params_cb=lambda job: job.kind is JobKind.RESTORE):
        window.status.undo.click()
    expected = sorted([str(photos), str(other)])
    qtbot.waitUntil(lambda: sorted(p for p, _, _ in sidebar_folders(window)) == expected,
                    timeout=10000)
    assert sorted(f.path for f in overview(home).folders) == expected
    assert "Restored" in window.status.message.text()
