"""The Duplicates dialog's "Move selected to trash" in the app: a write-lane job through
``Library.trash_duplicates`` (as ``--trash-extra``), so a copy ticked as identical to its
keeper that changed after the group was found stays, and the dialog says so; near copies
start unticked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from clipview.core.library.duplicates import IDENTICAL, NEAR_COPY
from clipview.gui.controller import Controller
from clipview.gui.duplicates_view import DuplicatesView
from clipview.gui.jobs import JobKind
from clipview.gui.main_window import MainWindow
from tests.core.test_duplicates_changed import _trash_to, edit_keeping_stamp, stored_png
from tests.gui.test_app import index_folder
from tests.gui.test_duplicates_view import answer_trash
from tests.helpers.bursts import moving_circle

Window = tuple[MainWindow, Controller]


def opened_dialog(qtbot, window: MainWindow, controller: Controller,  # type: ignore[no-untyped-def]
                  folder: Path) -> DuplicatesView:
    """``folder`` indexed in the app, and Find duplicates opened on it."""
    index_folder(qtbot, window, controller, folder)
    view = controller.duplicates.view
    with qtbot.waitSignal(view.groupsShown, timeout=30000):
        window.duplicates_action.trigger()
    return view


def trash_ticked(qtbot, view: DuplicatesView, controller: Controller,  # type: ignore[no-untyped-def]
                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Click "Move selected to trash", say yes, and wait for the trash job."""
    answer_trash(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(controller.jobDone, timeout=30000,
                          check_params_cb=lambda job: job.kind is JobKind.TRASH):
        qtbot.mouseClick(view.trash_button, Qt.MouseButton.LeftButton)


def test_a_copy_changed_after_its_group_was_found_is_not_trashed(  # type: ignore[no-untyped-def]
        qtbot, app_window: Window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window, controller = app_window
    original = stored_png(tmp_path / "photos" / "a.png", seed=3).resolve()
    copy = Path(shutil.copy2(original, tmp_path / "photos" / "b.png")).resolve()
    view = opened_dialog(qtbot, window, controller, tmp_path / "photos")
    assert [g.reason for g in view.groups] == [IDENTICAL]
    assert view.checked_paths() == [str(copy)]
    edit_keeping_stamp(copy, stored_png(tmp_path / "other.png", seed=11).read_bytes())
    data_home = _trash_to(tmp_path, monkeypatch)
    trash_ticked(qtbot, view, controller, monkeypatch)
    assert copy.is_file() and original.is_file()
    assert not (data_home / "Trash" / "files").exists()
    assert view.status.text() == ("Moved 0 photos to the trash. Not moved: b.png: changed "
                                  "since it was compared: kept")
    cells = {c.photo.path: c for c in view.cells}   # the row says why, unticked
    assert cells[str(copy)].relation.text() == "changed since it was compared: kept"
    assert not cells[str(copy)].remove.isChecked() and view.checked_paths() == []


def test_near_copies_start_unticked_and_go_only_when_ticked(  # type: ignore[no-untyped-def]
        qtbot, app_window: Window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two neighbouring frames of a burst (the circle moved 16 px) and a byte copy of the
    first: only the byte copy is ticked; the next frame goes once it is ticked."""
    root = tmp_path / "photos"
    first = moving_circle(root / "DSC_1.jpg", 0).resolve()
    second = moving_circle(root / "DSC_2.jpg", 1).resolve()
    copy = Path(shutil.copy2(first, root / "DSC_1 (copy).jpg")).resolve()
    window, controller = app_window
    view = opened_dialog(qtbot, window, controller, root)
    cells = {Path(c.photo.path).name: c for c in view.cells}
    assert sorted(cells) == ["DSC_1 (copy).jpg", "DSC_1.jpg", "DSC_2.jpg"]
    assert cells[copy.name].relation.text() == f"identical to {first.name}"
    assert cells[second.name].relation.text() == NEAR_COPY
    assert view.checked_paths() == [str(copy)]
    data_home = _trash_to(tmp_path, monkeypatch)
    trash_ticked(qtbot, view, controller, monkeypatch)
    assert not copy.exists() and first.is_file() and second.is_file()
    assert view.status.text().startswith("Moved 1 photo to the trash.")
    (cell,) = view.cells[1:]   # the keeper and the next frame, unticked
    assert cell.photo.path == str(second) and not cell.remove.isChecked()
    cell.remove.setChecked(True)   # deliberately
    trash_ticked(qtbot, view, controller, monkeypatch)
    assert not second.exists() and first.is_file()
    assert len(list((data_home / "Trash" / "files").iterdir())) == 2
