"""A video's tile: the play badge painted whole on the tile (a wide frame is cropped, the
badge is not), and counts that call a video a video."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QStyleOptionViewItem

from clipview.core.search.search import SearchResult
from clipview.gui.controller import Controller
from clipview.gui.date_sections import Header
from clipview.gui.main_window import MainWindow
from clipview.gui.results_model import BROWSE, HEADER_ROLE, count_text
from clipview.gui.thumbnails import tier_for
from clipview.gui.tile_delegate import PLAY_BADGE_MAX, paint_play_badge
from tests.gui.test_app import index_folder
from tests.helpers.media_files import write_video

Window = tuple[MainWindow, Controller]


def paint_tile(window: MainWindow, controller: Controller, row: int) -> QImage:
    index = controller.model.index(row)
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, window.view.tile, window.view.tile)
    image = QImage(option.rect.size(), QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        window.view.itemDelegate().paint(painter, option, index)
    finally:
        painter.end()
    return image


def test_the_play_badge_is_whole_on_a_wide_videos_tile(qtbot, app_window: Window,  # type: ignore[no-untyped-def]
                                                       tmp_path: Path) -> None:
    window, controller = app_window
    clip = write_video(tmp_path / "v" / "wide.mp4", ["red"], size=(256, 96))   # 8:3
    index_folder(qtbot, window, controller, tmp_path / "v")
    qtbot.waitUntil(lambda: controller.model.videos_shown == 1, timeout=10000)
    row = next(r for r in range(controller.model.rowCount())
               if controller.model.index(r).data(HEADER_ROLE) is None)
    side = window.view.tile
    tier = tier_for(int(side * window.view.devicePixelRatioF() * 1.4))
    qtbot.waitUntil(lambda: window.view.thumbs.pixmap(str(clip), tier) is not None,
                    timeout=10000)
    image = paint_tile(window, controller, row)
    badge = min(PLAY_BADGE_MAX, max(12, side // 4))
    margin = max(3, badge // 5)
    middle = image.height() - 1 - margin - badge // 2
    ring = QColor(image.pixel(margin + 3, middle))   # the badge's left edge, in the tile
    assert ring.red() < 150, ring.getRgb()
    centre = QColor(image.pixel(margin + badge // 2, middle))   # its white triangle
    assert min(centre.red(), centre.green(), centre.blue()) > 200, centre.getRgb()
    frame = QColor(image.pixel(image.width() - 5, 5))
    assert frame.red() > 200 and frame.blue() < 60   # the red frame around it


def test_counts_call_a_video_a_video(app_window: Window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, controller = app_window
    assert [count_text(1, 1), count_text(2, 0), count_text(5, 2), count_text(1)] == \
        ["1 video", "2 photos", "3 photos, 2 videos", "1 photo"]
    items = [SearchResult(1, str(tmp_path / "a.mp4"), 0.0),
             SearchResult(2, str(tmp_path / "b.jpg"), 0.0)]
    controller.model.set_results(items, BROWSE)
    headers = [controller.model.index(r).data(HEADER_ROLE)
               for r in range(controller.model.rowCount())]
    sections = [h for h in headers if isinstance(h, Header)]
    assert [(h.count, h.videos) for h in sections] == [(2, 1)]
    assert controller.model.videos_shown == 1


def test_the_play_badge_stays_small_on_a_large_tile(qapp) -> None:  # type: ignore[no-untyped-def]
    """At the largest zoom it was a quarter of the tile (220 px): now at most 48 px."""
    image = QImage(900, 900, QImage.Format.Format_RGB32)
    image.fill(QColor(255, 255, 255))
    painter = QPainter(image)
    try:
        paint_play_badge(painter, QRect(0, 0, 880, 880))
    finally:
        painter.end()
    dark = [x for y in range(0, image.height(), 4) for x in range(0, image.width(), 2)
            if QColor(image.pixel(x, y)).red() < 200]   # the badge, wherever it is
    assert dark and max(dark) - min(dark) + 1 <= PLAY_BADGE_MAX
