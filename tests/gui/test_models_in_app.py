"""Models in the app: switching in the Models dialog builds the new model's vectors in the
background while search goes on, then reopens with it; the first run offers a download and
never blocks the window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from clipview.core.library.model_switch import switch_state
from clipview.core.models.library_models import LibraryModels
from clipview.gui.controller import Options
from clipview.gui.jobs import JobKind
from clipview.gui.launch import build, start
from tests.gui.test_app import index_folder, search, shown_colours
from tests.helpers.library_data import PALETTE, colour_folder
from tests.helpers.synthetic_bundle import build_colour_bundle


@pytest.fixture()
def two_models(tmp_path: Path, tokenizer_dir: Path) -> Path:
    home = tmp_path / "home"
    build_colour_bundle(home / "models" / "colour-a", name="colour-a")
    build_colour_bundle(home / "models" / "colour-b", name="colour-b", dim=24, seed=11)
    return home


def test_switching_in_the_models_dialog_keeps_search_working(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, two_models: Path, store: QSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    colour_folder(tmp_path / "photos")
    options = Options(two_models, str(two_models / "models" / "colour-a"), "cpu")
    window, controller = build(options, store)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignals([controller.libraryReady, controller.indexingFinished],
                           timeout=20000):
        start(window, controller, options, store)
    index_folder(qtbot, window, controller, tmp_path / "photos")
    assert switch_state(LibraryModels(two_models)).model == "colour-a"
    window.models_action.trigger()
    dialog = controller.models.dialog
    assert dialog is not None and dialog.isVisible()
    window.status.pause.setChecked(True)   # hold the build to search while it runs
    with qtbot.waitSignal(controller.jobDone, timeout=20000,
                          check_params_cb=lambda job: job.kind is JobKind.SWITCH):
        dialog.useRequested.emit("colour-b")
    qtbot.waitUntil(lambda: any(j.kind is JobKind.BUILD for j in controller.session.jobs()),
                    timeout=20000)
    search(qtbot, window, controller, "red")            # answered by colour-a meanwhile
    assert shown_colours(controller)[:4] == ["red"] * 4
    assert controller.model_info is not None and controller.model_info.name == "colour-a"
    asked = controller.grid.request
    with qtbot.waitSignal(controller.libraryReady, timeout=60000):
        window.status.pause.setChecked(False)          # the build completes: reopened
    assert controller.model_info is not None and controller.model_info.name == "colour-b"
    qtbot.waitUntil(lambda: controller.grid.settled and controller.grid.answered > asked,
                    timeout=10000)   # the results shown are asked again of the new model
    assert shown_colours(controller)[:4] == ["red"] * 4 and window.search.text() == "red"
    assert switch_state(LibraryModels(two_models)).model == "colour-b"
    assert switch_state(LibraryModels(two_models)).target is None
    search(qtbot, window, controller, "blue")
    assert shown_colours(controller)[:4] == ["blue"] * 4
    assert len(controller.model.results()) == sum(PALETTE.values())
    controller.shutdown()


def test_first_run_offers_a_download_without_blocking(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                      store: QSettings) -> None:
    options = Options(tmp_path / "home", None, "auto")
    window, controller = build(options, store)
    qtbot.addWidget(window)
    window.show()
    start(window, controller, options, store)
    controller.models.show_first_run()
    first_run = controller.models.first_run
    assert first_run is not None and first_run.isVisible() and not first_run.isModal()
    assert "Download a model" in window.empty.text()
    assert window.sidebar.isEnabled()   # browsing the window goes on
    controller.shutdown()
