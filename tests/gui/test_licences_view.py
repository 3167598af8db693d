"""Help ▸ Licences lists what clipview is made of, each with its licence text; the list is
read off the GUI thread (a pip install builds it from importlib.metadata)."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QDialog, QMainWindow, QPlainTextEdit, QTableWidget

from clipview.core.licences import Component, LicenceText
from clipview.gui.help import add_help_menu
from clipview.gui.licences_view import LicencesDialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _open_from_the_menu(qtbot) -> LicencesDialog:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    menu = add_help_menu(window, dict)
    action = next(a for a in menu.actions() if a.text().replace("&", "") == "Licences…")
    action.trigger()
    dialog = next(d for d in window.findChildren(QDialog) if isinstance(d, LicencesDialog))
    qtbot.waitExposed(dialog)
    assert not dialog.isModal()
    return dialog


def test_lists_qt_onnxruntime_and_ffmpeg_with_their_texts(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = _open_from_the_menu(qtbot)
    qtbot.waitUntil(lambda: bool(dialog.pages), timeout=30000)
    names = dialog.component_names()
    for name in ("PySide6_Essentials", "Qt", "FFmpeg", "x264", "libheif", "Python"):
        assert name in names, name
    assert any(name.startswith("onnxruntime") for name in names)
    onnx = next(n for n in names if n.startswith("onnxruntime"))
    assert "ThirdPartyNotices" in dialog.text_of(onnx)
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in dialog.text_of("Qt")
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in dialog.text_of("FFmpeg")
    assert "GNU GENERAL PUBLIC LICENSE" in dialog.text_of("x264")
    table = dialog.findChild(QTableWidget, "licenceComponents")
    text = dialog.findChild(QPlainTextEdit, "licenceText")
    assert table.accessibleName() and text.accessibleName()
    row = names.index("FFmpeg")
    table.selectRow(row)
    assert table.item(row, 2).text() == "LGPL-3.0-or-later"
    assert text.toPlainText().startswith("FFmpeg ") and "pyav-ffmpeg" in text.toPlainText()


def test_the_list_is_read_off_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    threads: list[str] = []

    def lister() -> list[Component]:
        threads.append(threading.current_thread().name)
        return [Component("libexample", "1.2", "MIT", "a test", "native",
                          (LicenceText("MIT", "Permission is hereby granted"),))]

    dialog = LicencesDialog(None, lister)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.listed, timeout=10000) as shown:
        dialog.show()
    assert shown.args == [1]
    assert threads and threads[0] != threading.main_thread().name
    text = dialog.findChild(QPlainTextEdit, "licenceText").toPlainText()
    assert text.startswith("libexample 1.2") and "Permission is hereby granted" in text
    assert "MIT" in dialog.summary.text()   # a pip install: clipview's own licence


def test_a_failure_is_said_in_the_dialog(qtbot) -> None:  # type: ignore[no-untyped-def]
    def lister() -> list[Component]:
        raise OSError("disk gone")

    dialog = LicencesDialog(None, lister)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: "disk gone" in dialog.summary.text(), timeout=10000)
    assert dialog.component_names() == []
