"""One rule for the model and device of a run (``core.model_choice``), used by the CLI and
the app alike; and a library opened without a model still tracks folders."""

from __future__ import annotations

from pathlib import Path

import pytest

import clipview
from clipview.core.library.folders import open_shelf
from clipview.core.models.choice import choose_model
from clipview.core.models.settings import SettingsError, settings_path, update_settings
from tests.helpers.library_data import colour_folder, run_index


@pytest.fixture(autouse=True)
def _no_env_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CLIPVIEW_MODEL", raising=False)


def test_the_device_asked_for_wins_auto_included(tmp_path: Path, colour_bundle: Path) -> None:
    update_settings(tmp_path, model=str(colour_bundle), device="cpu")
    assert choose_model(tmp_path).device == "cpu"
    assert choose_model(tmp_path, device="auto").device == "auto"
    assert choose_model(tmp_path).bundle == colour_bundle


def test_the_model_named_wins_and_its_problem_is_the_runs(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         colour_bundle: Path) -> None:
    update_settings(tmp_path, model=str(colour_bundle))
    monkeypatch.setenv("CLIPVIEW_MODEL", str(tmp_path / "gone"))
    from_env = choose_model(tmp_path)
    assert from_env.bundle is None and from_env.named and "does not exist" in str(
        from_env.problem)
    assert choose_model(tmp_path, model=colour_bundle).bundle == colour_bundle


def test_no_model_yet_is_no_error(tmp_path: Path) -> None:
    choice = choose_model(tmp_path / "fresh")
    assert choice.bundle is None and not choice.named and choice.device == "auto"
    assert "none is installed" in str(choice.problem)


def test_a_damaged_settings_file_raises_one_line(tmp_path: Path) -> None:
    settings_path(tmp_path).write_text("[1, 2", encoding="utf-8")
    with pytest.raises(SettingsError, match="not valid JSON"):
        choose_model(tmp_path, device="cpu")
    settings_path(tmp_path).write_text('{"device": "gpu"}', encoding="utf-8")
    with pytest.raises(SettingsError, match="names the device 'gpu'"):
        choose_model(tmp_path)


def test_a_shelf_tracks_folders_that_a_model_indexes_later(tmp_path: Path,
                                                          colour_bundle: Path) -> None:
    made = colour_folder(tmp_path / "photos")
    with open_shelf(tmp_path / "home") as shelf:
        assert shelf.add_folder(tmp_path / "photos" / "set0") == str(tmp_path / "photos" /
                                                                     "set0")
        assert shelf.add_folder(tmp_path / "photos") == str(tmp_path / "photos")
        assert shelf.folders() == [str(tmp_path / "photos")]   # the nested one merged
    with clipview.open_library(tmp_path / "home", colour_bundle, device="cpu") as library:
        assert run_index(library).indexed == sum(len(p) for p in made.values())


def test_adding_a_forgotten_sub_folder_again_brings_it_back(tmp_path: Path,
                                                           colour_bundle: Path) -> None:
    colour_folder(tmp_path / "photos")
    with clipview.open_library(tmp_path / "home", colour_bundle, device="cpu") as library:
        library.add_folder(tmp_path / "photos")
        run_index(library)
        left = library.forget(tmp_path / "photos" / "set1")
        assert left and library.excludes()
        assert library.add_folder(tmp_path / "photos" / "set1") == str(tmp_path / "photos")
        assert library.excludes() == {}
        assert run_index(library).indexed == left
