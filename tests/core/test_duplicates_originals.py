"""A byte copy of a member that is not the keeper (a backup of a resized copy) is an
identical file of that member, its "original": it is offered for the trash like a copy of
the keeper, read again against its original first, and the original stays."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

import clipview
from clipview.core.library.duplicates import IDENTICAL_FILE, NEAR_COPY, DuplicateGroup
from clipview.core.library.library import Library
from tests.core.test_duplicates import scene
from tests.core.test_duplicates_changed import _trash_to
from tests.helpers.library_data import run_index


def copy_of_a_near_copy(root: Path) -> tuple[Path, Path, Path]:
    """IMG_1.jpg (the keeper), small/IMG_1.jpg (resized) and backup/IMG_1.jpg (a byte
    copy of the resized one)."""
    keeper = scene(root / "IMG_1.jpg", seed=5)
    (root / "small").mkdir()
    with Image.open(keeper) as image:
        image.resize((160, 120)).save(root / "small" / "IMG_1.jpg", quality=60)
    (root / "backup").mkdir()
    backup = shutil.copy2(root / "small" / "IMG_1.jpg", root / "backup" / "IMG_1.jpg")
    return keeper.resolve(), (root / "small" / "IMG_1.jpg").resolve(), Path(backup).resolve()


@pytest.fixture()
def found(tmp_path: Path, colour_bundle: Path
          ) -> Iterator[tuple[Library, DuplicateGroup, tuple[Path, Path, Path]]]:
    made = copy_of_a_near_copy(tmp_path / "photos")
    with clipview.open_library(tmp_path / "home",
                               clipview.load_model(colour_bundle, "cpu")) as library:
        library.add_folder(tmp_path / "photos")
        run_index(library)
        (group,) = library.duplicates()
        yield library, group, made


def test_a_byte_copy_of_a_near_copy_is_an_identical_file_of_it(found) -> None:  # type: ignore[no-untyped-def]
    _library, group, (keeper, small, backup) = found
    by_path = {p.path: p for p in group.photos}
    assert group.keep == str(keeper)
    assert group.relation(by_path[str(small)]) == NEAR_COPY
    assert group.relation(by_path[str(backup)]) == IDENTICAL_FILE
    assert group.identical_to(str(backup)) == str(small)
    assert group.identical_to(str(small)) is None and group.identical_to(str(keeper)) is None
    assert group.identical_extra == [str(backup)]


def test_trash_extra_moves_it_and_keeps_its_original(  # type: ignore[no-untyped-def]
        found, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library, group, (keeper, small, backup) = found
    _trash_to(tmp_path, monkeypatch)
    report = library.trash_duplicates([group])
    assert report.moved == [str(backup)] and not report.failed
    assert keeper.is_file() and small.is_file() and not backup.exists()


def test_it_is_read_again_against_its_original_before_the_trash(  # type: ignore[no-untyped-def]
        found, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its original changed after the group was found: the copy is not its original's
    bytes any more, so it stays (the keeper's bytes were never the question)."""
    library, group, (keeper, small, backup) = found
    with Image.open(keeper) as image:
        image.resize((160, 120)).save(small, quality=90)
    data_home = _trash_to(tmp_path, monkeypatch)
    report = library.trash_duplicates([group], chosen={str(backup)})
    assert report.moved == []
    assert report.failed == [(str(backup), "changed since it was compared: kept")]
    assert backup.is_file() and not (data_home / "Trash" / "files").exists()


def test_a_group_without_some_paths_keeps_one_original_per_set(found) -> None:  # type: ignore[no-untyped-def]
    """The resized copy leaves: its backup is the best of that set now, a near copy."""
    _library, group, (keeper, small, backup) = found
    left = group.without({str(small)})
    assert left is not None and left.paths == [str(keeper), str(backup)]
    assert left.identical_to(str(backup)) is None and left.identical_extra == []
    assert group.without({str(small), str(backup)}) is None
