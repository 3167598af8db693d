"""Double-click and Enter on a tile open clipview's own viewer; the desktop's default
application is only "Open in default application" in the tile's menu."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from clipview.gui import actions
from tests.gui.test_app import Window, index_folder, search
from tests.helpers.library_data import colour_folder


def test_double_click_and_enter_open_the_viewer(qtbot, app_window: Window, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                monkeypatch) -> None:
    window, controller = app_window
    opened: list[str] = []
    monkeypatch.setattr(actions, "open_file", lambda path: opened.append(path) or False)
    colour_folder(tmp_path / "photos")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    search(qtbot, window, controller, "blue")
    viewer = controller.results.preview
    second = controller.model.result(1)
    assert second is not None
    rect = window.view.visualRect(controller.model.index(1))
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert viewer.isVisible() and viewer.current_result == second
    assert viewer.title.text() == Path(second.path).name
    qtbot.waitUntil(lambda: not viewer.view.source_size().isEmpty(), timeout=10000)
    assert opened == []   # not handed to the desktop
    viewer.close()
    window.view.setCurrentIndex(controller.model.index(0))
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    assert viewer.isVisible() and viewer.current_result == controller.model.result(0)
    assert opened == []
    controller.results.act("open")   # the menu's "Open in default application"
    assert opened == [controller.model.result(0).path]  # type: ignore[union-attr]
    assert "no default application" in window.status.message.text()


def test_the_menu_offers_the_viewer_and_the_default_application(qtbot, app_window: Window  # type: ignore[no-untyped-def]
                                                                ) -> None:
    window, _ = app_window
    labels = [a.text() for a in actions.result_menu(window.view, has_query=False).actions()]
    assert labels.index("View") < labels.index("Open in default application")


def test_the_viewer_opened_by_double_click_takes_the_keyboard(  # type: ignore[no-untyped-def]
        qtbot, app_window: Window, tmp_path: Path) -> None:
    """Right steps at once (it did nothing until a click on ▶: the grid kept the focus)."""
    from PySide6.QtWidgets import QApplication

    window, controller = app_window
    colour_folder(tmp_path / "photos")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    search(qtbot, window, controller, "blue")
    viewer = controller.results.preview
    window.view.setFocus()
    rect = window.view.visualRect(controller.model.index(0))
    qtbot.mouseDClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: QApplication.focusWidget() is viewer.view, timeout=5000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)   # where the keyboard goes
    assert viewer.current_result == controller.model.result(1)
