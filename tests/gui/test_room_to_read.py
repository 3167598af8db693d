"""At a 1200 px window every part of the sidebar and the status bar can be read (issue 17,
item 10): folder names are whole (cut at the end only when there is no room), a folder's note
is beside its name, not in it; the status bar's parts all fit; passing notes go by
themselves, errors stay."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QPushButton,
    QStyleOptionViewItem,
    QWidget,
)

from clipview.core.progress import Phase, Progress
from clipview.gui.controller import Controller
from clipview.gui.main_window import MainWindow
from clipview.gui.sidebar import STATE, FolderSidebar, _walk
from clipview.gui.status_panel import ElidedLabel

Window = tuple[MainWindow, Controller]
NAMES = ["amsterdam conference", "mountains in spain", "Colors offline test",
         "Photos 2021 family", "Pictures"]


def drawn_names(sidebar: FolderSidebar) -> dict[str, tuple[str, str]]:
    """Each row's name and note as the sidebar's delegate draws them."""
    tree = sidebar.tree
    drawn = {}
    for item in _walk(tree):
        index = tree.indexFromItem(item, 0)
        option = QStyleOptionViewItem()
        option.initFrom(tree)
        option.rect = tree.visualRect(index)
        option.widget = tree
        name, _, note, _ = sidebar.names.layout(option, index)
        drawn[item.text(0)] = (name, note)
    return drawn


def settle(qtbot, window: QWidget, width: int = 1200) -> None:  # type: ignore[no-untyped-def]
    window.resize(width, 800)
    window.show()
    qtbot.waitExposed(window)
    QApplication.processEvents()


def test_folder_names_are_whole_at_1200_px(qtbot, app_window: Window,  # type: ignore[no-untyped-def]
                                           tmp_path: Path) -> None:
    window, _ = app_window
    settle(qtbot, window)
    sidebar = FolderSidebar()   # as wide as the window's at 1200 px, with folders of its own
    qtbot.addWidget(sidebar)
    folders = [{"path": str(tmp_path / name), "images": 1234, "skipped": 0}
               for name in NAMES]
    folders[2].update(offline=True, skipped=3)
    sidebar.show_folders(folders, {str(tmp_path / NAMES[0] / "day one"): 600})
    sidebar.set_indexing(True, str(tmp_path / NAMES[1] / "a.jpg"))
    settle(qtbot, sidebar, window.sidebar.width())
    sidebar.tree.expandAll()   # sub-folders too
    drawn = drawn_names(sidebar)
    assert drawn["amsterdam conference"] == ("amsterdam conference", "")
    assert drawn["mountains in spain"] == ("mountains in spain", "indexing")
    assert drawn["Colors offline test"][0] == "Colors offline test"
    assert all(name == shown for name, (shown, _) in drawn.items()), sorted(drawn.items())
    notes = {item.text(0): item.data(0, STATE) for item in _walk(sidebar.tree)}
    assert notes["Colors offline test"] == "offline, 3 skipped"
    assert [n for n, note in notes.items() if note == "indexing"] == ["mountains in spain"]
    counts = sidebar.tree.topLevelItem(1)
    assert counts is not None and counts.text(1) == "1234"
    settle(qtbot, sidebar, 130)   # really no room: cut in the middle, its start and end kept
    cut = drawn_names(sidebar)["amsterdam conference"][0]
    assert cut != "amsterdam conference" and "…" in cut and not cut.endswith("…")
    start, end = cut.split("…")
    assert "amsterdam conference".startswith(start) and "amsterdam conference".endswith(end)


def test_the_status_bar_fits_its_parts_at_1200_px(qtbot, app_window: Window) -> None:  # type: ignore[no-untyped-def]
    window, _ = app_window
    status = window.status
    status.show_model("ViT-B-32 laion2b_s34b_b79k", "cpu", "")
    status.watching.setText("watching 5 folders")
    status.show_count("160 photos")
    status.show_progress(Progress(Phase.ENCODING, 160, 510, 12.3, 28.0, "/a/b.jpg", 3))
    status.show_message("5 folders will be indexed")
    settle(qtbot, window)
    bar = window.statusBar()
    assert bar.geometry().right() <= window.width()
    for label in bar.findChildren(QLabel):
        if label.isVisible() and label.text():
            shown = label.shown_text() if isinstance(label, ElidedLabel) else label.text()
            room = label.contentsRect().width()
            assert shown == label.text() and label.fontMetrics().horizontalAdvance(
                label.text()) <= room, (label.text(), room)
            assert label.geometry().right() <= bar.width()
    for button in bar.findChildren(QPushButton):
        if button.isVisible():
            assert button.width() >= button.minimumSizeHint().width(), button.text()
    status.show_error("The photo could not be read: " + "a very long reason " * 20)
    QApplication.processEvents()
    assert status.message.shown_text().endswith("…")   # cut at its end, whole in the tooltip
    assert status.message.toolTip() == status.message.text()
    assert status.model.contentsRect().width() >= status.model.fontMetrics().horizontalAdvance(
        status.model.text())


def test_notes_expire_errors_stay(qtbot, app_window: Window) -> None:  # type: ignore[no-untyped-def]
    window, _ = app_window
    status = window.status
    status.note_ms = 50
    status.show_message("Rescanning your folders…")
    assert status.message.isVisibleTo(window)
    qtbot.waitUntil(lambda: not status.message.isVisibleTo(window), timeout=2000)
    assert status.message.text() == ""
    status.show_message("a note")
    status.show_error("The folder is gone")
    assert not status.expiry.isActive()   # nothing will take the error away
    assert status.details.isVisibleTo(window) and status.dismiss.isVisibleTo(window)
    status.dismiss.click()
    assert not status.message.isVisibleTo(window)


def test_the_status_bar_text_keeps_off_the_window_edge(qtbot, app_window: Window) -> None:  # type: ignore[no-untyped-def]
    """The last permanent part ("No model", the model's name) ended at the window's edge."""
    window, _ = app_window
    settle(qtbot, window)
    bar, model = window.statusBar(), window.status.model
    text_end = model.geometry().x() + model.contentsRect().right()
    assert bar.width() - 1 - text_end >= 6, (bar.width(), text_end)
