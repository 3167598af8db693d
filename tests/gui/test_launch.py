"""Launch paths: --query, first run without a model, settings kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from clipview.core.models.settings import load_settings, settings_path, update_settings
from clipview.gui.controller import Options
from clipview.gui.launch import build, bundle_problem, resolve, start
from tests.gui.conftest import namespace
from tests.helpers.library_data import colour_folder, colour_of
from tests.helpers.synthetic_bundle import build_colour_bundle


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
    controller.add_folders([str(tmp_path)])   # tracked: tests/gui/test_folders_before_a_model
    assert "indexed when a model is ready" in window.status.message.text()
    controller.shutdown()


def test_bundle_problems_are_explained(tmp_path: Path, colour_bundle: Path) -> None:
    assert bundle_problem(None) == "No model bundle is set up yet."
    assert "does not exist" in (bundle_problem(str(tmp_path / "nope")) or "")
    assert bundle_problem(str(colour_bundle)) is None


def test_options_come_from_args_then_env_then_the_librarys_settings(
        tmp_path: Path, store: QSettings, colour_bundle: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLIPVIEW_MODEL", raising=False)
    store.setValue("model", str(colour_bundle))   # what older versions kept: never used
    store.setValue("device", "cpu")
    assert (resolve(namespace(home=tmp_path, device=None)).model,
            resolve(namespace(home=tmp_path, device=None)).device) == (None, "auto")
    update_settings(tmp_path, model=str(colour_bundle), device="cpu")   # the library's
    remembered = resolve(namespace(home=tmp_path, device=None))
    assert (remembered.model, remembered.device) == (str(colour_bundle), "cpu")
    monkeypatch.setenv("CLIPVIEW_MODEL", str(tmp_path / "env-bundle"))
    from_env = resolve(namespace(home=tmp_path, device=None))
    assert from_env.model is None and "env-bundle" in (from_env.problem or "")
    chosen = resolve(namespace(home=tmp_path, model=colour_bundle, device="auto"))
    assert (chosen.model, chosen.device) == (str(colour_bundle), "auto")   # as the CLI does


def test_a_damaged_settings_file_uses_no_model_and_says_so(tmp_path: Path,
                                                           colour_bundle: Path) -> None:
    build_colour_bundle(tmp_path / "models" / "colour", name="colour")
    settings_path(tmp_path).write_text("{not json", encoding="utf-8")
    options = resolve(namespace(home=tmp_path, device=None))
    assert options.model is None and "not valid JSON" in (options.problem or "")
    settings_path(tmp_path).write_text('{"device": "tpu"}', encoding="utf-8")
    options = resolve(namespace(home=tmp_path, device=None))
    assert options.model is None and "'tpu'" in (options.problem or "")


def test_settings_are_saved(qtbot, app_window, store: QSettings) -> None:  # type: ignore[no-untyped-def]
    window, controller = app_window
    window.zoom.setValue(224)
    window.search.remember("red")
    controller.save_settings()
    assert int(store.value("thumb_size")) == 224
    assert store.value("history") in (["red"], "red")
    assert store.value("model") is None and store.value("device") is None   # the library's
    assert load_settings(controller.options.home).device == "cpu"
