"""What a screen reader is told: every control a person meets in the window and its dialogs
has an accessible name (Qt's own answer, ``QAccessible.queryAccessibleInterface(widget)
.text(Name)``: the accessible name, else a button's text), and a name is words, not a sign
("×", "◀"); the grid's tiles and the folder tree's rows say what they show.

A combo box is the exception Qt makes on Linux: AT-SPI names it by its current item and
takes what it is from its "labelled by" relation (a QLabel whose buddy it is), so that
relation is what is checked for it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QComboBox,
    QDateEdit,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QScrollBar,
    QSpinBox,
    QWidget,
)

from clipview.core.models.store import ModelStore
from clipview.gui.controller import Controller
from clipview.gui.duplicates_view import DuplicatesView
from clipview.gui.first_run import FirstRunDialog
from clipview.gui.help import query_syntax_dialog, shortcuts_dialog
from clipview.gui.main_window import MainWindow
from clipview.gui.models_dialog import ModelsDialog
from clipview.gui.thumbnails import ThumbnailLoader
from tests.gui.test_app import index_folder, search
from tests.gui.test_duplicates_view import _groups
from tests.helpers.library_data import colour_folder

Window = tuple[MainWindow, Controller]
CONTROLS = (QAbstractButton, QLineEdit, QAbstractSlider, QAbstractItemView, QComboBox,
            QSpinBox, QDateEdit, QProgressBar)
WORD = re.compile(r"[^\W\d_]{2}")   # two letters at least: "Remove red.jpg", not "×"

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def spoken_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def label_of(widget: QWidget) -> str:
    """The text of what labels ``widget`` for a screen reader (its buddy labels)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    return " ".join(other.text(QAccessible.Text.Name)
                    for other, _ in interface.relations(QAccessible.RelationFlag.Label))


def shown_controls(root: QWidget) -> list[QWidget]:
    """The controls shown under ``root``. Scroll bars and header views are left out: a
    scroll bar's role says what it is (Qt names none), a header's sections are read as
    the column headers of their table's cells."""
    return [widget for kind in CONTROLS for widget in root.findChildren(kind)
            if not isinstance(widget, QScrollBar | QHeaderView) and widget.isVisibleTo(root)]


def unnamed(root: QWidget) -> list[str]:
    """The controls shown under ``root`` that a screen reader would not name in words."""
    found = []
    for widget in shown_controls(root):
        said = label_of(widget) if isinstance(widget, QComboBox) else spoken_name(widget)
        if not WORD.search(said):
            found.append(f"{type(widget).__name__} {widget.objectName()!r} says {said!r}")
    return found


def controls(root: QWidget) -> int:
    return len(shown_controls(root))


@pytest.fixture()
def searched(qtbot, app_window: Window, tmp_path: Path) -> Window:  # type: ignore[no-untyped-def]
    """The window on an indexed folder, searching "red", scoped to a folder (its chip), with
    a reference photo (its chip), a note in the status bar and text in the search field."""
    window, controller = app_window
    colour_folder(tmp_path / "photos")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    search(qtbot, window, controller, "red")
    first = controller.model.results()[0].path
    with qtbot.waitSignal(controller.resultsShown, timeout=10000):
        controller.grid.add_reference(first, 1)
    window.sidebar.set_scope([str(tmp_path / "photos")])
    qtbot.waitUntil(lambda: bool(window.filters.chips))
    window.status.show_error("Something to dismiss")
    return window, controller


def test_every_control_of_the_window_has_a_name_in_words(searched: Window) -> None:
    window, _ = searched
    assert window.refs.chips and window.filters.chips and window.sort.isVisibleTo(window)
    assert controls(window) >= 15   # the walk sees the window's controls
    assert unnamed(window) == []
    assert spoken_name(window.search) == "Search photos"
    assert spoken_name(window.zoom) == "Thumbnail size"
    assert spoken_name(window.status.dismiss) == "Dismiss the message"
    assert label_of(window.sort) == "order" and label_of(window.zoom) == "zoom"
    chip = window.refs.chips[0]
    assert spoken_name(chip.close_button) == f"Remove {chip.spec.text}"


def test_the_date_popup_names_its_fields_and_calendar_buttons(qtbot, searched: Window) -> None:  # type: ignore[no-untyped-def]
    window, _ = searched
    menu = window.dates.menu()
    menu.popup(window.dates.mapToGlobal(QPoint(0, window.dates.height())))
    qtbot.waitExposed(menu)
    try:
        assert unnamed(menu) == []
        assert [spoken_name(window.dates.first), spoken_name(window.dates.first.picker)] == \
            ["First day", "Pick in a calendar: First day"]
        assert spoken_name(window.dates.last) == "Last day"
    finally:
        menu.hide()


def test_tiles_and_folders_say_what_they_show(searched: Window, tmp_path: Path) -> None:
    window, controller = searched
    model = controller.model
    result = model.results()[0]
    row = model.row_of(result.path)
    assert row is not None
    spoken = str(model.index(row).data(Qt.ItemDataRole.AccessibleTextRole))
    name = Path(result.path).name
    assert spoken.startswith(f"{name}, ") and ", match 0." in spoken
    grid = QAccessible.queryAccessibleInterface(window.view)
    names = [grid.child(i).text(QAccessible.Text.Name) for i in range(grid.childCount())]
    assert spoken in names   # what a screen reader reads out for the tile
    tree = window.sidebar.tree
    folder = tree.topLevelItem(1)
    assert folder.data(0, Qt.ItemDataRole.AccessibleTextRole) == "photos"
    assert folder.data(1, Qt.ItemDataRole.AccessibleTextRole) == f"{folder.text(1)} photos"


def test_browsing_tiles_and_headers_say_their_day_and_count(qtbot, app_window: Window,  # type: ignore[no-untyped-def]
                                                            tmp_path: Path) -> None:
    window, controller = app_window
    colour_folder(tmp_path / "photos", {"red": 2})
    index_folder(qtbot, window, controller, tmp_path / "photos")
    qtbot.waitUntil(lambda: controller.model.shown == 2, timeout=10000)
    model = controller.model
    header_row, header = model.headers()[0]
    assert model.index(header_row).data(Qt.ItemDataRole.AccessibleTextRole) == \
        f"{header.label}, 2 photos"
    tile = str(model.index(header_row + 1).data(Qt.ItemDataRole.AccessibleTextRole))
    assert "match" not in tile and re.search(r", \w+day, \d+ \w+ \d{4}$", tile), tile


def test_the_viewer_names_its_buttons_and_the_photo(qtbot, searched: Window) -> None:  # type: ignore[no-untyped-def]
    window, controller = searched
    window.view.setCurrentIndex(controller.model.index(controller.model.row_of(
        controller.model.results()[0].path) or 0))
    controller.results.show_preview()
    viewer = controller.results.preview
    qtbot.waitExposed(viewer)
    assert unnamed(viewer) == []
    assert [spoken_name(viewer.previous_button), spoken_name(viewer.next_button)] == \
        ["Previous photo", "Next photo"]
    assert spoken_name(viewer.view).startswith("Photo: ")
    viewer.close()


@pytest.fixture()
def parent(qtbot) -> QMainWindow:  # type: ignore[no-untyped-def]
    main = QMainWindow()
    qtbot.addWidget(main)
    return main


def test_the_model_dialogs_name_every_control(qtbot, tmp_path: Path, colour_bundle: Path,  # type: ignore[no-untyped-def]
                                              parent: QMainWindow) -> None:
    store = ModelStore(tmp_path / "home")
    first_run = FirstRunDialog(store, parent, gpu=True)
    first_run.show()
    first_run._set_running(True)   # its progress bar and Cancel as while downloading
    qtbot.waitExposed(first_run)
    assert controls(first_run) >= 5 and unnamed(first_run) == []
    first_run._set_running(False)
    first_run.shutdown()
    list(store.install(str(colour_bundle)))
    store.use("colour")
    models = ModelsDialog(store, parent)
    models.show()
    models.set_state("colour", "colour", 3, 10)   # the build's progress bar shows
    qtbot.waitExposed(models)
    assert controls(models) >= 6 and unnamed(models) == []
    models.shutdown()


def test_the_duplicates_dialog_names_each_remove_box(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    loader = ThumbnailLoader(None)
    try:
        view = DuplicatesView(loader)
        qtbot.addWidget(view)
        view.show()
        view.show_groups(_groups(tmp_path))
        qtbot.waitExposed(view)
        assert unnamed(view) == []
        names = [spoken_name(cell.remove) for cell in view.cells]
        assert names == [f"Remove {Path(cell.photo.path).name}" for cell in view.cells]
        assert len(set(names)) == len(names)   # each box says which photo it takes
    finally:
        loader.shutdown()


@pytest.fixture()
def help_dialogs(qtbot, parent: QMainWindow) -> Iterator[list[QWidget]]:  # type: ignore[no-untyped-def]
    dialogs = [query_syntax_dialog(parent), shortcuts_dialog(parent)]
    for dialog in dialogs:
        dialog.show()
        qtbot.waitExposed(dialog)
    yield list(dialogs)
    for dialog in dialogs:
        dialog.close()


def test_the_help_dialogs_name_their_text_and_table(help_dialogs: list[QWidget]) -> None:
    for dialog in help_dialogs:
        assert unnamed(dialog) == []

