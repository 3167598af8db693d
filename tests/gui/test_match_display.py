"""The grid shows a bounded match and the words that matched (issue 17, item 9): the tile's
badge and tooltip, for an arithmetic query over a folder named after one of its words."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from clipview.core.search.search import SearchResult
from clipview.gui.controller import Controller
from clipview.gui.main_window import MainWindow
from clipview.gui.ranking import badge_text, match_lines, score_text
from clipview.gui.results_model import SCORE_ROLE
from clipview.gui.tile_delegate import TileDelegate
from tests.gui.test_app import index_folder, search
from tests.helpers.synthetic_bundle import colour_photo

Window = tuple[MainWindow, Controller]


def badges(window: MainWindow, controller: Controller, monkeypatch: pytest.MonkeyPatch
           ) -> list[str]:
    """The text each tile's badge paints when the pointer is over it."""
    painted: list[str] = []
    monkeypatch.setattr(TileDelegate, "_paint_badge",
                        lambda self, painter, rect, text: painted.append(text))
    delegate = window.view.itemDelegate()
    image = QImage(200, 200, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        for row in range(controller.model.rowCount()):
            option = QStyleOptionViewItem()
            option.rect = window.view.visualRect(controller.model.index(row))
            option.rect.moveTo(0, 0)
            option.state = QStyle.StateFlag.State_MouseOver
            delegate.paint(painter, option, controller.model.index(row))
    finally:
        painter.end()
    return painted


def test_badge_and_tooltip_show_the_match_and_the_words(  # type: ignore[no-untyped-def]
        qtbot, app_window: Window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window, controller = app_window
    for n in range(2):
        colour_photo(tmp_path / "photos" / "red" / f"r{n}.jpg", "red", seed=n)
        colour_photo(tmp_path / "photos" / "blue" / f"b{n}.jpg", "blue", seed=10 + n)
    index_folder(qtbot, window, controller, tmp_path / "photos")
    search(qtbot, window, controller, "red - blue")
    model = controller.model
    scores = [float(model.index(r).data(SCORE_ROLE)) for r in range(model.rowCount())]
    assert len(scores) == 4 and all(0.0 <= s <= 1.0 for s in scores), scores
    shown = badges(window, controller, monkeypatch)
    assert shown[:2] == [f"{score_text(scores[0])} · folder: red",
                         f"{score_text(scores[1])} · folder: red"]
    assert all(0.0 <= float(text.split(" ")[0]) <= 1.0 for text in shown)
    tip = str(model.index(0).data(Qt.ItemDataRole.ToolTipRole))
    assert f"match {score_text(scores[0])} (cosine)" in tip and "matched folder: red" in tip
    last = str(model.index(3).data(Qt.ItemDataRole.ToolTipRole))
    assert "/blue/" in last and "match 0.00 " in last and "matched" not in last


def test_the_badge_and_the_tooltip_say_the_same_score() -> None:
    near = SearchResult(1, "/p/a.jpg", 0.9996)
    assert badge_text(near) == "0.99" and match_lines(near)[0] == "match 0.99 (cosine)"
    assert score_text(0.29) == "0.29" and score_text(1.0) == "1.00" and score_text(0.0) == "0.00"
