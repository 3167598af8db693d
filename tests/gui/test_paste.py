"""Pasting a photo into the search field, through the real QClipboard (offscreen platform):
image data, file URLs, GNOME's copied files and a path as text all search by the photo."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt, QUrl
from PySide6.QtGui import QGuiApplication, QImage

from clipview.gui import pasted
from clipview.gui.pasted import MAX_FILES, encode_png, store_pasted
from tests.gui.test_app import Window, index_folder, shown_colours
from tests.helpers.library_data import colour_folder
from tests.helpers.synthetic_bundle import colour_photo


@pytest.fixture()
def clipboard(qapp):  # type: ignore[no-untyped-def]
    board = QGuiApplication.clipboard()
    yield board
    board.clear()


def press_paste(qtbot, window, controller) -> None:  # type: ignore[no-untyped-def]
    """Ctrl+V in the field, then wait for the search by the photo (the grid may still show
    an answer to the indexing that came before)."""
    window.search.setFocus()
    with qtbot.waitSignals([window.search.imageDropped, controller.resultsShown],
                           order="simple", timeout=10000):
        qtbot.keyClick(window.search, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def indexed(qtbot, app_window: Window, tmp_path: Path) -> Window:  # type: ignore[no-untyped-def]
    window, controller = app_window
    colour_folder(tmp_path / "photos")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    return window, controller


def pasted_files(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "cache" / "clipview" / "pasted").iterdir())


def test_pasting_image_data_searches_by_it(qtbot, app_window: Window, tmp_path: Path,  # type: ignore[no-untyped-def]
                                           clipboard) -> None:
    window, controller = indexed(qtbot, app_window, tmp_path)
    probe = colour_photo(tmp_path / "elsewhere" / "probe.png", "green", seed=77)
    clipboard.setImage(QImage(str(probe)))   # as a browser's "Copy image" does
    press_paste(qtbot, window, controller)
    assert shown_colours(controller)[:4] == ["green"] * 4
    assert window.search.text() == "" and window.refs.texts() == ["pasted image"]
    files = pasted_files(tmp_path)
    assert len(files) == 1 and files[0].suffix == ".png" and files[0].stat().st_size > 0
    assert oct(files[0].stat().st_mode & 0o777) == "0o600"
    # the same image again: the same file, no 0-byte or temporary leftovers
    press_paste(qtbot, window, controller)
    assert pasted_files(tmp_path) == files


def test_pasting_a_file_copied_in_a_file_manager(qtbot, app_window: Window, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                 clipboard) -> None:
    window, controller = indexed(qtbot, app_window, tmp_path)
    blue = colour_photo(tmp_path / "elsewhere" / "my blue.png", "blue", seed=5)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(blue))])    # text/uri-list
    clipboard.setMimeData(mime)
    press_paste(qtbot, window, controller)
    assert window.refs.texts() == ["my blue.png"] and window.search.text() == ""
    assert shown_colours(controller)[:4] == ["blue"] * 4
    red = colour_photo(tmp_path / "elsewhere" / "red.jpg", "red", seed=6)
    gnome = QMimeData()   # Nautilus: x-special/gnome-copied-files, no uri-list
    gnome.setData("x-special/gnome-copied-files",
                  b"copy\n" + QUrl.fromLocalFile(str(red)).toEncoded().data())
    clipboard.setMimeData(gnome)
    press_paste(qtbot, window, controller)
    assert window.refs.texts() == ["red.jpg"]
    assert shown_colours(controller)[:4] == ["red"] * 4
    clipboard.setText(str(blue))   # a path copied as text
    press_paste(qtbot, window, controller)
    assert window.refs.texts() == ["my blue.png"]
    assert not (tmp_path / "cache" / "clipview" / "pasted").exists()   # files are not copied


def test_text_that_is_no_photo_pastes_as_text(qtbot, app_window: Window, tmp_path: Path,  # type: ignore[no-untyped-def]
                                              clipboard) -> None:
    window, _ = app_window
    clipboard.setText(f"{tmp_path}/no such photo.jpg")
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.search.text() == f"{tmp_path}/no such photo.jpg"
    assert window.refs.chips == []


def test_a_failing_paste_is_said_in_the_window(qtbot, app_window: Window, tmp_path: Path,  # type: ignore[no-untyped-def]
                                               clipboard, monkeypatch) -> None:
    window, _ = app_window
    blocked = tmp_path / "cache" / "clipview" / "pasted"
    blocked.parent.mkdir(parents=True)
    blocked.write_text("a file where the folder should be")
    clipboard.setImage(QImage(str(colour_photo(tmp_path / "p.png", "red"))))
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "Pasting stopped" in window.status.message.text(), timeout=5000)
    assert window.refs.chips == []


def test_an_exception_in_an_event_handler_reaches_the_window(qtbot, app_window: Window,  # type: ignore[no-untyped-def]
                                                             clipboard, monkeypatch) -> None:
    window, _ = app_window

    def broken(self) -> bool:  # type: ignore[no-untyped-def]
        raise RuntimeError("the clipboard exploded")

    monkeypatch.setattr(type(window.search), "paste_image", broken)
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.status.message.text() == \
        "Pasting failed: the clipboard exploded (details in the log)"
    assert window.status.details.isVisibleTo(window)   # the error's "Details…" (the log)


def test_the_pasted_folder_is_bounded_and_written_atomically(qapp, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                             monkeypatch) -> None:
    folder = tmp_path / "pasted"
    folder.mkdir()
    (folder / "pasted-old.png").write_bytes(b"")            # left by the old, broken paste
    (folder / ".pasted-x.tmp").write_bytes(b"half")         # left by a crash
    os.utime(folder / ".pasted-x.tmp", (0, 0))
    paths = []
    for n in range(MAX_FILES + 5):
        image = QImage(8, 8, QImage.Format.Format_RGB32)
        image.fill(0xFF000000 + n)
        paths.append(store_pasted(folder, encode_png(image)))
        os.utime(paths[-1], (n, n))   # oldest first
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted(p.name for p in paths[-MAX_FILES:])
    assert all(p.stat().st_size > 0 for p in folder.iterdir())
    limit = 3 * paths[-1].stat().st_size
    monkeypatch.setattr(pasted, "MAX_TOTAL", limit)
    kept = store_pasted(folder, paths[-1].read_bytes())
    sizes = [p.stat().st_size for p in folder.iterdir()]
    assert kept.exists() and sum(sizes) <= limit and 2 <= len(sizes) <= 3
    monkeypatch.setattr(pasted, "MAX_IMAGE", 10)
    with pytest.raises(ValueError, match="too large"):
        store_pasted(folder, paths[-1].read_bytes() + b"x")


def png_header(width: int, height: int) -> bytes:
    """A PNG that says it is ``width``×``height`` (its header), with its first pixels only:
    the header is all a reader needs to know its size."""
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + \
            struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    first_rows = zlib.compress(b"\0" * (3 * width + 1) * 4)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", first_rows) + \
        chunk(b"IEND", b"")


def paste_bytes(qtbot, window, clipboard, data: bytes, kind: str = "image/png") -> list[str]:  # type: ignore[no-untyped-def]
    """Put ``data`` on the real clipboard as ``kind`` and press Ctrl+V; the notes said."""
    mime = QMimeData()
    mime.setData(kind, data)
    clipboard.setMimeData(mime)
    notes: list[str] = []
    window.search.pasteNote.connect(notes.append)
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    return notes


def test_a_huge_pasted_image_is_refused_in_plain_words(qtbot, app_window: Window,  # type: ignore[no-untyped-def]
                                                       clipboard) -> None:
    window, _ = app_window
    with qtbot.waitSignal(window.search.pasteRefused, timeout=10000):
        paste_bytes(qtbot, window, clipboard, png_header(20000, 20000))
    assert window.status.message.text() == \
        "Could not paste: the image on the clipboard is too large (20000×20000; " \
        "at most 60 megapixels)"
    assert "Error" not in window.status.message.text()
    assert not window.status.details.isVisibleTo(window) and window.refs.chips == []


def test_a_big_photo_is_scaled_down_when_pasted(qtbot, app_window: Window, tmp_path: Path,  # type: ignore[no-untyped-def]
                                               clipboard) -> None:
    window, _ = app_window
    image = QImage(3000, 2000, QImage.Format.Format_RGB32)   # a photo larger than CLIP needs
    image.fill(0xFF2080C0)
    with qtbot.waitSignal(window.search.imageDropped, timeout=20000) as dropped:
        notes = paste_bytes(qtbot, window, clipboard, encode_png(image))
    assert notes == ["Reading the pasted image…"]
    saved = QImage(dropped.args[0])
    assert (saved.width(), saved.height()) == (2048, 1365)
    assert window.status.message.text() != "Reading the pasted image…"   # done: it goes


def test_a_pasted_folder_is_added_like_a_dropped_one(qtbot, app_window: Window,  # type: ignore[no-untyped-def]
                                                    tmp_path: Path, clipboard) -> None:
    window, _ = app_window
    folder = tmp_path / "holiday"
    folder.mkdir()
    clipboard.setText(QUrl.fromLocalFile(str(folder)).toString())   # file:///…/holiday
    window.search.setFocus()
    with qtbot.waitSignal(window.foldersDropped, timeout=5000) as added:
        qtbot.keyClick(window.search, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert added.args == [[str(folder)]] and window.search.text() == ""


def test_a_file_url_of_a_missing_file_is_said_not_searched(qtbot, app_window: Window,  # type: ignore[no-untyped-def]
                                                          tmp_path: Path, clipboard) -> None:
    window, _ = app_window
    gone = tmp_path / "gone.jpg"
    clipboard.setText(QUrl.fromLocalFile(str(gone)).toString())
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.search.text() == ""   # no text search for "file:///…"
    assert window.status.message.text() == f"No such file: {gone}"
    assert not window.status.details.isVisibleTo(window)


def test_a_pasted_file_too_large_to_search_by_is_one_line_and_its_chip_goes(  # type: ignore[no-untyped-def]
        qtbot, app_window: Window, tmp_path: Path, clipboard) -> None:
    window, controller = indexed(qtbot, app_window, tmp_path)
    huge = tmp_path / "elsewhere" / "huge20k.png"
    huge.parent.mkdir()
    huge.write_bytes(png_header(20000, 20000))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(huge))])
    clipboard.setMimeData(mime)
    window.search.setFocus()
    qtbot.keyClick(window.search, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.status.message.text() ==
                    "huge20k.png is too large: 20000×20000 (at most 150 megapixels)",
                    timeout=20000)
    assert window.refs.chips == [] and controller.grid.state.browsing   # as the grid shows
    qtbot.waitUntil(lambda: controller.grid.settled, timeout=10000)
    assert "too large" in window.status.message.text()   # the browse that followed kept it


def test_pasting_two_files_searches_by_both(qtbot, app_window: Window, tmp_path: Path,  # type: ignore[no-untyped-def]
                                            clipboard) -> None:
    window, controller = indexed(qtbot, app_window, tmp_path)
    blue = colour_photo(tmp_path / "elsewhere" / "blue.png", "blue", seed=5)
    red = colour_photo(tmp_path / "elsewhere" / "red.png", "red", seed=6)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(blue)), QUrl.fromLocalFile(str(red))])
    clipboard.setMimeData(mime)
    window.search.setFocus()
    with qtbot.waitSignals([window.search.imagesPasted, controller.resultsShown],
                           order="simple", timeout=10000):
        qtbot.keyClick(window.search, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert window.refs.texts() == ["blue.png", "red.png"]
    assert controller.query == f'"{blue}" + "{red}"'
    # the two together (the synthetic model's blue + red): neither photo alone finds these
    assert shown_colours(controller)[:2] == ["magenta", "magenta"]
