"""Thumbnails of RAW files (their embedded preview) and videos (a frame, no badge: the grid
paints that on the tile, the viewer shows the frame as it is)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor

from clipview.gui.thumbnails import make_thumbnail
from tests.helpers.media_files import write_dng, write_video


def test_raw_thumbnail_is_its_preview(tmp_path: Path) -> None:
    dng = write_dng(tmp_path / "a.dng", "blue", size=(128, 96))
    image = make_thumbnail(str(dng), 128, tmp_path / "cache")
    assert not image.isNull() and QColor(image.pixel(10, 10)).blue() > 200


def test_video_thumbnail_is_the_frame_as_it_is(tmp_path: Path) -> None:
    clip = write_video(tmp_path / "v.mp4", ["red", "blue"], size=(128, 96))
    for _ in range(2):  # decoded, then from the disk cache: no badge either time
        image = make_thumbnail(str(clip), 128, tmp_path / "cache", frame_time=3.0)
        for x, y in ((image.width() - 5, 5), (8, image.height() - 12),
                     (image.width() // 8, image.height() - image.height() // 8)):
            colour = QColor(image.pixel(x, y))   # the blue frame at 3 s, corners too:
            assert colour.blue() > 200 and colour.red() < 60, (x, y)   # the viewer shows it
    early = make_thumbnail(str(clip), 128, tmp_path / "cache", frame_time=0.5)
    assert QColor(early.pixel(early.width() - 5, 5)).red() > 200
