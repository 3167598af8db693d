"""Links: folder links leaving the tracked folder are not followed unless asked; a photo
reached twice is one photo. File names that are not UTF-8 are found."""

from __future__ import annotations

import os
from pathlib import Path

import clipview
from clipview.core.library.sync import make_plan
from clipview.core.media.scanner import FoundFile, scan, scan_roots
from tests.helpers.synthetic_bundle import colour_photo


def found_paths(root: Path, follow: bool = False) -> list[str]:
    return [os.path.relpath(item.path, root) for item in scan(str(root), follow)
            if isinstance(item, FoundFile)]


def test_external_folder_link_needs_permission(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    colour_photo(outside / "secret.jpg", "red")
    root = tmp_path / "photos"
    colour_photo(root / "mine.jpg", "blue")
    (root / "link_out").symlink_to(outside, target_is_directory=True)
    assert found_paths(root) == ["mine.jpg"]
    assert sorted(found_paths(root, follow=True)) == ["link_out/secret.jpg", "mine.jpg"]


def test_internal_folder_link_is_walked_once_at_its_real_place(tmp_path: Path) -> None:
    root = tmp_path / "photos"
    colour_photo(root / "z_real" / "a.jpg", "red")
    (root / "a_link").symlink_to(root / "z_real", target_is_directory=True)
    (root / "z_real" / "loop").symlink_to(root, target_is_directory=True)
    assert found_paths(root) == ["z_real/a.jpg"]
    assert found_paths(root, follow=True) == ["z_real/a.jpg"]


def test_hard_link_and_file_link_are_one_photo(tmp_path: Path) -> None:
    root = tmp_path / "photos"
    colour_photo(root / "b_original.jpg", "red")
    os.link(root / "b_original.jpg", root / "c_hardlink.jpg")
    (root / "a_symlink.jpg").symlink_to(root / "b_original.jpg")
    assert found_paths(root) == ["b_original.jpg"]  # the first real entry, not the link


def test_linked_file_alone_is_found(tmp_path: Path) -> None:
    outside = colour_photo(tmp_path / "elsewhere" / "x.jpg", "red")
    root = tmp_path / "photos"
    root.mkdir()
    (root / "link.jpg").symlink_to(outside)
    assert found_paths(root) == ["link.jpg"]


def test_overlapping_roots_give_one_photo(tmp_path: Path) -> None:
    root = tmp_path / "photos"
    colour_photo(root / "a.jpg", "red")
    other = tmp_path / "other"
    other.mkdir()
    os.link(root / "a.jpg", other / "same.jpg")
    items = list(scan_roots([str(root), str(other)]))
    assert [(i, Path(f.path).name) for i, f in items] == [(0, "a.jpg")]


def test_library_indexes_a_hard_linked_photo_once(tmp_path: Path, colour_bundle: Path) -> None:
    root = tmp_path / "photos"
    colour_photo(root / "a.jpg", "red")
    os.link(root / "a.jpg", root / "b.jpg")
    library = clipview.open_library(tmp_path / "home", colour_bundle, device="cpu")
    library.add_folder(root)
    for _ in library.index():
        pass
    assert [Path(r.path).name for r in library.search("red", 10)] == ["a.jpg"]
    library.close()


def test_non_utf8_names_are_found_and_never_crash_a_run(tmp_path: Path,
                                                        colour_bundle: Path) -> None:
    root = tmp_path / "photos"
    colour_photo(root / "plain.jpg", "red")
    folder = os.path.join(os.fsencode(root), b"d\xe9j\xe0")
    os.mkdir(folder)
    with open(os.path.join(folder, b"caf\xe9.jpg"), "wb") as handle:
        handle.write((root / "plain.jpg").read_bytes() + b"\x00")
    names = [os.fsencode(name) for name in found_paths(root)]
    assert names == [b"plain.jpg", b"d\xe9j\xe0/caf\xe9.jpg"]
    library = clipview.open_library(tmp_path / "home", colour_bundle, device="cpu")
    library.add_folder(root)
    plan = make_plan(library.catalog, library.model_id, library.catalog.folders.all())
    assert plan.skipped == [] and len(plan.to_encode) == 2  # the catalog stores any name
    summary = None
    for progress in library.index():
        summary = progress.summary or summary
    assert summary is not None and summary.indexed == 2
    library.close()
