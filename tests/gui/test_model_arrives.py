"""A model installed while the app is open without one (`clipview models install` in a
terminal, as another process would) is opened, and the folders waiting for it are indexed:
by the window's own poll, by F5, or by Use in File ▸ Models…."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from clipview.core.library.folders import open_shelf
from clipview.core.models.store import ModelStore
from clipview.gui.controller import Controller
from clipview.gui.launch import start
from clipview.gui.main_window import MainWindow
from tests.gui.test_app import sidebar_folders
from tests.gui.test_folders_before_a_model import ALL, launch_on, waiting
from tests.helpers.library_data import colour_folder
from tests.helpers.synthetic_bundle import build_colour_bundle

Window = tuple[MainWindow, Controller]


@pytest.fixture()
def photos(tmp_path: Path) -> Path:
    colour_folder(tmp_path / "photos")
    return tmp_path / "photos"


@pytest.fixture()
def waiting_app(qtbot, tmp_path: Path, store: QSettings, photos: Path,  # type: ignore[no-untyped-def]
                monkeypatch: pytest.MonkeyPatch) -> Iterator[Window]:
    """`clipview --home L index FOLDER` without a model (the folder is tracked), then the
    app on L ("Not now" in the first-run dialog)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("CLIPVIEW_MODEL", raising=False)
    with open_shelf(tmp_path / "home") as shelf:
        shelf.add_folder(photos)
    window, controller, options = launch_on(qtbot, tmp_path / "home", store)
    assert options.model is None
    with qtbot.waitSignal(controller.foldersShown, timeout=20000):
        start(window, controller, options, store)
    qtbot.waitUntil(lambda: waiting(window, photos), timeout=10000)
    yield window, controller
    controller.shutdown()


def install(home: Path, tmp_path: Path) -> None:
    """`clipview --home HOME models install BUNDLE_DIR`, from another process's side."""
    source = build_colour_bundle(tmp_path / "bundle", name="bundle")
    for _ in ModelStore(home).install(str(source)):
        pass


def indexed(window: MainWindow, photos: Path) -> bool:
    return sidebar_folders(window) == [(str(photos), "photos", str(ALL))]


def test_a_model_installed_meanwhile_opens_and_indexes_the_waiting_folder(  # type: ignore[no-untyped-def]
        qtbot, waiting_app: Window, tmp_path: Path, photos: Path) -> None:
    window, controller = waiting_app
    with qtbot.waitSignals([controller.libraryReady, controller.indexingFinished],
                           timeout=60000):
        install(tmp_path / "home", tmp_path)
    qtbot.waitUntil(lambda: indexed(window, photos), timeout=20000)
    assert controller.model_info is not None and controller.model_info.name == "bundle"
    assert window.search.isEnabled()


def test_f5_opens_a_model_installed_meanwhile(  # type: ignore[no-untyped-def]
        qtbot, waiting_app: Window, tmp_path: Path, photos: Path) -> None:
    window, controller = waiting_app
    controller.external.timer.setInterval(10 ** 9)   # only F5 looks for it
    window.rescan_action.trigger()
    qtbot.waitUntil(lambda: "Folders wait for a model: File ▸ Models…"
                    in window.status.message.text(), timeout=10000)
    install(tmp_path / "home", tmp_path)
    with qtbot.waitSignals([controller.libraryReady, controller.indexingFinished],
                           timeout=60000):
        window.rescan_action.trigger()
    qtbot.waitUntil(lambda: indexed(window, photos), timeout=20000)


def test_use_in_the_models_dialog_opens_the_model_in_use_when_the_window_has_none(  # type: ignore[no-untyped-def]
        qtbot, waiting_app: Window, tmp_path: Path, photos: Path) -> None:
    window, controller = waiting_app
    controller.external.timer.setInterval(10 ** 9)   # the dialog alone opens it
    install(tmp_path / "home", tmp_path)
    controller.models.open_dialog()
    dialog = controller.models.dialog
    assert dialog is not None
    dialog.refresh()
    dialog.installed.select_name("bundle")
    qtbot.waitUntil(lambda: "In use" in dialog.state_label.text(), timeout=10000)
    assert "not open in this window" in dialog.state_label.text()
    assert dialog.use_button.isEnabled()
    with qtbot.waitSignals([controller.libraryReady, controller.indexingFinished],
                           timeout=60000):
        dialog.use_button.click()
    qtbot.waitUntil(lambda: indexed(window, photos), timeout=20000)
    qtbot.waitUntil(lambda: not dialog.use_button.isEnabled(), timeout=10000)
