"""Offline folders end to end: the device is recorded after a run, a folder found elsewhere
(or empty, or gone) is marked offline and keeps its photos (still searchable), it comes back
online by itself, and it can still be named (index, forget)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import clipview
from clipview.core.library.library import Library
from tests.helpers.library_data import run_index
from tests.helpers.synthetic_bundle import colour_photo


@pytest.fixture()
def library(tmp_path: Path, colour_bundle: Path) -> Iterator[Library]:
    for n, colour in enumerate(["red", "blue", "green"]):
        colour_photo(tmp_path / "drive" / f"{colour}.jpg", colour, seed=n)
    lib = clipview.open_library(tmp_path / "home", colour_bundle, device="cpu")
    lib.add_folder(tmp_path / "drive")
    run_index(lib)
    yield lib
    lib.close()


def unplug(root: Path) -> None:
    """What an unmounted drive looks like: the mount point stays, empty."""
    shutil.move(root, root.with_name("unplugged"))
    root.mkdir()


def test_device_is_recorded_after_a_run(library: Library, tmp_path: Path) -> None:
    folder = library.folder_rows()[0]
    device = (tmp_path / "drive").stat().st_dev
    assert library.catalog.folders.recorded_devices() == {folder.id: device}
    assert not folder.offline and folder.offline_reason is None


def test_a_recorded_device_that_changes_makes_the_folder_offline(library: Library) -> None:
    folder = library.folder_rows()[0]
    library.catalog.folders.record_states({folder.id: 123456789}, [])  # "another disk"
    summary = run_index(library)
    assert summary.removed == 0 and summary.indexed == 0
    row = library.folder_rows()[0]
    assert row.offline and row.offline_reason is not None and "device" in row.offline_reason
    assert library.catalog.folders.recorded_devices() == {folder.id: 123456789}  # not overwritten
    assert len(library.search("red", 10)) == 3  # still searchable


def test_offline_then_back_online(library: Library, tmp_path: Path) -> None:
    root = tmp_path / "drive"
    unplug(root)
    assert run_index(library).removed == 0
    row = library.folder_rows()[0]
    assert row.offline and "empty" in str(row.offline_reason) and row.images == 3
    since = library.catalog.folders.offline_since(row.id)
    assert since is not None
    run_index(library)  # still offline: the first time is kept
    assert library.catalog.folders.offline_since(row.id) == since
    report = library.status()
    assert report.folders[0].offline and report.folders[0].offline_reason
    assert {Path(r.path).name for r in library.search("red", 3)} == {
        "red.jpg", "blue.jpg", "green.jpg"}
    root.rmdir()
    shutil.move(root.with_name("unplugged"), root)
    run_index(library)
    row = library.folder_rows()[0]
    assert not row.offline and row.offline_reason is None and row.images == 3
    assert library.catalog.folders.offline_since(row.id) is None


def test_an_offline_folder_can_still_be_named(library: Library, tmp_path: Path) -> None:
    root = tmp_path / "drive"
    shutil.move(root, tmp_path / "gone")  # not even the mount point is left
    run_index(library)
    assert library.folder_rows()[0].offline
    assert library.add_folder(root) == str(root)  # `index PATH` on an offline folder
    assert library.forget(root) == 3
    assert library.folder_rows() == []
