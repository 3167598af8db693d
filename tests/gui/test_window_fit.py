"""The window on a small screen, the app's own words for a missing model, counted folders,
and the grid's Delete shown in the Edit menu."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication

from clipview.gui.controller import Controller
from clipview.gui.launch import resolve
from clipview.gui.main_window import MainWindow
from clipview.gui.thumbnails import ThumbnailLoader
from tests.gui.conftest import namespace
from tests.gui.test_app import index_folder
from tests.helpers.library_data import colour_folder

Window = tuple[MainWindow, Controller]
DEFAULT_SIZE = QSize(1200, 800)   # the window's size when nothing was saved
FRAME_ROOM = QSize(16, 64)        # room left for a window manager's border and title bar


def available() -> QRect:
    screen = QGuiApplication.primaryScreen()
    assert screen is not None
    return screen.availableGeometry()


def test_the_default_window_fits_the_screen(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    area = available()
    assert area.height() < DEFAULT_SIZE.height() + FRAME_ROOM.height()   # a small screen
    window = MainWindow(ThumbnailLoader(tmp_path / "thumbs"))
    qtbot.addWidget(window)
    assert window.width() + FRAME_ROOM.width() <= area.width()
    assert window.height() + FRAME_ROOM.height() <= area.height()   # the status bar shows


def test_a_restored_window_off_the_screen_comes_back(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    area = available()
    old = MainWindow(ThumbnailLoader(tmp_path / "thumbs"))
    qtbot.addWidget(old)
    old.setGeometry(area.right() + 500, area.bottom() + 500, 1500, 1000)  # another screen once
    window = MainWindow(ThumbnailLoader(tmp_path / "thumbs"))
    qtbot.addWidget(window)
    window.restore_geometry(old.saveGeometry())
    outer = QRect(window.pos(), window.size() + FRAME_ROOM)
    assert area.contains(outer), (outer, area)


def test_no_model_is_said_with_the_apps_menus(tmp_path: Path) -> None:
    options = resolve(namespace(home=tmp_path, device=None))
    assert options.model is None and options.problem == "No model is installed yet."
    for name in ("alpha", "beta"):
        (tmp_path / "models" / name).mkdir(parents=True)
        (tmp_path / "models" / name / "config.json").write_text("{}")
    several = resolve(namespace(home=tmp_path, device=None)).problem
    assert several is not None and "File ▸ Models…" in several and "clipview" not in several


def test_folders_are_counted_in_words(qtbot, app_window: Window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, controller = app_window
    colour_folder(tmp_path / "a")
    controller.add_folders([str(tmp_path / "a")])
    assert window.status.message.text() == "1 folder will be indexed"
    qtbot.waitSignal(controller.indexingFinished, timeout=30000).wait()


def test_delete_in_the_grid_is_the_edit_menus_move_to_trash(qtbot, app_window: Window,  # type: ignore[no-untyped-def]
                                                            tmp_path: Path) -> None:
    window, controller = app_window
    assert window.trash_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Delete)
    colour_folder(tmp_path / "photos")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    qtbot.waitUntil(lambda: controller.grid.settled and controller.model.shown > 0)
    asked: list[str] = []
    controller.results.ask = True
    controller.results._confirm_trash = lambda paths: asked.extend(paths) and False  # type: ignore[method-assign]
    window.activateWindow()
    window.view.setFocus()
    window.view.setCurrentIndex(controller.model.index(1))
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert len(asked) == 1   # once: the menu's shortcut and the grid's key are one
    window.search.setFocus()
    window.search.setText("red")
    qtbot.keyClick(window.search, Qt.Key.Key_Home)
    qtbot.keyClick(window.search, Qt.Key.Key_Delete)   # in the field Delete deletes text
    assert window.search.text() == "ed" and len(asked) == 1
    QApplication.processEvents()
