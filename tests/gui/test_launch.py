"""Launch paths: --query, first run without a model, settings kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from clipview.gui.controller import Options
from clipview.gui.launch import build, bundle_problem, resolve, start
from tests.gui.conftest import namespace
from tests.helpers.library_data import colour_folder, colour_of


def test_query_option_runs_the_search(qtbot, tmp_path: Path, colour_bundle: Path,  # type: ignore[no-untyped-def]
                                      store: QSettings) -> None:
    import clipview

    colour_folder(tmp_path / "photos")
    with clipview.open_library(tmp_path / "home", colour_bundle, device="cpu") as library:
        library.add_folder(tmp_path / "photos")
        for _ in library.index():
            pass
    options = Options(tmp_path / "home", str(colour_bundle), "cpu", "black")
    window, controller = build(options, store)
    qtbot.addWidget(window)
    with qtbot.waitSignal(controller.resultsShown, timeout=20000):
        start(window, controller, options, store)
    assert window.search.text() == "black"
    assert [colour_of(r.path) for r in controller.model.results()[:2]] == ["black"] * 2
    controller.shutdown()


def test_without_a_model_the_app_opens_and_says_why(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                    store: QSettings) -> None:
    options = Options(tmp_path / "home", None, "auto")
    window, controller = build(options, store)
    qtbot.addWidget(window)
    window.show()
    start(window, controller, options, store)
    assert not window.search.isEnabled()
    assert "No model bundle" in window.empty.text() and window.empty.isVisible()
    controller.add_folders([str(tmp_path)])
    assert "model bundle first" in window.status.message.text()
    controller.shutdown()


def test_bundle_problems_are_explained(tmp_path: Path, colour_bundle: Path) -> None:
    assert bundle_problem(None) == "No model bundle is set up yet."
    assert "does not exist" in (bundle_problem(str(tmp_path / "nope")) or "")
    assert bundle_problem(str(colour_bundle)) is None


def test_options_come_from_args_then_env_then_settings(tmp_path: Path, store: QSettings,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLIPVIEW_MODEL", raising=False)
    store.setValue("model", "/stored/bundle")
    store.setValue("device", "cpu")
    assert resolve(namespace(home=tmp_path), store).model == "/stored/bundle"
    assert resolve(namespace(home=tmp_path), store).device == "cpu"
    monkeypatch.setenv("CLIPVIEW_MODEL", "/env/bundle")
    assert resolve(namespace(home=tmp_path), store).model == "/env/bundle"
    chosen = resolve(namespace(home=tmp_path, model=Path("/arg"), device="cuda"), store)
    assert (chosen.model, chosen.device) == ("/arg", "cuda")


def test_settings_are_saved(qtbot, app_window, store: QSettings) -> None:  # type: ignore[no-untyped-def]
    window, controller = app_window
    window.zoom.setValue(224)
    window.search.remember("red")
    controller.save_settings()
    assert int(store.value("thumb_size")) == 224
    assert store.value("history") in (["red"], "red")
    assert store.value("model")
