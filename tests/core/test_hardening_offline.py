"""An offline or unreadable folder is not a deleted folder: its photos are kept."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import clipview
from clipview.core.library.library import Library
from clipview.core.library.sync import Plan, make_plan
from tests.helpers.library_data import run_index
from tests.helpers.synthetic_bundle import colour_photo


@pytest.fixture()
def library(tmp_path: Path, colour_bundle: Path) -> Iterator[Library]:
    folder = tmp_path / "photos"
    for n, colour in enumerate(["red", "blue", "green"]):
        colour_photo(folder / f"{colour}.jpg", colour, seed=n)
        colour_photo(folder / "trip" / f"trip_{colour}.png", colour, seed=10 + n)
    lib = clipview.open_library(tmp_path / "home", colour_bundle, device="cpu")
    lib.add_folder(folder)
    run_index(lib)
    yield lib
    lib.close()


def plan_of(library: Library, **kwargs: Any) -> Plan:
    return make_plan(library.catalog, library.model_id, library.catalog.folders.all(), **kwargs)


def known_names(library: Library) -> set[str]:
    return {Path(r.path).name for r in library.search("red", 50)}


def fail_for(monkeypatch: pytest.MonkeyPatch, name: str, target: Path, error: OSError) -> None:
    """Make ``scanner.os.<name>`` raise ``error`` for ``target`` only (works as root too)."""
    real = getattr(os, name)

    def failing(path: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fspath(path) == str(target):
            raise error
        return real(path, *args, **kwargs)

    monkeypatch.setattr(f"clipview.core.media.scanner.os.{name}", failing)


@pytest.mark.parametrize("error", [PermissionError(errno.EACCES, "Permission denied"),
                                   OSError(errno.EIO, "Input/output error"),
                                   FileNotFoundError(errno.ENOENT, "vanished")])
def test_unreadable_subfolder_keeps_its_photos(library: Library, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch,
                                               error: OSError) -> None:
    trip = tmp_path / "photos" / "trip"
    fail_for(monkeypatch, "scandir", trip, error)
    plan = plan_of(library)
    assert plan.unreadable_dirs == [str(trip)] and plan.removed == [] and plan.kept == 3
    summary = run_index(library)
    assert summary.removed == 0
    assert len(known_names(library)) == 6


def test_subfolder_that_cannot_be_stated_keeps_its_photos(library: Library, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    trip = tmp_path / "photos" / "trip"
    fail_for(monkeypatch, "stat", trip, OSError(errno.EIO, "Input/output error"))
    plan = plan_of(library)
    assert str(trip) in plan.unreadable_dirs and plan.removed == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 folder anyway; the "
                    "monkeypatched tests above cover root")
def test_chmod_000_subfolder_keeps_its_photos(library: Library, tmp_path: Path) -> None:
    trip = tmp_path / "photos" / "trip"
    trip.chmod(0)
    try:
        assert run_index(library).removed == 0
    finally:
        trip.chmod(0o755)
    assert len(known_names(library)) == 6


def test_unreadable_root_is_offline(library: Library, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "photos"
    fail_for(monkeypatch, "scandir", root, PermissionError(errno.EACCES, "Permission denied"))
    plan = plan_of(library)
    assert [(r.path, r.reason.startswith("cannot be read")) for r in plan.offline_roots] == [
        (str(root), True)]
    assert plan.removed == [] and plan.kept == 6 and plan.to_encode == []


def test_root_replaced_by_an_empty_folder_is_offline(library: Library, tmp_path: Path) -> None:
    """An unmounted drive whose mount point stays: the folder is there, and empty."""
    root = tmp_path / "photos"
    shutil.move(root, tmp_path / "unplugged")
    root.mkdir()
    (root / ".DS_Store").write_bytes(b"")
    (root / "lost+found").mkdir()
    plan = plan_of(library)
    assert [r.path for r in plan.offline_roots] == [str(root)]
    assert "empty" in plan.offline_roots[0].reason
    summary = run_index(library)
    assert summary.removed == 0 and "offline" in summary.skipped[0].reason
    assert len(known_names(library)) == 6


def test_root_on_another_device_is_offline(library: Library, tmp_path: Path) -> None:
    folder = library.catalog.folders.all()[0]
    now = plan_of(library).root_devices[folder.id]
    assert now == os.stat(tmp_path / "photos").st_dev
    assert plan_of(library, recorded_devices={folder.id: now}).offline_roots == []
    moved = plan_of(library, recorded_devices={folder.id: now + 1})
    assert [r.folder_id for r in moved.offline_roots] == [folder.id]
    assert "device" in moved.offline_roots[0].reason and moved.removed == []


def test_really_deleted_photos_still_leave(library: Library, tmp_path: Path) -> None:
    """The guard keeps only what could not be read: a deleted file in a readable folder goes."""
    (tmp_path / "photos" / "trip" / "trip_red.png").unlink()
    assert run_index(library).removed == 1


def test_empty_new_root_is_not_offline(tmp_path: Path, colour_bundle: Path) -> None:
    (tmp_path / "empty").mkdir()
    lib = clipview.open_library(tmp_path / "home", colour_bundle, device="cpu")
    lib.add_folder(tmp_path / "empty")
    assert plan_of(lib).offline_roots == []
    lib.close()


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a tmpfs needs root")
def test_unmounted_tmpfs_keeps_its_photos(tmp_path: Path, colour_bundle: Path) -> None:
    mount_point = tmp_path / "drive"
    mount_point.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "tmpfs", str(mount_point)],
                      capture_output=True).returncode != 0:
        pytest.skip("this machine does not allow mounting a tmpfs")
    try:
        colour_photo(mount_point / "red.jpg", "red")
        colour_photo(mount_point / "blue.jpg", "blue")
        lib = clipview.open_library(tmp_path / "home", colour_bundle, device="cpu")
        lib.add_folder(mount_point)
        assert run_index(lib).indexed == 2
    finally:
        subprocess.run(["umount", str(mount_point)], check=True)
    summary = run_index(lib)
    assert summary.removed == 0
    assert {Path(r.path).name for r in lib.search("red", 5)} == {"red.jpg", "blue.jpg"}
    lib.close()
