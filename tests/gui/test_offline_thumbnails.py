"""An offline folder in the open app (issue 17, item 4): its photos keep the thumbnails made
before (the disk cache is keyed by the catalog's digests), the app notices the folder coming
back without F5 (the watcher looks at offline roots too), and the thumbnails that failed
while it was away are asked again."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPixmapCache

from clipview.gui.controller import Controller
from clipview.gui.main_window import MainWindow
from clipview.gui.sidebar import shown_label
from tests.gui.test_app import index_folder
from tests.helpers.synthetic_bundle import colour_photo

Window = tuple[MainWindow, Controller]


def _sidebar(window: MainWindow) -> str:
    tree = window.sidebar.tree
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    return " ".join(shown_label(item) for item in items if item is not None)


def _thumbnail(qtbot, controller: Controller, path: str, tier: int):  # type: ignore[no-untyped-def]
    """Ask the app's loader as a tile does; the pixmap, or None when it failed."""
    thumbs = controller.thumbs
    qtbot.waitUntil(lambda: thumbs.pixmap(path, tier) is not None or thumbs.is_broken(path),
                    timeout=20000)
    return thumbs.pixmap(path, tier)


def test_offline_photos_keep_their_thumbnails_and_the_app_sees_them_return(  # type: ignore[no-untyped-def]
        qtbot, app_window: Window, tmp_path: Path) -> None:
    window, controller = app_window
    window.resize(1200, 800)   # small tiles: the grid itself never asks for the 512 tier
    qtbot.waitUntil(lambda: window.view.available_width() > 3 * 256)
    drive = (tmp_path / "drive").resolve()
    photos = [str(colour_photo(drive / f"{c}.jpg", c, seed=n).resolve())
              for n, c in enumerate(["red", "blue", "green"])]
    index_folder(qtbot, window, controller, drive)
    for path in photos:
        assert _thumbnail(qtbot, controller, path, 128) is not None   # made while online
    drive.rename(tmp_path / "unplugged")   # the watcher sees it go: offline
    qtbot.waitUntil(lambda: "(offline)" in _sidebar(window), timeout=30000)
    QPixmapCache.clear()   # minutes later: the memory cache has moved on
    for path in photos:
        assert _thumbnail(qtbot, controller, path, 128) is not None   # from the disk cache
        assert not controller.thumbs.is_broken(path)
    assert "(1 offline)" in window.status.watching.text()   # still watched
    assert _thumbnail(qtbot, controller, photos[0], 512) is None      # never made: failed
    assert controller.thumbs.is_broken(photos[0])
    with qtbot.waitSignal(controller.watcher.folderReturned, timeout=30000,
                          check_params_cb=lambda back: back == str(drive)):
        (tmp_path / "unplugged").rename(drive)   # plugged back in; nobody presses F5
    assert "(offline)" not in _sidebar(window)   # listed again
    assert not controller.thumbs.is_broken(photos[0])   # asked again
    assert _thumbnail(qtbot, controller, photos[0], 512) is not None


def test_a_rescan_asks_again_for_failed_thumbnails(qtbot, app_window: Window,  # type: ignore[no-untyped-def]
                                                   tmp_path: Path) -> None:
    window, controller = app_window
    bad = tmp_path / "elsewhere" / "later.jpg"   # outside every watched folder
    bad.parent.mkdir()
    bad.write_bytes(b"not yet a photo")
    assert _thumbnail(qtbot, controller, str(bad), 128) is None
    assert controller.thumbs.is_broken(str(bad))
    colour_photo(bad, "red")   # readable now
    with qtbot.waitSignal(controller.indexingFinished, timeout=30000):
        controller.rescan()    # F5
    assert not controller.thumbs.is_broken(str(bad))
    assert _thumbnail(qtbot, controller, str(bad), 128) is not None
