"""The viewer: sharp small photos (≤ 2×), fit and 100 %, info rows, keys, Open failures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PIL.ExifTags import IFD, Base
from PIL.TiffImagePlugin import IFDRational
from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtGui import QDesktopServices

from clipview.core.search.search import SearchResult
from clipview.gui.preview import PREVIEW_SIZE, PreviewDialog
from clipview.gui.thumbnails import ThumbnailLoader

# the offscreen platform cannot raise windows or pass size hints; a desktop can
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture()
def viewer(qtbot, tmp_path: Path) -> Iterator[PreviewDialog]:  # type: ignore[no-untyped-def]
    loader = ThumbnailLoader(tmp_path / "cache", threads=1)
    dialog = PreviewDialog(loader)
    qtbot.addWidget(dialog)
    dialog.resize(1000, 700)
    yield dialog
    dialog.shutdown()
    loader.shutdown()


def _photo(path: Path, size: tuple[int, int], exif: Image.Exif | None = None) -> str:
    Image.new("RGB", size, (30, 140, 200)).save(path, "JPEG", exif=exif or Image.Exif())
    return str(path)


def _camera_exif() -> Image.Exif:
    exif = Image.Exif()
    exif[Base.Make] = "FUJIFILM"
    exif[Base.Model] = "X-T4"
    sub = exif.get_ifd(IFD.Exif)
    sub[Base.LensModel] = "XF23mmF2 R WR"
    sub[Base.ExposureTime] = IFDRational(1, 500)
    sub[Base.FNumber] = IFDRational(56, 10)
    sub[Base.ISOSpeedRatings] = 160
    sub[Base.FocalLength] = IFDRational(23, 1)
    sub[Base.DateTimeOriginal] = "2022:03:05 09:15:00"
    sub[Base.OffsetTimeOriginal] = "+01:00"
    return exif


def _show(qtbot, viewer: PreviewDialog, path: str) -> None:  # type: ignore[no-untyped-def]
    viewer.show_result(SearchResult(1, path, 0.31))
    qtbot.waitExposed(viewer)
    qtbot.waitUntil(lambda: not viewer.view.source_size().isEmpty(), timeout=10000)


def test_small_photo_is_not_blown_up_beyond_twice(qtbot, viewer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _show(qtbot, viewer, _photo(tmp_path / "small.jpg", (150, 100)))
    room = viewer.view.viewport().size()
    assert room.width() > 600 and room.height() > 400  # fitting alone would make it larger
    assert viewer.view.shown_size() == QSize(300, 200)
    label = viewer.view.label
    assert label.size() == QSize(300, 200)
    centre = label.geometry().center()
    assert abs(centre.x() - room.width() // 2) <= 1 and abs(centre.y() - room.height() // 2) <= 1


def test_large_photo_fits_the_window(qtbot, viewer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _show(qtbot, viewer, _photo(tmp_path / "large.jpg", (3000, 2000)))
    qtbot.waitUntil(lambda: viewer.view.natural_size() == QSize(3000, 2000), timeout=10000)
    assert viewer.view.source_size() == QSize(PREVIEW_SIZE, 1067)  # the preview decode
    shown, room = viewer.view.shown_size(), viewer.view.viewport().size()
    assert shown.width() <= room.width() and shown.height() <= room.height()
    assert shown.width() == room.width() or shown.height() == room.height()
    assert abs(shown.width() / shown.height() - 1.5) < 0.01
    viewer.resize(700, 500)  # follows the window
    qtbot.waitUntil(lambda: viewer.view.shown_size().width() <= viewer.view.viewport().width())


def test_info_panel_lists_camera_and_exposure(qtbot, viewer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _show(qtbot, viewer, _photo(tmp_path / "fuji.jpg", (400, 300), _camera_exif()))
    qtbot.waitUntil(lambda: "Camera" in dict(viewer.info.shown_rows()), timeout=10000)
    rows = dict(viewer.info.shown_rows())
    assert rows["Score"] == "0.310"
    assert rows["File"] == "fuji.jpg" and rows["Folder"] == str(tmp_path)
    assert rows["Camera"] == "FUJIFILM X-T4"
    assert rows["Lens"] == "XF23mmF2 R WR"
    assert rows["Shutter"] == "1/500 s"
    assert rows["Aperture"] == "f/5.6"
    assert rows["ISO"] == "160"
    assert rows["Focal length"] == "23 mm"
    assert rows["Taken"] == "5 March 2022, 09:15:00 (UTC+01:00)"
    assert rows["Dimensions"] == "400 × 300 (0.1 MP)"
    assert viewer.info.isVisible()
    qtbot.keyClick(viewer, Qt.Key.Key_I)
    assert not viewer.info.isVisible() and not viewer.info_button.isChecked()
    qtbot.keyClick(viewer, Qt.Key.Key_I)
    assert viewer.info.isVisible()


def test_actual_size_shows_real_pixels_and_pans(qtbot, viewer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _show(qtbot, viewer, _photo(tmp_path / "big.jpg", (2400, 1600)))
    qtbot.waitUntil(lambda: viewer.view.natural_size() == QSize(2400, 1600), timeout=10000)
    qtbot.keyClick(viewer, Qt.Key.Key_1)
    assert viewer.actual_button.isChecked()
    # the full decode replaces the 1600 px preview: one photo pixel per screen pixel
    qtbot.waitUntil(lambda: viewer.view.source_size() == QSize(2400, 1600), timeout=10000)
    assert viewer.view.shown_size() == QSize(2400, 1600)
    assert viewer.view.label.pixmap().size() == QSize(2400, 1600)
    bar = viewer.view.horizontalScrollBar()
    assert bar.maximum() > 0
    before = bar.value()
    viewport = viewer.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
    qtbot.mouseMove(viewport, QPoint(300, 300))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(300, 300))
    assert bar.value() == before + 100  # dragged left: the view moved right
    qtbot.keyClick(viewer, Qt.Key.Key_F)
    assert not viewer.actual_button.isChecked()
    assert viewer.view.shown_size().width() <= viewer.view.viewport().width()


def test_keys_and_wheel_step_and_escape_closes(qtbot, viewer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _show(qtbot, viewer, _photo(tmp_path / "a.jpg", (200, 200)))
    for key, step in ((Qt.Key.Key_Right, 1), (Qt.Key.Key_Left, -1), (Qt.Key.Key_Down, 1),
                      (Qt.Key.Key_Up, -1)):
        with qtbot.waitSignal(viewer.stepRequested, timeout=2000) as stepped:
            qtbot.keyClick(viewer, key)
        assert stepped.args == [step]
    with qtbot.waitSignal(viewer.stepRequested, timeout=2000) as stepped:
        viewer.view.wheelStep.emit(1)
    assert stepped.args == [1]
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)
    assert not viewer.isVisible()


def test_wheel_notches_become_steps(qtbot, viewer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    _show(qtbot, viewer, _photo(tmp_path / "a.jpg", (200, 200)))
    steps: list[int] = []
    viewer.stepRequested.connect(steps.append)

    def wheel(delta: int) -> None:
        event = QWheelEvent(QPointF(50, 50), QPointF(50, 50), QPoint(0, 0), QPoint(0, delta),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                            Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(viewer.view.viewport(), event)

    wheel(-120)             # one notch down: next
    wheel(60)
    wheel(60)               # two half notches up (a touchpad): previous, once
    assert steps == [1, -1]


def test_open_failure_is_shown_in_the_viewer(qtbot, viewer, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[str] = []

    def refuse(url) -> bool:  # type: ignore[no-untyped-def]
        opened.append(url.toLocalFile())
        return False

    monkeypatch.setattr(QDesktopServices, "openUrl", refuse)
    path = _photo(tmp_path / "nolauncher.jpg", (120, 80))
    _show(qtbot, viewer, path)
    assert viewer.message.isHidden()
    qtbot.keyClick(viewer, Qt.Key.Key_Return)
    assert opened == [path]
    assert not viewer.message.isHidden()
    assert "Could not open nolauncher.jpg" in viewer.message.text()
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    qtbot.mouseClick(viewer.open_button, Qt.MouseButton.LeftButton)
    assert viewer.message.isHidden()


def test_unreadable_photo_says_so(qtbot, viewer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a jpeg")
    viewer.show_result(SearchResult(2, str(broken), 0.2), with_score=False)
    qtbot.waitUntil(lambda: viewer.view.label.text() == "This photo cannot be read.",
                    timeout=10000)
    qtbot.waitUntil(lambda: "Problem" in dict(viewer.info.shown_rows()), timeout=10000)
    assert "Score" not in dict(viewer.info.shown_rows())
