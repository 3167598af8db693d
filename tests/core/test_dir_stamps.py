"""Directory stamps (issue 13): an unchanged run reads no catalog row, and every kind of
change — a photo edited in place, added, removed, renamed, a sub-folder forgotten and taken
back, a vector dropped by a repair — still gets the full comparison and is indexed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

import clipview
from clipview.core.catalog.images import ImageTable
from clipview.core.library.library import Library
from clipview.core.progress import IndexSummary
from tests.helpers.library_data import PALETTE, colour_folder
from tests.helpers.library_data import run_index as run
from tests.helpers.synthetic_bundle import colour_photo

TOTAL = sum(PALETTE.values())


def no_rows(*args: object) -> dict[str, object]:
    raise AssertionError("an unchanged run read every catalog row")


@pytest.fixture()
def stamped(tmp_path: Path, colour_bundle: Path) -> Iterator[Library]:
    """A library indexed twice: the second run found nothing to do and kept its stamps."""
    colour_folder(tmp_path / "photos")
    with clipview.open_library(tmp_path / "lib", colour_bundle, "cpu") as library:
        library.add_folder(tmp_path / "photos")
        assert run(library).indexed == TOTAL
        assert run(library).unchanged == TOTAL
        yield library


def quick_run(library: Library, monkeypatch: pytest.MonkeyPatch) -> IndexSummary:
    with monkeypatch.context() as patch:
        patch.setattr(ImageTable, "rows", no_rows)
        return run(library)


def test_an_unchanged_run_reads_no_catalog_row(stamped: Library,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    summary = quick_run(stamped, monkeypatch)
    assert (summary.unchanged, summary.indexed, summary.removed) == (TOTAL, 0, 0)
    assert quick_run(stamped, monkeypatch).unchanged == TOTAL   # and again


def photo(library: Library, colour: str) -> Path:
    folder = Path(library.folders()[0])
    return next(p for p in sorted(folder.rglob("*")) if p.name.startswith(colour + "_"))


def test_a_photo_edited_in_place_is_encoded_again(stamped: Library) -> None:
    red = photo(stamped, "red")
    directory = os.stat(red.parent)
    colour_photo(red, "blue", seed=99)   # rewritten in place: the folder's mtime stays
    os.utime(red.parent, ns=(directory.st_atime_ns, directory.st_mtime_ns))
    summary = run(stamped)
    assert (summary.indexed, summary.unchanged) == (1, TOTAL - 1)
    blues = PALETTE["blue"] + 1
    assert str(red) in {r.path for r in stamped.search("blue", blues)}


def test_added_removed_and_renamed_photos_are_seen(stamped: Library) -> None:
    red, green = photo(stamped, "red"), photo(stamped, "green")
    red.unlink()
    green.rename(green.with_name("renamed_" + green.name))
    colour_photo(green.parent / "new_0.jpg", "blue", seed=5)
    summary = run(stamped)
    assert (summary.removed, summary.moved, summary.indexed) == (1, 1, 1)
    assert run(stamped).unchanged == TOTAL
    assert quick_candidate(stamped)


def quick_candidate(library: Library) -> bool:
    """Whether the next run can take the quick way (every directory stamped)."""
    return bool(library.catalog.stamps.of(library.model_id))


def test_a_forgotten_subfolder_taken_back_is_indexed_again(
        stamped: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    subfolder = photo(stamped, "red").parent
    stamped.exclude_subfolder(subfolder)
    kept = run(stamped).unchanged
    assert kept < TOTAL
    stamped.include(subfolder)   # the files never changed; their rows are gone
    summary = run(stamped)
    assert summary.indexed == TOTAL - kept
    assert run(stamped).unchanged == TOTAL   # stamps the folders this run changed
    assert quick_run(stamped, monkeypatch).unchanged == TOTAL


def test_a_repair_that_drops_vectors_is_followed_by_a_full_run(
        stamped: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    red = photo(stamped, "red")
    row = next(r for r in stamped.catalog.images.rows(stamped.model_id).values()
               if r.path == str(red))
    stamped.catalog.health.repair(stamped.model_id, [row.id])
    assert run(stamped).indexed == 1   # its vector comes back
    assert run(stamped).unchanged == TOTAL
    assert quick_run(stamped, monkeypatch).unchanged == TOTAL


def test_a_photo_put_back_after_a_watched_edit_is_encoded_again(stamped: Library) -> None:
    red = photo(stamped, "red")
    original, info = red.read_bytes(), os.stat(red)
    colour_photo(red, "blue", seed=99)
    for _ in stamped.index(only_dirs=[str(red.parent)]):   # what the folder watcher does
        pass
    red.write_bytes(original)   # a backup put back with its old time (rsync -t)
    os.utime(red, ns=(info.st_atime_ns, info.st_mtime_ns))
    assert run(stamped).indexed == 1
