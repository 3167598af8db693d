"""The viewer on a photo of an offline folder says the folder is offline (not that the file
no longer exists); when the folder is back, its info panel shows the photo's details again,
at once and after reopening the viewer (a failed read is never kept)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QPixmapCache

from clipview.core.search.search import SearchResult
from clipview.gui.controller import Controller
from clipview.gui.main_window import MainWindow
from tests.gui.test_app import index_folder
from tests.gui.test_offline_thumbnails import _sidebar
from tests.helpers.synthetic_bundle import colour_photo

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")
Window = tuple[MainWindow, Controller]


def _rows(controller: Controller) -> dict[str, str]:
    return dict(controller.results.preview.info.shown_rows())


def indexed_drive(qtbot, app_window: Window, tmp_path: Path) -> tuple[Path, str]:  # type: ignore[no-untyped-def]
    """A folder (a drive, to unplug) with one red photo, indexed: (the folder, the photo)."""
    window, controller = app_window
    drive = (tmp_path / "drive").resolve()
    photo = str(colour_photo(drive / "red.jpg", "red").resolve())
    index_folder(qtbot, window, controller, drive)
    return drive, photo


def test_the_viewer_says_offline_then_shows_the_details_when_the_folder_is_back(  # type: ignore[no-untyped-def]
        qtbot, app_window: Window, tmp_path: Path) -> None:
    window, controller = app_window
    drive, photo = indexed_drive(qtbot, app_window, tmp_path)
    drive.rename(tmp_path / "unplugged")
    qtbot.waitUntil(lambda: "(offline)" in _sidebar(window), timeout=30000)
    QPixmapCache.clear()
    viewer = controller.results.preview
    viewer.show_result(SearchResult(1, photo, 0.0), with_score=False)
    qtbot.waitUntil(lambda: "Problem" in _rows(controller), timeout=10000)
    assert "offline" in _rows(controller)["Problem"]
    assert "no longer exists" not in _rows(controller)["Problem"]
    with qtbot.waitSignal(controller.watcher.folderReturned, timeout=30000):
        (tmp_path / "unplugged").rename(drive)
    qtbot.waitUntil(lambda: "Dimensions" in _rows(controller), timeout=10000)
    assert "Problem" not in _rows(controller) and "File size" in _rows(controller)
    viewer.close()
    viewer.show_result(SearchResult(1, photo, 0.0), with_score=False)
    qtbot.waitUntil(lambda: "Dimensions" in _rows(controller), timeout=10000)
    assert "Problem" not in _rows(controller)


def test_a_photo_renamed_away_and_back_is_read_again_when_shown_again(  # type: ignore[no-untyped-def]
        qtbot, app_window: Window, tmp_path: Path) -> None:
    """No folder offline (the file alone went): reopening the viewer reads it again."""
    window, controller = app_window
    photo = colour_photo(tmp_path / "loose" / "blue.jpg", "blue").resolve()
    viewer = controller.results.preview
    photo.rename(photo.with_suffix(".gone"))
    viewer.show_result(SearchResult(1, str(photo), 0.0), with_score=False)
    qtbot.waitUntil(lambda: "Problem" in _rows(controller), timeout=10000)
    photo.with_suffix(".gone").rename(photo)
    viewer.close()
    viewer.show_result(SearchResult(1, str(photo), 0.0), with_score=False)
    qtbot.waitUntil(lambda: "Dimensions" in _rows(controller), timeout=10000)
    assert "Problem" not in _rows(controller)


def test_the_viewer_shows_the_kept_thumbnail_of_an_offline_photo(  # type: ignore[no-untyped-def]
        qtbot, app_window: Window, tmp_path: Path) -> None:
    """Not only text: the grid's thumbnail (the disk cache, by the catalog's digest)."""
    window, controller = app_window
    drive, photo = indexed_drive(qtbot, app_window, tmp_path)
    thumbs = controller.thumbs
    with qtbot.waitSignal(thumbs.ready, timeout=10000):
        assert thumbs.pixmap(photo, 256) is None   # as a tile asks: kept on disk
    drive.rename(tmp_path / "unplugged")
    qtbot.waitUntil(lambda: "(offline)" in _sidebar(window), timeout=30000)
    QPixmapCache.clear()   # from the disk cache, as after a restart
    viewer = controller.results.preview
    viewer.show_result(SearchResult(1, photo, 0.0), with_score=False)
    qtbot.waitUntil(lambda: not viewer.view.source_size().isEmpty(), timeout=10000)
    assert "offline" in viewer.message.text() and viewer.message.isVisible()
