"""What the window says while indexing and after (issue 17, items 7 and 11): the sidebar's
counts follow the rows as batches commit, "indexing" only on the folder being indexed,
Resume says so at once, a cancelled run says how many photos it left, and a refresh of the
tree (a trash) keeps what was expanded and selected."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem

from clipview.core.progress import IndexSummary, Phase
from clipview.gui.controller import Controller
from clipview.gui.jobs import JobKind
from clipview.gui.main_window import MainWindow
from clipview.gui.sidebar import PATH, STATE, FolderSidebar, _walk
from tests.gui.test_app import drop_urls, index_folder
from tests.helpers.library_data import PALETTE, colour_folder
from tests.helpers.synthetic_bundle import colour_photo

Window = tuple[MainWindow, Controller]


def row(sidebar: FolderSidebar, path: str) -> QTreeWidgetItem:
    return next(i for i in _walk(sidebar.tree) if str(i.data(0, PATH)) == path)


def shown_total(window: MainWindow) -> int:
    item = window.sidebar.tree.topLevelItem(0)
    assert item is not None
    return int(item.text(1))


def test_a_summary_says_what_a_cancel_left() -> None:
    cancelled = IndexSummary(indexed=320, cancelled=True, left=190)
    assert cancelled.ending("F5") == "Cancelled: 190 photos not indexed (F5 finishes) · 320 new"
    assert IndexSummary(cancelled=True, left=1).ending("F5") == \
        "Cancelled: 1 photo not indexed (F5 finishes)"
    assert IndexSummary(indexed=3).ending("F5") == "Up to date: 3 new"


def test_counts_follow_the_rows_resume_and_cancel_are_said(  # type: ignore[no-untyped-def]
        qtbot, app_window: Window, tmp_path: Path) -> None:
    window, controller = app_window
    controller.progress.counts.setInterval(20)   # the throttle, short for the test
    colour_folder(tmp_path / "done", {"red": 2})
    index_folder(qtbot, window, controller, tmp_path / "done")
    colour_folder(tmp_path / "photos", {c: 40 for c in PALETTE})   # 320: ten batches
    first: list[object] = []

    def pause_after_a_batch(progress: object) -> None:
        if getattr(progress, "phase", None) == Phase.ENCODING and \
                getattr(progress, "done", 0) and not first:
            first.append(progress)
            window.status.pause.setChecked(True)

    controller.progressShown.connect(pause_after_a_batch)
    with qtbot.waitSignal(controller.progressShown, timeout=30000,
                          check_params_cb=lambda p: p.phase == Phase.PAUSED) as paused:
        drop_urls(window, [tmp_path / "photos"])
    done, total = paused.args[0].done, paused.args[0].total
    assert 0 < done < total == 320
    assert window.status.indexing.text().startswith("Paused: ")
    # the sidebar counts every photo listed (before it is encoded), while the run is under way
    qtbot.waitUntil(lambda: shown_total(window) == 2 + total, timeout=10000)
    assert row(window.sidebar, str(tmp_path / "photos")).data(0, STATE) == "indexing"
    assert row(window.sidebar, str(tmp_path / "done")).data(0, STATE) == ""
    window.status.pause.setChecked(False)   # Resume: said at once, before the next report
    assert window.status.indexing.text().startswith(f"Indexing {done}/{total}")
    window.status.pause.setChecked(True)
    qtbot.waitUntil(lambda: window.status.indexing.text().startswith("Paused: "))
    with qtbot.waitSignal(controller.indexingFinished, timeout=30000) as finished:
        window.status.cancel.click()
    summary = finished.args[0]
    assert summary.cancelled and summary.left == total - summary.indexed > 0
    assert window.status.indexing.text().startswith(
        f"Cancelled: {summary.left} photos not indexed (F5 finishes)")


@pytest.fixture()
def trash_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A freedesktop trash inside the test's folder (send2trash reads it at import)."""
    import send2trash.plat_other as freedesktop

    data = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.setattr(freedesktop, "XDG_DATA_HOME", str(data).encode())
    monkeypatch.setattr(freedesktop, "HOMETRASH", str(data / "Trash"))
    monkeypatch.setattr(freedesktop, "HOMETRASH_B", str(data / "Trash").encode())
    return data


def test_a_trash_keeps_the_tree_as_it_was(  # type: ignore[no-untyped-def]
        qtbot, app_window: Window, tmp_path: Path, trash_home: Path) -> None:
    window, controller = app_window
    for root in ("one", "two"):
        for n in range(3):
            colour_photo(tmp_path / root / "trips" / "2021" / f"p{n}.jpg", "red", seed=n)
            colour_photo(tmp_path / root / "misc" / f"q{n}.jpg", "blue", seed=10 + n)
        index_folder(qtbot, window, controller, tmp_path / root)
    sidebar = window.sidebar
    one, two = str(tmp_path / "one"), str(tmp_path / "two")
    qtbot.waitUntil(lambda: shown_total(window) == 12, timeout=10000)
    row(sidebar, one).setExpanded(True)
    row(sidebar, f"{one}/trips").setExpanded(True)
    row(sidebar, two).setExpanded(True)
    sidebar.set_scope([f"{one}/trips/2021"])
    row(sidebar, two).setExpanded(False)   # opened and closed again: stays closed
    with qtbot.waitSignal(controller.jobDone, timeout=20000,
                          check_params_cb=lambda job: job.kind is JobKind.TRASH):
        controller.trash([str(tmp_path / "one" / "misc" / "q0.jpg")])
    qtbot.waitUntil(lambda: shown_total(window) == 11, timeout=10000)
    assert row(sidebar, one).isExpanded() and row(sidebar, f"{one}/trips").isExpanded()
    assert not row(sidebar, two).isExpanded()
    assert [str(i.data(0, PATH)) for i in sidebar.tree.selectedItems()] == [
        f"{one}/trips/2021"]
    assert row(sidebar, f"{one}/misc").text(1) == "2"
    assert row(sidebar, f"{one}/misc").textAlignment(1) & Qt.AlignmentFlag.AlignRight
