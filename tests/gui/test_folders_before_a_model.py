"""Folders are library data: the app tracks them before any model is installed (Add folder,
a drop, "Open with" a folder), shows them "waiting for a model", and indexes them when a
model arrives (a download finished, a model chosen in File ▸ Models…). The model and
device belong to the library (its settings.json), never to the app's own settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

import clipview
from clipview.core.library.overview import overview
from clipview.core.models.settings import load_settings
from clipview.gui.controller import Controller, Options
from clipview.gui.jobs import JobKind
from clipview.gui.launch import build, open_request, resolve, start
from clipview.gui.library_jobs import require
from clipview.gui.main_window import MainWindow
from clipview.gui.open_with import classify_args
from tests.gui.conftest import namespace
from tests.gui.test_app import drop_urls, sidebar_folders
from tests.gui.test_open_with import OFFSCREEN_DIALOG, answer_question
from tests.helpers.library_data import PALETTE, colour_folder, run_index
from tests.helpers.synthetic_bundle import build_colour_bundle

ALL = sum(PALETTE.values())


@pytest.fixture(autouse=True)
def _private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("CLIPVIEW_MODEL", raising=False)


@pytest.fixture()
def photos(tmp_path: Path) -> Path:
    colour_folder(tmp_path / "photos")
    return tmp_path / "photos"


def launch_on(qtbot, home: Path, store: QSettings  # type: ignore[no-untyped-def]
              ) -> tuple[MainWindow, Controller, Options]:
    """The app as ``clipview --home HOME`` opens it (its options resolved from the library)."""
    options = resolve(namespace(home=home, device=None))
    window, controller = build(options, store)
    qtbot.addWidget(window)
    window.show()
    return window, controller, options


@pytest.fixture()
def no_model(qtbot, tmp_path: Path, store: QSettings  # type: ignore[no-untyped-def]
             ) -> Iterator[tuple[MainWindow, Controller]]:
    window, controller, options = launch_on(qtbot, tmp_path / "home", store)
    assert options.model is None
    with qtbot.waitSignal(controller.foldersShown, timeout=20000):   # the catalog opened
        start(window, controller, options, store)
    yield window, controller
    controller.shutdown()


def waiting(window: MainWindow, folder: Path) -> bool:
    return any(path == str(folder) and "waiting for a model" in label
               for path, label, _ in sidebar_folders(window))


def test_a_folder_added_before_any_model_waits_then_is_indexed_when_the_download_ends(  # type: ignore[no-untyped-def]
        qtbot, no_model: tuple[MainWindow, Controller], tmp_path: Path, photos: Path) -> None:
    window, controller = no_model
    assert not window.search.isEnabled()
    window.sidebar.addRequested.emit(str(photos))   # Add folder… chose it
    qtbot.waitUntil(lambda: waiting(window, photos), timeout=10000)
    assert "indexed when a model is ready" in window.status.message.text()
    found = overview(tmp_path / "home")   # `clipview status` sees it too
    assert [f.path for f in found.folders] == [str(photos)] and found.images == 0
    build_colour_bundle(tmp_path / "home" / "models" / "colour", name="colour")
    controller.models.show_first_run()
    first_run = controller.models.first_run
    assert first_run is not None
    with qtbot.waitSignal(controller.indexingFinished, timeout=60000):
        first_run.modelReady.emit("colour")   # the download finished
    qtbot.waitUntil(lambda: sidebar_folders(window) == [(str(photos), "photos", str(ALL))],
                    timeout=10000)
    assert window.search.isEnabled()


def test_a_dropped_folder_waits_and_a_model_chosen_in_models_indexes_it(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, photos: Path, store: QSettings) -> None:
    home = tmp_path / "home"
    build_colour_bundle(home / "models" / "colour-a", name="colour-a")
    build_colour_bundle(home / "models" / "colour-b", name="colour-b", dim=24, seed=11)
    window, controller, options = launch_on(qtbot, home, store)
    assert options.model is None and "several models" in (options.problem or "").lower()
    with qtbot.waitSignal(controller.foldersShown, timeout=20000):
        start(window, controller, options, store)
    assert "several models" in window.empty.text().lower()
    drop_urls(window, [photos])
    qtbot.waitUntil(lambda: waiting(window, photos), timeout=10000)
    with qtbot.waitSignal(controller.indexingFinished, timeout=60000):
        controller.models.use("colour-a")   # File ▸ Models…, Use
    qtbot.waitUntil(lambda: sidebar_folders(window) == [(str(photos), "photos", str(ALL))],
                    timeout=10000)
    assert controller.model_info is not None and controller.model_info.name == "colour-a"
    controller.shutdown()


@OFFSCREEN_DIALOG
def test_open_with_a_folder_before_any_model_tracks_it(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, photos: Path, store: QSettings) -> None:
    window, controller, options = launch_on(qtbot, tmp_path / "home", store)
    open_request(classify_args([str(photos)]), window, controller)   # `clipview FOLDER`
    seen: list[str] = []
    answer_question("Index", seen)
    start(window, controller, options, store)
    qtbot.waitUntil(lambda: waiting(window, photos), timeout=10000)
    assert seen and seen[0].startswith("Index this folder?")
    controller.shutdown()


def test_a_model_chosen_for_one_library_is_not_used_for_another(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, colour_bundle: Path, photos: Path, store: QSettings) -> None:
    first, second = tmp_path / "home-a", tmp_path / "home-b"
    window, controller, options = launch_on(qtbot, first, store)
    with qtbot.waitSignal(controller.libraryReady, timeout=20000):
        controller.use_bundle(str(colour_bundle))   # File ▸ Use a model folder…, in A
    controller.shutdown()   # saves the app's settings
    assert load_settings(first).model == str(colour_bundle.resolve())
    assert store.value("model") is None and store.value("device") is None
    window, controller, options = launch_on(qtbot, second, store)   # clipview --home B
    assert options.model is None
    with qtbot.waitSignal(controller.foldersShown, timeout=20000):
        start(window, controller, options, store)
    controller.add_folders([str(photos)])
    qtbot.waitUntil(lambda: waiting(window, photos), timeout=10000)
    assert controller.model_info is None and not (second / "index").exists()
    assert load_settings(second).model is None
    controller.shutdown()


def test_adding_back_a_forgotten_sub_folder_brings_it_back(  # type: ignore[no-untyped-def]
        qtbot, app_window: tuple[MainWindow, Controller], tmp_path: Path,
        colour_bundle: Path, photos: Path) -> None:
    window, controller = app_window
    with qtbot.waitSignal(controller.indexingFinished, timeout=60000):
        controller.add_folders([str(photos)])
    with qtbot.waitSignal(controller.jobDone, timeout=20000,
                          check_params_cb=lambda job: job.kind is JobKind.INDEX):
        controller.session.submit(JobKind.FORGET, lambda library, _token: require(library).forget(
            photos / "set1"))   # as `clipview forget photos/set1` does
        controller.request_indexing()
    kept = sum((count + 1) // 2 for count in PALETTE.values())   # set0: n = 0, 2, …
    qtbot.waitUntil(lambda: sidebar_folders(window)[0][2] == str(kept), timeout=10000)
    with qtbot.waitSignal(controller.indexingFinished, timeout=60000):
        controller.add_folders([str(photos / "set1")])   # Add folder… the sub-folder
    qtbot.waitUntil(lambda: sidebar_folders(window) == [(str(photos), "photos", str(ALL))],
                    timeout=10000)
    controller.shutdown()
    with clipview.open_library(tmp_path / "home", colour_bundle, device="cpu") as library:
        assert library.excludes() == {}
        assert run_index(library).indexed == 0


def test_the_chip_of_a_removed_folder_goes(  # type: ignore[no-untyped-def]
        qtbot, app_window: tuple[MainWindow, Controller], tmp_path: Path) -> None:
    window, controller = app_window
    folders = [tmp_path / "one", tmp_path / "two"]
    for folder, palette in zip(folders, ({"red": 2}, {"blue": 3}), strict=True):
        colour_folder(folder, palette)
    with qtbot.waitSignal(controller.indexingFinished, timeout=60000):
        controller.add_folders([str(f) for f in folders])
    qtbot.waitUntil(lambda: len(sidebar_folders(window)) == 2, timeout=10000)
    with qtbot.waitSignal(controller.resultsShown, timeout=10000):
        window.sidebar.set_scope([str(folders[0])])   # a click on "one"
    assert window.filters.chip(f"folder:{folders[0]}") is not None
    controller.removal.ask = False
    with qtbot.waitSignal(controller.resultsShown, timeout=20000,
                          check_params_cb=lambda shown: shown == 3):
        controller.forget_folder(str(folders[0]))
    assert window.filters.chip(f"folder:{folders[0]}") is None
    assert controller.grid.state.scope == () and window.sidebar.scope() == []
    controller.shutdown()


@OFFSCREEN_DIALOG
def test_a_folder_waiting_for_a_model_can_be_removed_and_put_back(  # type: ignore[no-untyped-def]
        qtbot, no_model: tuple[MainWindow, Controller], tmp_path: Path, photos: Path) -> None:
    window, controller = no_model
    controller.add_folders([str(photos)])
    qtbot.waitUntil(lambda: waiting(window, photos), timeout=10000)
    seen: list[str] = []
    answer_question("Remove", seen)
    with qtbot.waitSignal(controller.jobDone, timeout=20000,
                          check_params_cb=lambda job: job.kind is JobKind.FORGET):
        controller.forget_folder(str(photos))   # Remove… in the sidebar
    assert "nothing was indexed yet" in seen[0] and "0 photos" not in seen[0]
    assert "no library is open" not in window.status.message.text()
    qtbot.waitUntil(lambda: sidebar_folders(window) == [], timeout=10000)
    assert overview(tmp_path / "home").folders == []   # `clipview status` agrees
    with qtbot.waitSignal(controller.jobDone, timeout=20000,
                          check_params_cb=lambda job: job.kind is JobKind.RESTORE):
        window.status.undo.click()
    assert controller.session.running() is None
    qtbot.waitUntil(lambda: waiting(window, photos), timeout=10000)
