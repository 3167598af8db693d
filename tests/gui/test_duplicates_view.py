"""The Duplicates dialog lists groups with thumbnails, marks the keeper, and asks for the
trash with exactly the photos marked "remove" (it never deletes anything itself)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

import clipview
from clipview.core.library.duplicates import (
    NEAR_COPY,
    SAME_PICTURE,
    DuplicateGroup,
    DuplicatePhoto,
)
from clipview.gui.duplicates_view import DuplicatesView
from clipview.gui.thumbnails import ThumbnailLoader
from tests.core.test_duplicates import scene
from tests.core.test_duplicates_originals import copy_of_a_near_copy
from tests.helpers.bursts import burst_with_copies
from tests.helpers.library_data import run_index
from tests.helpers.synthetic_bundle import colour_photo


def answer_trash(monkeypatch: pytest.MonkeyPatch,
                 answer: QMessageBox.StandardButton) -> list[str]:
    """Answer the dialog's question with ``answer``; the texts it asked, in order."""
    texts: list[str] = []

    def question(parent: object, title: str, text: str, *rest: object) -> object:
        texts.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    return texts


@pytest.fixture()
def loader() -> Iterator[ThumbnailLoader]:
    thumbs = ThumbnailLoader(None)
    yield thumbs
    thumbs.shutdown()


def _groups(tmp_path: Path) -> list[DuplicateGroup]:
    def photo(name: str, colour: str, size: tuple[int, int]) -> DuplicatePhoto:
        path = colour_photo(tmp_path / name, colour, size=size)
        return DuplicatePhoto(hash(name) % 1000, str(path), size[0], size[1],
                              path.stat().st_size, 1.6e9)

    return [DuplicateGroup((photo("a.png", "red", (96, 64)), photo("a_small.jpg", "red", (48, 32)),
                            photo("a_copy.png", "red", (96, 64))), "the same picture"),
            DuplicateGroup((photo("b.png", "blue", (80, 80)), photo("b2.png", "blue", (80, 80))),
                           "identical files")]


def test_lists_groups_and_emits_the_checked_paths(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                  loader: ThumbnailLoader,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    asked_texts = answer_trash(monkeypatch, QMessageBox.StandardButton.Yes)
    groups = _groups(tmp_path)
    view = DuplicatesView(loader, finder=lambda: groups)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.groupsShown, timeout=20000) as shown:
        view.find_duplicates()  # runs the finder on a worker thread
    assert shown.args == [2]
    assert "2 groups, 3 extra copies" in view.status.text()
    assert len(view.cells) == 5
    keepers = [c.photo.path for c in view.cells if c.keeper.text()]
    assert keepers == [groups[0].keep, groups[1].keep]
    assert view.checked_paths() == groups[1].extra  # the byte copy; near copies unticked
    assert not any(c.remove.isChecked() for c in view.cells if c.photo in groups[0].photos)
    assert all(groups[0].photos[1].width == 48 and "48×32" in c.details.text()
               for c in view.cells if c.photo.path == groups[0].photos[1].path)
    qtbot.waitUntil(lambda: all(loader.pixmap(c.photo.path, 128) is not None
                                for c in view.cells), timeout=20000)
    view.cells[1].remove.setChecked(True)  # the small near copy, ticked deliberately
    with qtbot.waitSignal(view.trashRequested, timeout=5000) as asked:
        qtbot.mouseClick(view.trash_button, Qt.MouseButton.LeftButton)
    assert asked.args == [[groups[0].photos[1].path, groups[1].photos[1].path]]
    assert len(asked_texts) == 1 and "Move 2 files to the trash?" in asked_texts[0]
    assert all(Path(p.path).exists() for g in groups for p in g.photos)  # nothing deleted
    view.forget_paths(asked.args[0])
    assert len(view.groups) == 1 and len(view.groups[0].photos) == 2


def test_without_a_finder_it_asks_and_shows_failures(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                     loader: ThumbnailLoader) -> None:
    view = DuplicatesView(loader)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.findRequested, timeout=5000):
        view.find_duplicates()
    with qtbot.waitSignal(view.groupsShown, timeout=5000):
        view.show_groups([])
    assert view.status.text() == "No duplicates found." and not view.trash_button.isEnabled()

    def broken() -> list[DuplicateGroup]:
        raise OSError("disk on fire")

    view.finder = broken
    view.find_duplicates()
    qtbot.waitUntil(lambda: "disk on fire" in view.status.text(), timeout=20000)


def shown_duplicates(qtbot, tmp_path: Path, colour_bundle: Path,  # type: ignore[no-untyped-def]
                     loader: ThumbnailLoader) -> tuple[DuplicatesView, list[DuplicateGroup]]:
    """The library's groups of ``tmp_path/photos`` (indexed now), shown in a dialog."""
    with clipview.open_library(tmp_path / "home", clipview.load_model(colour_bundle,
                                                                       "cpu")) as library:
        library.add_folder(tmp_path / "photos")
        run_index(library)
        groups = library.duplicates()
    view = DuplicatesView(loader)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.groupsShown, timeout=5000):
        view.show_groups(groups)
    return view, groups


def test_shows_names_and_folders_and_asks_once_with_the_count(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, colour_bundle: Path, loader: ThumbnailLoader,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _shots, original, copies = burst_with_copies(tmp_path / "photos")
    view, groups = shown_duplicates(qtbot, tmp_path, colour_bundle, loader)
    assert [sorted(c.photo.path for c in view.cells)] == [
        sorted(str(p.resolve()) for p in [original, *copies])]
    for cell in view.cells:
        assert cell.name.isVisible() and cell.folder.isVisible()
        assert cell.name.text() == Path(cell.photo.path).name
        folder = Path(cell.photo.path).parent
        assert cell.folder.text().endswith(folder.name) and cell.folder.toolTip() == str(folder)
    assert {c.folder.text().rsplit("/", 1)[-1] for c in view.cells} == {"burst", "zz_backup"}
    asked = answer_trash(monkeypatch, QMessageBox.StandardButton.Cancel)
    with qtbot.assertNotEmitted(view.trashRequested):
        qtbot.mouseClick(view.trash_button, Qt.MouseButton.LeftButton)
    assert asked == [asked[0]] and asked[0].startswith("Move 2 files to the trash?")
    asked = answer_trash(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(view.trashRequested, timeout=5000) as sent:
        qtbot.mouseClick(view.trash_button, Qt.MouseButton.LeftButton)
    assert len(asked) == 1 and sorted(sent.args[0]) == sorted(groups[0].extra)


def test_each_photo_says_what_it_is_to_the_keeper(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, colour_bundle: Path, loader: ThumbnailLoader) -> None:
    """A byte copy among near copies is an "identical file"; a resized copy "same
    picture"; only the byte copy is ticked "remove" (neither the keeper nor the near copy);
    one group is "1 group"."""
    original = scene(tmp_path / "photos" / "IMG_1.jpg", seed=5)
    backup = Path(shutil.copy2(original, tmp_path / "photos" / "IMG_1 (backup).jpg"))
    with Image.open(original) as image:
        image.resize((160, 120)).save(tmp_path / "photos" / "small.jpg", quality=60)
    view, groups = shown_duplicates(qtbot, tmp_path, colour_bundle, loader)
    assert view.status.text() == "1 group, 2 extra copies"
    cells = {Path(c.photo.path).name: c for c in view.cells}
    assert cells["IMG_1.jpg"].keeper.text() and not cells["IMG_1.jpg"].relation.text()
    assert cells[backup.name].relation.text() == "identical to IMG_1.jpg"
    assert cells["small.jpg"].relation.text() == NEAR_COPY
    assert view.checked_paths() == [str(backup.resolve())]
    assert not cells["small.jpg"].remove.isChecked()


def test_a_byte_copy_of_a_near_copy_says_so_and_starts_ticked(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, colour_bundle: Path, loader: ThumbnailLoader) -> None:
    """backup/IMG_1.jpg is a byte copy of the resized small/IMG_1.jpg: "identical to
    small/IMG_1.jpg" and ticked; the resized one (its original) and the keeper unticked."""
    keeper, small, backup = copy_of_a_near_copy(tmp_path / "photos")
    view, _groups = shown_duplicates(qtbot, tmp_path, colour_bundle, loader)
    cells = {c.photo.path: c for c in view.cells}
    assert cells[str(backup)].relation.text() == "identical to small/IMG_1.jpg"
    assert cells[str(backup)].relation.toolTip() == str(small)
    assert cells[str(small)].relation.text() == NEAR_COPY
    assert view.checked_paths() == [str(backup)]


def test_after_a_trash_job_the_kept_say_why_and_the_other_ticks_stay(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, loader: ThumbnailLoader) -> None:
    """Three groups of two: a's copy went (its group goes), b's copy was kept (its row says
    why, unticked), c's copy had been unticked by hand (it stays unticked)."""
    def pair(name: str) -> DuplicateGroup:
        made = [DuplicatePhoto(n, str(colour_photo(tmp_path / f"{name}{n}.png", "red")),
                               64, 64, 100, 1.6e9) for n in range(2)]
        return DuplicateGroup(tuple(made), "identical files", ((made[1].path, made[0].path),))

    groups = [pair("a"), pair("b"), pair("c")]
    view = DuplicatesView(loader)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.groupsShown, timeout=5000):
        view.show_groups(groups)
    a_copy, b_copy, c_copy = (group.extra[0] for group in groups)
    assert view.checked_paths() == [a_copy, b_copy, c_copy]
    next(c for c in view.cells if c.photo.path == c_copy).remove.setChecked(False)
    with qtbot.waitSignal(view.groupsShown, timeout=5000):
        view.show_trashed([a_copy], [(b_copy, "changed since it was compared: kept")])
    assert [g.keep for g in view.groups] == [groups[1].keep, groups[2].keep]
    cells = {c.photo.path: c for c in view.cells}
    assert cells[b_copy].relation.text() == "changed since it was compared: kept"
    assert view.checked_paths() == []
    assert view.status.text().startswith("Moved 1 photo to the trash. Not moved: b1.png")


def test_the_button_waits_for_a_tick_and_warns_when_no_copy_would_remain(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, loader: ThumbnailLoader,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing ticked: the button is off and the dialog says to tick; the keeper ticked as
    well as its copy: the question says no copy of it will remain, Cancel the default."""
    made = [DuplicatePhoto(n, str(colour_photo(tmp_path / f"DSC_200{n}.png", "red")),
                           64, 64, 100, 1.6e9) for n in (1, 2)]
    view = DuplicatesView(loader)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.groupsShown, timeout=5000):
        view.show_groups([DuplicateGroup(tuple(made), "identical files")])
    keeper, copy = view.cells
    assert view.trash_button.isEnabled() and not view.hint.isVisible()
    copy.remove.setChecked(False)
    assert not view.trash_button.isEnabled()
    assert view.hint.isVisible() and view.hint.text() == "Tick the copies to move"
    keeper.remove.setChecked(True)
    copy.remove.setChecked(True)
    assert view.trash_button.isEnabled() and not view.hint.isVisible()
    asked: list[tuple[str, object]] = []

    def question(parent: object, title: str, text: str, buttons: object,
                 default: object) -> object:
        asked.append((text, default))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", question)
    with qtbot.assertNotEmitted(view.trashRequested):
        qtbot.mouseClick(view.trash_button, Qt.MouseButton.LeftButton)
    ((text, default),) = asked
    assert text.startswith("Move 2 files to the trash?\n\nNo copy of DSC_2001.png will "
                           "remain in the library.")
    assert default == QMessageBox.StandardButton.Cancel


def test_groups_wrap_instead_of_scrolling_sideways(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, loader: ThumbnailLoader) -> None:
    """Eight photos in a group fit the dialog's width in rows (no sideways scrolling that
    hides the group's header), and again when the dialog is made narrower."""
    photos = tuple(DuplicatePhoto(n, str(colour_photo(tmp_path / f"shot_{n}.png", "red")),
                                  64, 64, 100, 1.6e9) for n in range(8))
    view = DuplicatesView(loader)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignal(view.groupsShown, timeout=5000):
        view.show_groups([DuplicateGroup(photos, SAME_PICTURE)])
    view.cells[3].remove.setChecked(False)
    viewport = view.area.viewport()
    for width in (900, 480):
        view.resize(width, 600)
        qtbot.waitUntil(lambda: view.area.widget().width() <= viewport.width(), timeout=5000)
        assert view.area.horizontalScrollBar().maximum() == 0
        for cell in view.cells:
            right = cell.mapTo(viewport, cell.rect().topRight()).x()
            assert 0 <= right <= viewport.width(), (width, right, viewport.width())
        rows = {cell.mapTo(viewport, cell.rect().topLeft()).y() for cell in view.cells}
        assert len(rows) > 1, width
    assert not view.cells[3].remove.isChecked()  # the ticks stay when the cells wrap
