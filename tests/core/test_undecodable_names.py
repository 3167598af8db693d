"""File and folder names that are not UTF-8 are indexed and come back byte for byte."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import clipview
from clipview.core.catalog.paths import from_stored, prefix_range, to_stored
from clipview.core.search.search import Filters
from tests.helpers.synthetic_bundle import colour_photo

FOLDER = b"caf\xe9"           # Latin-1 "café": not UTF-8
PHOTO = b"r\xe9d \xff.png"


@pytest.mark.parametrize("name", ["plain/path.jpg", "été/ü.png", "caf\udce9/x\udcff.jpg",
                                  "\udc80", "a\\x00e9"])
def test_stored_form_round_trips(name: str) -> None:
    stored = to_stored(name)
    stored.encode("utf-8")  # storable as SQLite text
    assert from_stored(stored.encode("utf-8")) == name
    if not any("\udc80" <= char <= "\udcff" for char in name):
        assert stored == name  # valid names are stored unchanged


def test_prefix_range_selects_the_folder_only() -> None:
    low, high = prefix_range("/a/caf\udce9")
    inside, outside = to_stored("/a/caf\udce9/x.jpg"), to_stored("/a/caf\udce9x/y.jpg")
    assert to_stored(low) <= inside < to_stored(high)
    assert not to_stored(low) <= outside < to_stored(high)


def test_undecodable_names_are_indexed_searched_and_round_trip(tmp_path: Path,
                                                               colour_bundle: Path) -> None:
    folder = os.path.join(os.fsencode(tmp_path), b"photos", FOLDER)
    os.makedirs(folder)
    raw = os.path.join(folder, PHOTO)
    colour_photo(Path(os.fsdecode(raw)), "red")
    colour_photo(tmp_path / "photos" / "blue.png", "blue")
    with clipview.open_library(tmp_path / "home", colour_bundle, device="cpu") as library:
        library.add_folder(tmp_path / "photos")
        summary = None
        for progress in library.index():
            summary = progress.summary or summary
        assert summary is not None and summary.indexed == 2 and summary.skipped == []
        top = library.search("red", 1)[0]
        assert os.fsencode(top.path) == raw  # the same bytes come back
        assert library.similar(top.path, 1)[0].path.endswith("blue.png")
        inside = library.search("red", 5, Filters(folder=os.fsdecode(folder)))
        assert [os.fsencode(r.path) for r in inside] == [raw]
        assert [os.fsencode(r.path) for r in library.browse(
            Filters(folders=(os.fsdecode(folder),)))] == [raw]
        again = None
        for progress in library.index():  # the next run finds both unchanged
            again = progress.summary or again
        assert again is not None and (again.unchanged, again.indexed, again.removed) == (2, 0, 0)
