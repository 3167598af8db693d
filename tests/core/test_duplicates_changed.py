"""A copy edited since it was indexed, its size and mtime put back (``touch -r``), is not an
identical file: the catalog's digest is trusted only while the size, mtime and ctime are as
recorded (``file_stamp``), and nothing is trashed as an identical copy before its bytes are
read again and found to be the keeper's."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

import clipview
from clipview.core.library.copies import IDENTICAL
from clipview.core.library.library import Library
from tests.core.test_duplicates import scene
from tests.helpers.library_data import run_index


def stored_png(path: Path, seed: int) -> Path:
    """A scene as an uncompressed PNG: every one of the same size has the same byte count."""
    scene(path.with_suffix(".jpg"), seed)
    with Image.open(path.with_suffix(".jpg")) as image:
        image.save(path, compress_level=0)
    path.with_suffix(".jpg").unlink()
    return path


def edit_keeping_stamp(path: Path, edit: bytes) -> None:
    """Write ``edit`` over ``path`` (the same length) and put its mtime back."""
    before = path.stat()
    assert len(edit) == before.st_size
    path.write_bytes(edit)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


@pytest.fixture()
def copies(tmp_path: Path, colour_bundle: Path) -> Iterator[tuple[Library, Path, Path]]:
    original = stored_png(tmp_path / "photos" / "a.png", seed=3)
    copy = tmp_path / "photos" / "b.png"
    shutil.copy2(original, copy)
    lib = clipview.open_library(tmp_path / "home", clipview.load_model(colour_bundle, "cpu"))
    lib.add_folder(tmp_path / "photos")
    run_index(lib)
    yield lib, original.resolve(), copy.resolve()
    lib.close()


def _trash_to(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from send2trash import plat_other  # reads XDG_DATA_HOME when first imported

    data_home = tmp_path / "data"
    monkeypatch.setattr(plat_other, "XDG_DATA_HOME", str(data_home).encode())
    monkeypatch.setattr(plat_other, "HOMETRASH_B", str(data_home / "Trash").encode())
    return data_home


def test_one_flipped_byte_with_its_mtime_put_back_is_not_identical(copies) -> None:  # type: ignore[no-untyped-def]
    library, original, copy = copies
    (group,) = library.duplicates()
    assert group.reason == IDENTICAL
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0xFF   # a pixel byte of the stored (uncompressed) image data
    edit_keeping_stamp(copy, bytes(data))
    for found in library.duplicates():
        assert found.reason != IDENTICAL, found


def test_another_picture_of_the_same_size_is_neither_grouped_nor_trashed(  # type: ignore[no-untyped-def]
        copies, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library, original, copy = copies
    other = stored_png(tmp_path / "other.png", seed=11)
    edit_keeping_stamp(copy, other.read_bytes())
    groups = library.duplicates()
    assert groups == []
    _trash_to(tmp_path, monkeypatch)
    library.trash_duplicates(groups)
    assert copy.is_file() and original.is_file()


def test_a_copy_changed_after_its_group_was_found_is_not_trashed(  # type: ignore[no-untyped-def]
        copies, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The group says IDENTICAL; the file changes before the trash: it stays."""
    library, original, copy = copies
    (group,) = library.duplicates()
    assert group.reason == IDENTICAL
    changed = Path(group.extra[0])
    data = bytearray(changed.read_bytes())
    data[-100] ^= 0x01
    changed.write_bytes(bytes(data))
    data_home = _trash_to(tmp_path, monkeypatch)
    report = library.trash_duplicates([group])
    assert report.moved == [] and [p for p, _ in report.failed] == [str(changed)]
    assert report.failed[0][1] == "changed since it was compared: kept"
    assert changed.is_file() and not (data_home / "Trash" / "files").exists()
    assert changed.read_bytes() == bytes(data)
