"""The app against the synthetic colour bundle, driven as a person would (offscreen)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from clipview.gui.controller import Controller, Options
from clipview.gui.launch import build, start
from clipview.gui.main_window import MainWindow
from clipview.gui.sidebar import shown_label
from tests.helpers.library_data import PALETTE, colour_folder, colour_of
from tests.helpers.synthetic_bundle import colour_photo

Window = tuple[MainWindow, Controller]


def drop_urls(target, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    """A drag enters ``target`` and drops file URLs on it (Qt delivers no synthetic drop
    events without a real drag, so the handlers are called as Qt would call them)."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    target.dragEnterEvent(enter)
    assert enter.isAccepted(), "the widget refused the drag"
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    target.dropEvent(drop)
    assert drop.isAccepted()


def open_window(qtbot, options: Options, store: QSettings) -> Window:  # type: ignore[no-untyped-def]
    """The app's window on ``options``, shown, once its library is open (libraryReady)."""
    window, controller = build(options, store)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(controller.libraryReady, timeout=20000):
        start(window, controller, options, store)
    return window, controller


def index_folder(qtbot, window: MainWindow, controller: Controller, folder: Path) -> None:  # type: ignore[no-untyped-def]
    """Drop ``folder``, wait for its indexing and for the timeline's catch-up that follows
    (else a test's next resultsShown may be that browse answer, not its search's)."""
    with qtbot.waitSignal(controller.indexingFinished, timeout=60000):
        drop_urls(window, [folder])
    qtbot.waitUntil(lambda: controller.grid.settled, timeout=10000)


def sidebar_folders(window: MainWindow) -> list[tuple[str, str, str]]:
    """(path, label, photo count) of each tracked folder in the sidebar's tree."""
    tree = window.sidebar.tree
    items = [tree.topLevelItem(i) for i in range(1, tree.topLevelItemCount())]
    return [(str(i.data(0, Qt.ItemDataRole.UserRole)), shown_label(i), i.text(1)) for i in items]


def search(qtbot, window: MainWindow, controller: Controller, text: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(controller.resultsShown, timeout=10000):
        window.search.run(text)


def shown_colours(controller: Controller) -> list[str]:
    return [colour_of(r.path) for r in controller.model.results()]


def test_dropping_a_folder_indexes_it_and_typing_searches(qtbot, app_window: Window,  # type: ignore[no-untyped-def]
                                                          tmp_path: Path) -> None:
    window, controller = app_window
    colour_folder(tmp_path / "photos")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    expected = [(str(tmp_path / "photos"), "photos", str(sum(PALETTE.values())))]
    qtbot.waitUntil(lambda: sidebar_folders(window) == expected, timeout=10000)
    with qtbot.waitSignal(controller.resultsShown, timeout=10000):
        qtbot.keyClicks(window.search, "red")
    colours = shown_colours(controller)
    assert colours[:4] == ["red"] * 4 and colours[4:6] == ["dark red"] * 2
    scores = [r.score for r in controller.model.results()]
    assert scores == sorted(scores, reverse=True)
    assert "results" in window.status.results.text()


def test_right_click_find_similar(qtbot, app_window: Window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, controller = app_window
    colour_folder(tmp_path / "photos")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    search(qtbot, window, controller, "blue")
    red_row = 0
    search(qtbot, window, controller, "red")
    window.view.setCurrentIndex(controller.model.index(red_row))
    with qtbot.waitSignal(controller.resultsShown, timeout=10000):
        controller.results.act("similar")
    assert shown_colours(controller)[:3] == ["red"] * 3
    assert controller.model.result(0).path != ""  # type: ignore[union-attr]


def test_context_menu_offers_the_actions(qtbot, app_window: Window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from clipview.gui.actions import result_menu

    window, _ = app_window
    menu = result_menu(window.view, has_query=True)
    labels = [a.text() for a in menu.actions() if a.text()]
    assert labels == ["Find similar", "More like this", "Less like this", "View",
                      "Open in default application",
                      "Show in folder", "Copy path", "Copy image", "Move to trash…"]


def test_dropping_an_image_on_the_search_field(qtbot, app_window: Window,  # type: ignore[no-untyped-def]
                                               tmp_path: Path) -> None:
    window, controller = app_window
    colour_folder(tmp_path / "photos")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    query = colour_photo(tmp_path / "elsewhere" / "probe.png", "green", seed=77)
    with qtbot.waitSignal(controller.resultsShown, timeout=10000):
        drop_urls(window.search, [query])
    assert window.refs.texts() == ["probe.png"]   # a reference chip, not a raw path
    assert window.search.text() == ""
    assert shown_colours(controller)[:4] == ["green"] * 4


def test_more_and_less_like_this_refine_the_query(qtbot, app_window: Window,  # type: ignore[no-untyped-def]
                                                  tmp_path: Path) -> None:
    window, controller = app_window
    photos = colour_folder(tmp_path / "photos")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    search(qtbot, window, controller, "red")
    blue_row = next(i for i, r in enumerate(controller.model.results())
                    if colour_of(r.path) == "blue")
    window.view.setCurrentIndex(controller.model.index(blue_row))
    with qtbot.waitSignal(controller.resultsShown, timeout=10000):
        controller.results.act("more")
    assert window.search.text() == "red"   # the text stays; the photo is a chip beside it
    assert len(window.refs.chips) == 1 and " + " in controller.query
    assert shown_colours(controller)[:2] == ["magenta", "magenta"]
    assert photos


def test_sort_cutoff_zoom_and_copy(qtbot, app_window: Window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, controller = app_window
    colour_folder(tmp_path / "photos")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    search(qtbot, window, controller, "red")
    total = controller.model.rowCount()
    window.cutoff.setValue(99)
    assert controller.model.rowCount() == 4 < total
    window.cutoff.setValue(0)
    window.sort.setCurrentIndex(1)
    dates = [r.taken_at for r in controller.model.results()]
    assert dates == sorted(dates, reverse=True)
    window.resize(1200, 800)   # the app fits its first size to the screen (offscreen: 800x600)
    qtbot.waitUntil(lambda: window.view.available_width() > 3 * 256)
    window.zoom.setValue(256)
    assert window.view.cell == 256 and controller.model.cell == 256
    assert abs(window.view.iconSize().width() - 256) < 256 // 2
    first = next(row for row in range(controller.model.rowCount())
                 if controller.model.result(row) is not None)   # row 0 is a date header
    assert first == 1 and controller.model.result(0) is None
    window.view.setCurrentIndex(controller.model.index(first))
    window.copy_action.trigger()
    assert QApplication.clipboard().text() == controller.model.result(first).path  # type: ignore[union-attr]


def test_pause_and_cancel(qtbot, app_window: Window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, controller = app_window
    colour_folder(tmp_path / "photos", {c: 60 for c in PALETTE})
    window.status.pause.setChecked(True)  # paused before it starts: the first batch waits
    with qtbot.waitSignal(controller.progressShown, timeout=20000,
                          check_params_cb=lambda p: p.phase == "paused"):
        drop_urls(window, [tmp_path / "photos"])
    assert window.status.pause.text() == "Resume"
    with qtbot.waitSignal(controller.indexingFinished, timeout=30000) as finished:
        window.status.cancel.click()
    summary = finished.args[0]
    assert summary.cancelled and summary.indexed < 60 * len(PALETTE)
    assert "cancelled" in window.status.indexing.text().lower()


def test_results_model_passes_qtmodeltester(qtmodeltester, app_window: Window,  # type: ignore[no-untyped-def]
                                            qtbot, tmp_path: Path) -> None:
    window, controller = app_window
    colour_folder(tmp_path / "photos")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    search(qtbot, window, controller, "yellow")
    qtmodeltester.check(controller.model)


def test_context_menu_position_maps_to_a_row(qtbot, app_window: Window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, controller = app_window
    colour_folder(tmp_path / "photos")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    search(qtbot, window, controller, "red")
    rect = window.view.visualRect(controller.model.index(1))
    assert window.view.indexAt(QPoint(rect.center())).row() == 1
