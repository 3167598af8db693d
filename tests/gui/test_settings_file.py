"""The app's own settings file (window, thumbnail size, search history) is private: 0600
when it is made, when an older one was 0644, and after the app rewrote it on quitting; a
folder that exists keeps its mode."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths

from clipview.gui.controller import Options
from clipview.gui.launch import build, settings


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture()
def config(tmp_path: Path) -> Iterator[Path]:
    """QSettings("clipview", "clipview") lands in this test's folder (then back)."""
    folder = tmp_path / "config"
    native, user = QSettings.Format.NativeFormat, QSettings.Scope.UserScope
    QSettings.setPath(native, user, str(folder))
    yield folder
    QSettings.setPath(native, user, QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.GenericConfigLocation))


def test_a_new_settings_file_is_private(config: Path) -> None:
    store = settings()
    store.setValue("history", ["the search nobody else should read"])
    store.sync()
    path = Path(store.fileName())
    assert path.parent == config / "clipview" and path.is_file()
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700
    assert "nobody else" in path.read_text(encoding="utf-8")


def test_an_older_file_is_made_private_and_its_folder_kept(config: Path) -> None:
    folder = config / "clipview"
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    path = folder / "clipview.conf"
    path.write_text("[General]\nthumb_size=200\n", encoding="utf-8")
    path.chmod(0o644)
    store = settings()
    assert _mode(path) == 0o600 and _mode(folder) == 0o755
    assert int(str(store.value("thumb_size"))) == 200   # what it held is kept


def test_the_file_the_app_rewrites_on_quitting_stays_private(  # type: ignore[no-untyped-def]
        qtbot, config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    store = settings()
    window, controller = build(Options(tmp_path / "home", None, "auto"), store)
    qtbot.addWidget(window)
    window.search.set_history(["a private search"])
    controller.shutdown()   # saves the geometry and the history, then syncs
    path = Path(store.fileName())
    assert "a private search" in path.read_text(encoding="utf-8")
    assert _mode(path) == 0o600
