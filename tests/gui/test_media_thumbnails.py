"""Thumbnails of RAW files (their embedded preview) and videos (a frame with a play badge)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor

from clipview.gui.thumbnails import make_thumbnail
from tests.helpers.media_files import write_dng, write_video


def test_raw_thumbnail_is_its_preview(tmp_path: Path) -> None:
    dng = write_dng(tmp_path / "a.dng", "blue", size=(128, 96))
    image = make_thumbnail(str(dng), 128, tmp_path / "cache")
    assert not image.isNull() and QColor(image.pixel(10, 10)).blue() > 200


def test_video_thumbnail_is_the_frame_with_a_play_badge(tmp_path: Path) -> None:
    clip = write_video(tmp_path / "v.mp4", ["red", "blue"], size=(128, 96))
    for _ in range(2):  # decoded, then from the disk cache: the badge both times
        image = make_thumbnail(str(clip), 128, tmp_path / "cache", frame_time=3.0)
        corner = QColor(image.pixel(image.width() - 5, 5))
        assert corner.blue() > 200 and corner.red() < 60  # the blue frame at 3 s
        side = min(image.width(), image.height()) // 4
        margin = max(3, side // 5)
        ring = QColor(image.pixel(margin + 3, image.height() - margin - side // 2))
        assert ring.blue() < 150  # darkened by the badge
        centre = QColor(image.pixel(margin + int(side * 0.5), image.height() - margin - side // 2))
        assert min(centre.red(), centre.green(), centre.blue()) > 200  # its white triangle
    early = make_thumbnail(str(clip), 128, tmp_path / "cache", frame_time=0.5)
    assert QColor(early.pixel(early.width() - 5, 5)).red() > 200
