"""Browse mode, scope and filter chips, the grid's geometry, safe removal, honest counts,
history and reference chips — driven through the real window (offscreen)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtCore import QRect, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from clipview.gui.controller import Controller
from clipview.gui.date_sections import Header
from clipview.gui.jobs import JobKind
from clipview.gui.main_window import MainWindow
from clipview.gui.results_model import HEADER_ROLE
from tests.gui.test_app import index_folder, search, shown_colours
from tests.helpers.library_data import PALETTE, colour_folder

Window = tuple[MainWindow, Controller]
TOTAL = sum(PALETTE.values())


def dated_folder(root: Path) -> dict[str, list[Path]]:
    """Colour photos whose file times spread over three months of 2021 (no EXIF dates)."""
    made = colour_folder(root)
    for n, path in enumerate(sorted(p for paths in made.values() for p in paths)):
        month = 4 + n % 3
        stamp = datetime(2021, month, 1 + n % 20, 12).timestamp()
        os.utime(path, (stamp, stamp))
    return made


def grid_headers(controller: Controller) -> list[Header]:
    return [h for _, h in controller.model.headers()]


def wait_browse(qtbot, controller: Controller, count: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: controller.model.mode == "browse"
                    and controller.model.shown == count, timeout=15000)


def test_browse_mode_shows_the_library_in_date_sections(qtbot, app_window: Window,  # type: ignore[no-untyped-def]
                                                        tmp_path: Path) -> None:
    window, controller = app_window
    dated_folder(tmp_path / "photos")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    wait_browse(qtbot, controller, TOTAL)
    assert [h.label for h in grid_headers(controller)] == ["June 2021", "May 2021", "April 2021"]
    assert sum(h.count for h in grid_headers(controller)) == TOTAL
    dates = [r.taken_at for r in controller.model.results()]
    assert dates == sorted(dates, reverse=True)
    assert window.status.results.text() == f"{TOTAL} photos"
    assert not window.empty.isVisible()
    assert window.jump.isEnabled()
    # typing switches to results, clearing the box returns to browsing
    search(qtbot, window, controller, "red")
    assert controller.model.mode == "results" and shown_colours(controller)[0] == "red"
    with qtbot.waitSignal(controller.resultsShown, timeout=10000):
        window.search.selectAll()
        qtbot.keyClick(window.search, Qt.Key.Key_Backspace)
    assert controller.model.mode == "browse" and controller.model.shown == TOTAL


def test_scope_chips_and_all_photos(qtbot, app_window: Window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, controller = app_window
    colour_folder(tmp_path / "a")
    colour_folder(tmp_path / "b", {"blue": 3})
    index_folder(qtbot, window, controller, tmp_path / "a")
    index_folder(qtbot, window, controller, tmp_path / "b")
    qtbot.waitUntil(lambda: window.sidebar.tree.topLevelItemCount() == 3, timeout=10000)
    wait_browse(qtbot, controller, TOTAL + 3)
    def folder_b():  # type: ignore[no-untyped-def]
        tree = window.sidebar.tree   # found again each time: refreshes rebuild the tree
        return next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                    if tree.topLevelItem(i).text(0).startswith("b"))

    with qtbot.waitSignal(controller.resultsShown, timeout=10000):
        window.sidebar.tree.setCurrentItem(folder_b())   # a click on the folder
    assert controller.model.shown == 3
    assert window.filters.isVisibleTo(window) and window.filters.texts() == ["b"]
    assert not window.filters.chips[0].image.pixmap().isNull()   # a folder icon, no emoji
    search(qtbot, window, controller, "red")   # the scope holds for searches too
    assert all(r.path.startswith(str(tmp_path / "b")) for r in controller.model.results())
    # the scope never changes by itself: a folder refresh and an index run keep it
    with qtbot.waitSignal(controller.indexingFinished, timeout=20000):
        controller.rescan()
    qtbot.waitUntil(lambda: controller.model.shown == 3, timeout=10000)
    assert window.sidebar.scope() == [str(tmp_path / "b")]
    # removing the chip (or clicking All photos) goes back to everything
    with qtbot.waitSignal(controller.resultsShown, timeout=10000):
        window.filters.chips[0].close_button.click()
    assert window.sidebar.scope() == [] and not window.filters.isVisibleTo(window)
    assert window.sidebar.tree.topLevelItem(0).isSelected()   # "All photos"
    with qtbot.waitSignal(controller.resultsShown, timeout=10000):
        window.sidebar.tree.setCurrentItem(folder_b())
    with qtbot.waitSignal(controller.resultsShown, timeout=10000):
        window.sidebar.tree.setCurrentItem(window.sidebar.tree.topLevelItem(0))
    assert window.sidebar.scope() == []


def _mixed_aspect_folder(root: Path) -> None:
    rng = np.random.default_rng(3)
    for n, (w, h) in enumerate([(300, 100), (100, 300), (200, 200), (640, 360), (90, 160),
                                (500, 120), (120, 500), (333, 222)] * 3):
        pixels = rng.integers(0, 255, (h, w, 3), dtype=np.uint8)
        root.mkdir(parents=True, exist_ok=True)
        Image.fromarray(pixels).save(root / f"shape_{n:02d}_with_a_rather_long_name.png")


def test_tiles_never_overlap_and_labels_stay_inside(qtbot, app_window: Window,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path) -> None:
    window, controller = app_window
    _mixed_aspect_folder(tmp_path / "shapes")
    index_folder(qtbot, window, controller, tmp_path / "shapes")
    wait_browse(qtbot, controller, 24)
    window.resize(800, 560)
    window.labels_action.setChecked(True)
    for zoom in (64, 160, 300):
        window.zoom.setValue(zoom)
        qtbot.waitUntil(lambda: _laid_out(window, controller), timeout=5000)
        view = window.view
        tiles = [view.visualRect(controller.model.index(row))
                 for row in range(controller.model.rowCount())
                 if controller.model.index(row).data(HEADER_ROLE) is None]
        assert len({(r.width(), r.height()) for r in tiles}) == 1, "tiles are squares of one size"
        side = tiles[0].width()
        assert side >= 0.8 * min(zoom, view.viewport().width())
        for i, a in enumerate(tiles):
            assert a.width() == a.height()
            for b in tiles[i + 1:]:
                assert not a.intersects(b), f"tiles overlap at zoom {zoom}"
        rows: dict[int, list[QRect]] = {}
        for rect in tiles:
            rows.setdefault(rect.top(), []).append(rect)
        full = [r for r in rows.values() if len(r) == view.columns]
        assert full, "at least one full row"
        right = max(r.right() for r in full[0])
        assert view.viewport().width() - right < side, "a full row spans the grid"
        label = QRect(0, 0, side, 20)
        for rect in tiles:   # the file name band is drawn inside its own tile
            band = label.translated(rect.left(), rect.bottom() - 19)
            assert rect.contains(band)


def _laid_out(window: MainWindow, controller: Controller) -> bool:
    index = controller.model.index(controller.model.rowCount() - 1)
    rect = window.view.visualRect(index)
    return rect.width() == window.view.tile and rect.isValid()


def test_remove_asks_and_can_be_undone(qtbot, app_window: Window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, controller = app_window
    colour_folder(tmp_path / "photos")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    wait_browse(qtbot, controller, TOTAL)
    path = str(tmp_path / "photos")
    asked: list[str] = []

    def answer(button: str) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        asked.append(box.informativeText())
        next(b for b in box.buttons() if b.text() == button).click()

    window.sidebar.set_indexing(True)   # counts about to change are not quoted
    QTimer.singleShot(50, lambda: answer("Cancel"))
    controller.forget_folder(path)
    window.sidebar.set_indexing(False)
    assert asked and asked[0].startswith("Its photos leave the library")
    controller.session.refresh_folders()   # the folder list after indexing brings the count
    qtbot.waitUntil(lambda: window.sidebar.count_of(path) == TOTAL, timeout=10000)
    QTimer.singleShot(50, lambda: answer("Cancel"))
    controller.forget_folder(path)
    assert f"Its {TOTAL} photos leave" in asked[1] and "vectors" in asked[1]
    assert controller.session.jobs() == []   # cancelled: nothing queued
    QTimer.singleShot(50, lambda: answer("Remove"))
    with qtbot.waitSignal(controller.jobDone, timeout=20000,
                          check_params_cb=lambda job: job.kind is JobKind.FORGET):
        controller.forget_folder(path)
    qtbot.waitUntil(lambda: controller.model.shown == 0, timeout=10000)
    assert window.status.undo.isVisibleTo(window)
    with qtbot.waitSignal(controller.jobDone, timeout=20000,
                          check_params_cb=lambda job: job.kind is JobKind.RESTORE):
        window.status.undo.click()
    wait_browse(qtbot, controller, TOTAL)
    search(qtbot, window, controller, "red")   # vectors came back: no re-encoding needed
    assert shown_colours(controller)[:4] == ["red"] * 4


def test_counts_match_the_tiles(qtbot, app_window: Window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, controller = app_window
    colour_folder(tmp_path / "photos")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    search(qtbot, window, controller, "red")
    window.cutoff.setValue(99)
    shown = controller.model.rowCount()
    assert shown == controller.model.shown == 4
    assert window.status.results.text().startswith(f"{shown} results")
    assert "score ≥ 0.99" in window.filters.texts()
    window.cutoff.setValue(0)
    window.best_only.setChecked(True)
    assert controller.model.shown == controller.model.rowCount() < TOTAL
    assert window.status.results.text().startswith(f"{controller.model.shown} results")


def test_history_keeps_only_searches_that_were_run(qtbot, app_window: Window,  # type: ignore[no-untyped-def]
                                                   tmp_path: Path) -> None:
    window, controller = app_window
    colour_folder(tmp_path / "photos")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    window.search.setFocus()
    with qtbot.waitSignal(controller.resultsShown, timeout=10000):
        qtbot.keyClicks(window.search, "bl")   # typed on the way, then changed
    qtbot.keyClicks(window.search, "ue")
    with qtbot.waitSignal(window.search.committed, timeout=10000):
        pass   # "blue" looked at for 1.5 s without typing: run
    window.search.clear()
    qtbot.keyClicks(window.search, "green")
    qtbot.keyClick(window.search, "\r")     # Enter: run
    assert window.search.history() == ["green", "blue"]


def test_find_similar_shows_a_reference_chip(qtbot, app_window: Window,  # type: ignore[no-untyped-def]
                                             tmp_path: Path) -> None:
    window, controller = app_window
    colour_folder(tmp_path / "photos")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    search(qtbot, window, controller, "red")
    window.view.setCurrentIndex(controller.model.index(0))
    reference = controller.model.result(0)
    assert reference is not None
    with qtbot.waitSignal(controller.resultsShown, timeout=10000):
        controller.results.act("similar")
    assert window.refs.isVisibleTo(window)
    assert window.refs.texts() == [os.path.basename(reference.path)]
    assert window.search.text() == ""
    assert shown_colours(controller)[:3] == ["red"] * 3
    assert reference.path not in [r.path for r in controller.model.results()]
    # text typed beside the chip joins the query; removing the chip leaves the text
    with qtbot.waitSignal(controller.resultsShown, timeout=10000):
        window.search.run("blue")
    assert controller.query.startswith("blue + ")
    with qtbot.waitSignal(controller.resultsShown, timeout=10000):
        window.refs.chips[0].close_button.click()
    assert controller.query == "blue" and not window.refs.isVisibleTo(window)


def test_date_range_chip_limits_and_clears(qtbot, app_window: Window,  # type: ignore[no-untyped-def]
                                           tmp_path: Path) -> None:
    from PySide6.QtCore import QDate

    window, controller = app_window
    dated_folder(tmp_path / "photos")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    wait_browse(qtbot, controller, TOTAL)
    with qtbot.waitSignal(controller.resultsShown, timeout=10000):
        window.dates.set_range(QDate(2021, 5, 1), QDate(2021, 5, 31))
    may = [h for h in grid_headers(controller)]
    assert [h.label for h in may] == ["May 2021"] and controller.model.shown == may[0].count
    assert window.filters.texts() == ["2021-05-01 – 2021-05-31"]
    assert not window.filters.chips[0].image.pixmap().isNull()   # an icon, no emoji
    with qtbot.waitSignal(controller.resultsShown, timeout=10000):
        window.filters.chips[0].close_button.click()
    assert controller.model.shown == TOTAL and not window.filters.isVisibleTo(window)


def test_move_to_trash_updates_the_library(qtbot, app_window: Window, tmp_path: Path,  # type: ignore[no-untyped-def]
                                           monkeypatch) -> None:
    import send2trash.plat_other as freedesktop

    window, controller = app_window
    data = tmp_path / "data"   # the freedesktop trash; send2trash reads it at import
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setattr(freedesktop, "XDG_DATA_HOME", str(data).encode())
    monkeypatch.setattr(freedesktop, "HOMETRASH", str(data / "Trash"))
    monkeypatch.setattr(freedesktop, "HOMETRASH_B", str(data / "Trash").encode())
    colour_folder(tmp_path / "photos")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    search(qtbot, window, controller, "red")
    victim = controller.model.result(0)
    assert victim is not None
    window.view.setCurrentIndex(controller.model.index(0))
    controller.results.ask = False   # the confirmation box is a QMessageBox.question
    with qtbot.waitSignal(controller.jobDone, timeout=20000,
                          check_params_cb=lambda job: job.kind is JobKind.TRASH):
        window.trash_action.trigger()
    assert not Path(victim.path).exists()
    trashed = list((tmp_path / "data" / "Trash" / "files").iterdir())
    assert [p.name for p in trashed] == [Path(victim.path).name]
    qtbot.waitUntil(lambda: victim.path not in [r.path for r in controller.model.results()],
                    timeout=10000)
    assert "Moved 1 photo to the trash" in window.status.message.text()


def test_type_filter_and_a_video_at_its_best_frame(qtbot, app_window: Window,  # type: ignore[no-untyped-def]
                                                   tmp_path: Path) -> None:
    from tests.helpers.media_files import write_dng, write_video

    window, controller = app_window
    colour_folder(tmp_path / "photos")
    write_video(tmp_path / "photos" / "clips" / "red_then_blue.mp4", ["red", "blue"])
    write_dng(tmp_path / "photos" / "raw" / "green.dng", "green")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    wait_browse(qtbot, controller, TOTAL + 2)
    with qtbot.waitSignal(controller.resultsShown, timeout=10000):
        window.types.actions_by_kind["video"].setChecked(True)
    assert [Path(r.path).name for r in controller.model.results()] == ["red_then_blue.mp4"]
    assert window.filters.texts() == ["only videos"]
    search(qtbot, window, controller, "blue")
    [video] = controller.model.results()
    assert video.frame_time is not None and video.frame_time > 1.0   # the blue half
    with qtbot.waitSignal(controller.resultsShown, timeout=10000):
        window.filters.chips[0].close_button.click()   # every type again
    assert not window.types.types()
    assert any(r.path.endswith("green.dng") for r in controller.model.results())


def test_a_passing_note_goes_when_indexing_ends(qtbot, app_window: Window,  # type: ignore[no-untyped-def]
                                                tmp_path: Path) -> None:
    window, controller = app_window
    colour_folder(tmp_path / "photos")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    assert "will be indexed" not in window.status.message.text()
    assert not window.status.message.isVisibleTo(window)
