"""Incremental indexing: nothing re-encoded without a change; moves keep their vector."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import clipview
from clipview.core.library.library import Library
from clipview.core.models.encoder import ClipModel
from tests.helpers.library_data import PALETTE, colour_folder, colour_of, run_index
from tests.helpers.synthetic_bundle import colour_photo


class CountingModel(ClipModel):
    """The real model, counting how many images it encodes."""

    encoded = 0

    def encode_pixels(self, pixels):  # type: ignore[no-untyped-def]
        CountingModel.encoded += len(pixels)
        return super().encode_pixels(pixels)


@pytest.fixture()
def library(tmp_path: Path, colour_bundle: Path) -> Library:
    base = clipview.load_model(colour_bundle, "cpu")
    model = CountingModel(base.bundle, "cpu")
    CountingModel.encoded = 0
    lib = clipview.open_library(tmp_path / "home", model)
    colour_folder(tmp_path / "photos")
    lib.add_folder(tmp_path / "photos")
    return lib


def test_rerun_encodes_nothing(library: Library) -> None:
    first = run_index(library)
    assert first.indexed == CountingModel.encoded == sum(PALETTE.values())
    second = run_index(library)
    assert (second.indexed, second.unchanged, CountingModel.encoded) == (
        0, sum(PALETTE.values()), sum(PALETTE.values()))


def test_rename_and_move_keep_row_and_vector(library: Library, tmp_path: Path) -> None:
    run_index(library)
    old = next((tmp_path / "photos" / "set0").glob("blue_0.*"))
    row_id = library.catalog.vectors.of(str(old.resolve()), library.model_id)[0]  # type: ignore[index]
    moved = tmp_path / "photos" / "set1" / "deeper" / f"renamed{old.suffix}"
    moved.parent.mkdir()
    os.rename(old, moved)
    before = CountingModel.encoded
    summary = run_index(library)
    assert (summary.moved, summary.indexed, summary.removed) == (1, 0, 0)
    assert CountingModel.encoded == before
    found = library.catalog.vectors.of(str(moved.resolve()), library.model_id)
    assert found is not None and found[0] == row_id
    assert str(moved.resolve()) in [r.path for r in library.search("blue", 4)]


def test_deleted_file_leaves_results(library: Library, tmp_path: Path) -> None:
    run_index(library)
    victim = sorted((tmp_path / "photos").rglob("red_*"))[0]
    victim.unlink()
    summary = run_index(library)
    assert summary.removed == 1
    paths = [r.path for r in library.search("red", 50)]
    assert str(victim.resolve()) not in paths and len(paths) == sum(PALETTE.values()) - 1


def test_changed_file_is_encoded_again(library: Library, tmp_path: Path) -> None:
    run_index(library)
    target = sorted((tmp_path / "photos").rglob("green_*"))[0]
    colour_photo(target, "red", seed=5)
    os.utime(target, ns=(1, 1))
    summary = run_index(library)
    assert summary.indexed == 1
    top = library.search("red", 5)
    assert str(target.resolve()) in [r.path for r in top]


def test_offline_folder_keeps_its_photos(library: Library, tmp_path: Path) -> None:
    run_index(library)
    shutil.move(tmp_path / "photos", tmp_path / "unplugged")
    summary = run_index(library)
    assert summary.removed == 0 and "folder not found" in summary.skipped[0].reason
    assert len(library.search("red", 50)) == sum(PALETTE.values())


def test_forget_removes_photos(library: Library, tmp_path: Path) -> None:
    run_index(library)
    assert library.forget(tmp_path / "photos") == sum(PALETTE.values())
    assert library.search("red", 10) == [] and library.folders() == []


def test_nested_folders_merge(library: Library, tmp_path: Path) -> None:
    inner = tmp_path / "photos" / "set0"
    assert library.add_folder(inner) == str((tmp_path / "photos").resolve())
    summary = run_index(library)
    assert summary.indexed == sum(PALETTE.values())
    assert {colour_of(r.path) for r in library.search("black", 2)} == {"black"}
