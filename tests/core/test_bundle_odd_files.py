"""A bundle file that is no regular file (a FIFO, a link to /dev/zero) is named as such, not
as missing; and installing a folder says what is wrong of that folder, never of the copy
being made inside the library (``models/.incoming-…``)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from clipview.core.errors import BundleError
from clipview.core.models.bundle import load_bundle
from clipview.core.models.store import ModelStore


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _dev_zero(path: Path) -> None:
    path.symlink_to("/dev/zero")


def _gone(path: Path) -> None:
    pass


ODD: list[tuple[Callable[[Path], None], str]] = [
    (_fifo, "visual/model.onnx is not a regular file"),
    (_dev_zero, "visual/model.onnx is not a regular file"),
    (_gone, "is incomplete: missing visual/model.onnx")]


def _bundle_with(tmp_path: Path, colour_bundle: Path, make: Callable[[Path], None]) -> Path:
    folder = tmp_path / "bundle"
    shutil.copytree(colour_bundle, folder)
    (folder / "visual" / "model.onnx").unlink()
    make(folder / "visual" / "model.onnx")
    return folder


@pytest.mark.parametrize(("make", "said"), ODD[:2])
def test_a_file_that_is_not_regular_is_named_as_such(
        tmp_path: Path, colour_bundle: Path, make: Callable[[Path], None], said: str) -> None:
    folder = _bundle_with(tmp_path, colour_bundle, make)
    with pytest.raises(BundleError, match=f"model bundle {folder}: {said}$"):
        load_bundle(folder)


@pytest.mark.parametrize(("make", "said"), ODD)
def test_installing_names_the_users_folder(tmp_path: Path, colour_bundle: Path,
                                           make: Callable[[Path], None], said: str) -> None:
    folder = _bundle_with(tmp_path, colour_bundle, make)
    store = ModelStore(tmp_path / "home")
    with pytest.raises(BundleError) as raised:
        list(store.install(str(folder)))
    assert str(folder) in str(raised.value) and said in str(raised.value)
    assert ".incoming" not in str(raised.value)
    assert store.names() == [] and not [p for p in store.root.iterdir()]
