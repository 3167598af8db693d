"""The Duplicates dialog lists groups with thumbnails, marks the keeper, and asks for the
trash with exactly the photos marked "remove" (it never deletes anything itself)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from clipview.core.duplicates import DuplicateGroup, DuplicatePhoto
from clipview.gui.duplicates_view import DuplicatesView
from clipview.gui.thumbnails import ThumbnailLoader
from tests.helpers.synthetic_bundle import colour_photo


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
                                                  loader: ThumbnailLoader) -> None:
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
    assert view.checked_paths() == groups[0].extra + groups[1].extra
    assert all(groups[0].photos[1].width == 48 and "48×32" in c.details.text()
               for c in view.cells if c.photo.path == groups[0].photos[1].path)
    qtbot.waitUntil(lambda: all(loader.pixmap(c.photo.path, 128) is not None
                                for c in view.cells), timeout=20000)
    view.cells[2].remove.setChecked(False)  # keep the copy after all
    with qtbot.waitSignal(view.trashRequested, timeout=5000) as asked:
        qtbot.mouseClick(view.trash_button, Qt.MouseButton.LeftButton)
    assert asked.args == [[groups[0].photos[1].path, groups[1].photos[1].path]]
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
