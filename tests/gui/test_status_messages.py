"""The status bar's message: a search's error goes with that search's next success, a
person's mistake is plain (no "Details…"), and a log no app opens is said as a note."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QDesktopServices, QGuiApplication, QPalette

from clipview.gui.controller import Controller
from clipview.gui.main_window import MainWindow
from clipview.gui.status_panel import ERROR_COLOUR
from tests.gui.test_app import index_folder, search
from tests.helpers.library_data import colour_folder

Window = tuple[MainWindow, Controller]


def _red(window: MainWindow) -> bool:
    colour = window.status.message.palette().color(QPalette.ColorRole.WindowText)
    return bool(colour.name() == ERROR_COLOUR)


def test_a_query_mistake_is_plain_and_the_next_success_clears_it(  # type: ignore[no-untyped-def]
        qtbot, app_window: Window, tmp_path: Path) -> None:
    window, controller = app_window
    colour_folder(tmp_path / "photos")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    window.search.run("red - red")
    qtbot.waitUntil(lambda: "cancel each other out" in window.status.message.text(),
                    timeout=5000)
    status = window.status
    assert not status.details.isVisibleTo(window) and not _red(window)
    assert status.dismiss.isVisibleTo(window)   # kept until mended or dismissed
    search(qtbot, window, controller, "red")
    assert status.message.text() == "" and not status.message.isVisibleTo(window)


def test_a_job_error_is_not_cleared_by_a_search(qtbot, app_window: Window) -> None:  # type: ignore[no-untyped-def]
    window, controller = app_window
    window.status.show_error("Indexing stopped: No space left on device")
    search(qtbot, window, controller, "red")
    assert window.status.message.text() == "Indexing stopped: No space left on device"


def test_a_log_no_app_opens_is_a_plain_note_with_its_path_to_copy(  # type: ignore[no-untyped-def]
        qtbot, app_window: Window, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    window, _ = app_window
    log = tmp_path / "logs" / "clipview.log"
    log.parent.mkdir()
    log.write_text("a traceback\n")
    monkeypatch.setattr("clipview.core.logs.log_file", lambda: log)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toLocalFile()) and False)
    status = window.status
    status.show_error("Indexing failed: boom (details in the log)")
    status.details.click()
    assert opened == [str(log), str(log.parent)]   # the file, then its folder
    assert str(log) in status.message.text() and not _red(window)
    assert not status.details.isVisibleTo(window) and status.copy_path.isVisibleTo(window)
    status.copy_path.click()
    assert QGuiApplication.clipboard().text() == str(log)
