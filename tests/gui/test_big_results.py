"""100 000 results: the model holds them, the view lays them out in batches and only the
visible cells ask for thumbnails."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex

from clipview.core.search.search import SearchResult
from clipview.gui.controller import Controller
from clipview.gui.main_window import MainWindow


def test_hundred_thousand_rows(qtbot, app_window: tuple[MainWindow, Controller],  # type: ignore[no-untyped-def]
                               tmp_path: Path) -> None:
    window, controller = app_window
    qtbot.waitUntil(lambda: controller.grid.settled, timeout=10000)  # no answer in flight
    fake = [SearchResult(i, str(tmp_path / f"missing-{i}.jpg"), 1.0 - i / 200000, None)
            for i in range(100_000)]
    controller.model.set_results(fake)
    assert controller.model.rowCount() == 100_000
    qtbot.waitUntil(lambda: window.view.indexAt(window.view.rect().center()).isValid(),
                    timeout=20000)

    def asked() -> int:
        return len(controller.thumbs._pending) + len(controller.thumbs._broken)

    qtbot.waitUntil(lambda: asked() > 0, timeout=10000)   # the visible tiles were painted
    assert asked() < 500  # visible cells only, not 100 000

    def last() -> QModelIndex:
        return controller.model.index(controller.model.rowCount() - 1, 0)

    def laid_out() -> bool:   # batched layout reached the last row (400 rows a batch)
        return window.view.visualRect(last()).isValid()

    qtbot.waitUntil(laid_out, timeout=60000)
    window.view.scrollToBottom()
    qtbot.waitUntil(lambda: window.view.viewport().rect().intersects(
        window.view.visualRect(last())), timeout=10000)
    assert controller.model.rowCount() == 100_000
    assert asked() < 1000  # still only what was shown: the top rows and the bottom ones
    controller.model.set_results([])
    assert controller.model.rowCount() == 0


def test_an_answer_that_repeats_the_one_shown_keeps_the_rows(  # type: ignore[no-untyped-def]
        qtbot, app_window: tuple[MainWindow, Controller], tmp_path: Path) -> None:
    window, controller = app_window
    qtbot.waitUntil(lambda: controller.grid.settled, timeout=10000)
    rows = [SearchResult(i, str(tmp_path / f"p{i}.jpg"), 0.0, 1e9 + i) for i in range(5000)]
    resets: list[int] = []
    controller.model.modelReset.connect(lambda: resets.append(1))
    controller.model.set_results(rows, "browse", hash(tuple(rows)))
    window.view.setCurrentIndex(controller.model.index(40, 0))
    again = [SearchResult(r.id, r.path, r.score, r.taken_at) for r in rows]   # equal copies
    controller.model.set_results(again, "browse", hash(tuple(again)))
    assert resets == [1] and window.view.currentIndex().row() == 40   # kept as it was
    changed = again[:-1] + [SearchResult(4999, again[-1].path, 0.0, 5.0)]   # one date moved
    controller.model.set_results(changed, "browse", hash(tuple(changed)))
    controller.model.set_results(changed, "results", hash(tuple(changed)))   # another mode
    assert resets == [1, 1, 1]
