"""Opening clipview with paths (a file manager's "Open with"): photos become a search for
photos like them, folders are offered for indexing, the rest is explained; and the app's
window icon and desktop file name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from clipview.core.search.query import parse_query
from clipview.desktop import APP_ID, ICON_SIZES
from clipview.gui.app_identity import apply_identity
from clipview.gui.open_with import OpenRequest, classify_args, connect_open_request
from tests.helpers.synthetic_bundle import colour_photo


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    photo = colour_photo(tmp_path / "red one.jpg", "red")
    heic = tmp_path / "PHONE.HEIC"
    heic.write_bytes(photo.read_bytes())  # only the name matters for sorting
    folder = tmp_path / "Holiday 2023"
    folder.mkdir()
    notes = tmp_path / "notes.txt"
    notes.write_text("not a photo")
    link = tmp_path / "link.png"
    link.symlink_to(colour_photo(tmp_path / "blue.png", "blue"))
    return {"photo": photo, "heic": heic, "folder": folder, "notes": notes, "link": link}


def test_photos_folders_and_problems_are_told_apart(files: dict[str, Path],
                                                    tmp_path: Path) -> None:
    request = classify_args([str(files["photo"]), str(files["folder"]), str(files["heic"]),
                             str(files["notes"]), str(tmp_path / "gone.jpg"),
                             str(files["link"]), str(files["photo"])])
    assert request.photos == (str(files["photo"]), str(files["heic"]), str(files["link"]))
    assert request.folders == (str(files["folder"]),)
    assert request.problems[0].startswith("not a photo clipview reads (")
    assert request.problems[0].endswith(str(files["notes"]))
    assert request.problems[1] == f"no such file or folder: {tmp_path / 'gone.jpg'}"


def test_relative_home_and_file_uri_paths(files: dict[str, Path], tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    uri = "file://" + str(files["photo"]).replace(" ", "%20")
    request = classify_args(["Holiday 2023", "~/notes.txt", uri])
    assert request.folders == (str(files["folder"]),)
    assert request.photos == (str(files["photo"]),)
    assert len(request.problems) == 1 and request.problems[0].endswith("~/notes.txt")


def test_one_photo_is_searched_by_itself(files: dict[str, Path]) -> None:
    request = classify_args([str(files["photo"])])
    assert request.query == str(files["photo"])
    [term] = parse_query(request.query)
    assert term.image == files["photo"] and term.weight == 1.0


def test_several_photos_are_searched_together(files: dict[str, Path]) -> None:
    request = classify_args([str(files["photo"]), str(files["link"])])
    assert request.query is not None
    terms = parse_query(request.query)
    assert [t.image for t in terms] == [files["photo"], files["link"]]
    assert [t.weight for t in terms] == [1.0, 1.0]


def test_nothing_to_open() -> None:
    request = classify_args([])
    assert request == OpenRequest() and request.query is None


class Library(QObject):
    ready = Signal()


def answer_question(button: str, seen: list[str]) -> None:
    """Wait for the modal question, remember its text and press ``button``."""
    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(f"{box.text()}\n{box.informativeText()}")
            next(b for b in box.buttons() if b.text() == button).click()
        else:
            QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)


def connect(qtbot, request: OpenRequest  # type: ignore[no-untyped-def]
            ) -> tuple[Library, list[list[str]], list[str], Callable[[], None]]:
    window = QWidget()
    qtbot.addWidget(window)
    library = Library()
    added: list[list[str]] = []
    messages: list[str] = []
    connect_open_request(request, window, library.ready, added.append, messages.append)
    return library, added, messages, library.ready.emit


# the offscreen platform's note when a dialog opens: not a problem of the app
OFFSCREEN_DIALOG = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@OFFSCREEN_DIALOG
def test_a_folder_is_offered_once_the_library_is_ready(qtbot, files: dict[str, Path]  # type: ignore[no-untyped-def]
                                                       ) -> None:
    request = classify_args([str(files["folder"]), str(files["notes"])])
    library, added, messages, ready = connect(qtbot, request)
    assert messages == [request.problems[0]] and added == []
    seen: list[str] = []
    answer_question("Index", seen)
    ready()
    qtbot.waitUntil(lambda: bool(added), timeout=5000)
    assert added == [[str(files["folder"])]]
    assert seen[0].startswith("Index this folder?\n" + str(files["folder"]))
    ready()  # the library opens again (another device): no second question
    qtbot.wait(100)
    assert len(seen) == 1 and added == [[str(files["folder"])]]


@OFFSCREEN_DIALOG
def test_declining_adds_nothing(qtbot, files: dict[str, Path], tmp_path: Path  # type: ignore[no-untyped-def]
                                ) -> None:
    other = tmp_path / "other"
    other.mkdir()
    request = classify_args([str(files["folder"]), str(other)])
    _, added, messages, ready = connect(qtbot, request)
    seen: list[str] = []
    answer_question("Not now", seen)
    ready()
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    qtbot.wait(50)
    assert seen[0].startswith("Index these 2 folders?") and added == [] and messages == []


def test_the_app_has_its_icon_and_desktop_file_name(qapp: QApplication) -> None:
    before_icon, before_name = qapp.windowIcon(), QGuiApplication.desktopFileName()
    try:
        apply_identity(qapp)
        assert QGuiApplication.desktopFileName() == APP_ID
        sizes = {size.width() for size in qapp.windowIcon().availableSizes()}
        assert sizes == set(ICON_SIZES)
    finally:
        qapp.setWindowIcon(before_icon)
        QGuiApplication.setDesktopFileName(before_name)
