"""GUI fixtures: an app window wired to a library on the synthetic colour bundle."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QSettings

from clipview.gui.controller import Controller, Options
from clipview.gui.launch import build, start
from clipview.gui.main_window import MainWindow


@pytest.fixture(autouse=True)
def neutral_locale() -> Iterator[None]:
    """Days and month names as the C locale writes them, whatever the machine's locale (a
    test that wants another sets it with QLocale.setDefault)."""
    QLocale.setDefault(QLocale.c())
    yield
    QLocale.setDefault(QLocale.c())


@pytest.fixture()
def store(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture()
def app_window(qtbot, tmp_path: Path, colour_bundle: Path, store: QSettings,  # type: ignore[no-untyped-def]
               monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[MainWindow, Controller]]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    options = Options(tmp_path / "home", str(colour_bundle), "cpu")
    window, controller = build(options, store)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignals([controller.libraryReady, controller.indexingFinished],
                           timeout=20000):  # opening runs a first (empty) indexing pass
        start(window, controller, options, store)
    yield window, controller
    controller.shutdown()


def namespace(**values: object) -> argparse.Namespace:
    base = {"home": None, "model": None, "device": "auto", "query": None}
    return argparse.Namespace(**{**base, **values})
