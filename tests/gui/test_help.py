"""The Help menu opens its three dialogs, and they say what they should."""

from __future__ import annotations

import onnxruntime
import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTextBrowser,
)

import clipview
from clipview.gui.help import add_help_menu

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

ABOUT = {"Model": "ViT-B-32 (fp16)", "Device": "CPU", "Library": "/home/me/.local/share/clipview"}


@pytest.fixture()
def window(qtbot) -> QMainWindow:  # type: ignore[no-untyped-def]
    main = QMainWindow()
    qtbot.addWidget(main)
    main.show()
    return main


def _open(qtbot, window: QMainWindow, title: str) -> QDialog:  # type: ignore[no-untyped-def]
    menu = add_help_menu(window, lambda: dict(ABOUT))
    assert menu.title() == "&Help" and menu.menuAction() in window.menuBar().actions()
    action = next(a for a in menu.actions() if a.text().replace("&", "") == title)
    action.trigger()
    dialog = next(d for d in window.findChildren(QDialog) if d.windowTitle() == title)
    qtbot.waitExposed(dialog)
    assert not dialog.isModal()  # the window stays usable beside it
    return dialog


def test_query_syntax_explains_every_form(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, window, "Query syntax")
    text = dialog.findChild(QTextBrowser, "querySyntax").toPlainText()
    for needle in ("beach + sunset - people", "2:dog + cat", "t-shirt", "Double quotes",
                   "~/Pictures/a.jpg + snow", "Drop a photo", "Ctrl+V", "Find similar",
                   "More like this", "Less like this", 'clipview search "beach + sunset'):
        assert needle in text, needle
    dialog.close()
    qtbot.waitUntil(lambda: not window.findChildren(QDialog))  # deleted on close


def test_shortcuts_table_lists_the_keys(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, window, "Keyboard shortcuts")
    table = dialog.findChild(QTableWidget, "shortcuts")
    keys = {table.item(row, 1).text(): table.item(row, 2).text()
            for row in range(table.rowCount()) if table.item(row, 0).text() == "Window"}
    assert set(keys) == {"Ctrl+F", "Enter", "Space", "Arrow keys", "Ctrl+wheel", "Ctrl+C",
                         "Delete", "F5", "Ctrl+Q", "Escape"}
    assert "trash" in keys["Delete"] and "Quit" in keys["Ctrl+Q"]
    assert "Clear the search" in keys["Escape"]
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close).click()
    assert not dialog.isVisible()


def test_about_shows_versions_model_and_device(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, window, "About clipview")
    text = dialog.findChild(QLabel, "about").text()
    assert f"clipview {clipview.__version__}" in text
    for value in ABOUT.values():
        assert value in text
    assert onnxruntime.__version__ in text and "ONNX Runtime" in text
    copy = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Copy")
    copy.click()
    copied = QGuiApplication.clipboard().text()
    assert "Device: CPU" in copied and f"ONNX Runtime: {onnxruntime.__version__}" in copied
    dialog.close()
