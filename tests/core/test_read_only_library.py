"""Read-only libraries (a backup, a read-only disk) can be searched; readers never write."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import clipview
from clipview.core.library.locking import ReadOnlyLibrary
from tests.helpers.synthetic_bundle import colour_photo


def files_below(folder: Path) -> dict[str, float]:
    return {str(p.relative_to(folder)): p.stat().st_mtime for p in folder.rglob("*")}


@pytest.fixture()
def home(tmp_path: Path, colour_bundle: Path) -> Path:
    for n, colour in enumerate(["red", "blue", "green"]):
        colour_photo(tmp_path / "photos" / f"{colour}.jpg", colour, seed=n)
    with clipview.open_library(tmp_path / "home", colour_bundle, device="cpu") as library:
        library.add_folder(tmp_path / "photos")
        for _ in library.index():
            pass
        library.vectors.path.unlink()  # a stale cache: a reader must rebuild it in memory
    return tmp_path / "home"


@pytest.fixture()
def read_only_home(home: Path, tmp_path: Path) -> Iterator[Path]:
    """The library seen through a read-only bind mount (root), else with chmod -R a-w."""
    if os.geteuid() != 0:
        for path in [home, *home.rglob("*")]:
            path.chmod(path.stat().st_mode & ~0o222)
        yield home
        for path in [home, *home.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o200)
        return
    view = tmp_path / "backup"
    view.mkdir()
    if subprocess.run(["mount", "--bind", str(home), str(view)],
                      capture_output=True).returncode != 0:
        pytest.skip("this machine does not allow bind mounts")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], check=True)
        yield view
    finally:
        subprocess.run(["umount", str(view)], check=True)


def test_read_only_library_is_searched_and_never_written(read_only_home: Path,
                                                        colour_bundle: Path) -> None:
    before = files_below(read_only_home)
    with clipview.open_library(read_only_home, colour_bundle, device="cpu") as library:
        assert library.read_only and library.catalog.read_only
        assert [Path(r.path).name for r in library.search("red", 1)] == ["red.jpg"]
        assert library.similar(library.search("blue", 1)[0].path, 1)
        status = library.status()
        assert status.images == 3 and status.index.count == 3
        assert library.check().ok
        with pytest.raises(ReadOnlyLibrary, match="read-only"):
            for _ in library.index():
                pass
        with pytest.raises(ReadOnlyLibrary):
            library.forget(status.folders[0].path)
    assert files_below(read_only_home) == before  # no cache, no lock file, no -wal


def test_a_reader_records_no_model(home: Path, colour_bundle: Path, tmp_path: Path) -> None:
    """Opening with a model the library never used inserts nothing; indexing does."""
    other = tmp_path / "other-model"
    shutil.copytree(colour_bundle, other)
    (other / "visual" / "extra.onnx_data").write_bytes(b"external weights")  # new weights
    with clipview.open_library(home, other, device="cpu") as library:
        known = {row.key for row in library.catalog.models.rows()}
        assert library.key not in known and library.search("red", 3) == []
        assert {row.key for row in library.catalog.models.rows()} == known
        assert library.status().images == 0
        assert {row.key for row in library.catalog.models.rows()} == known
        for _ in library.index():
            pass
        assert library.key in {row.key for row in library.catalog.models.rows()}


def test_a_reader_does_not_save_the_cache_while_another_writes(home: Path,
                                                               colour_bundle: Path) -> None:
    writer = clipview.open_library(home, colour_bundle, device="cpu")
    reader = clipview.open_library(home, colour_bundle, device="cpu")
    try:
        with writer.writer:  # another writer at work (seen from another thread)
            found: list[int] = []
            thread = threading.Thread(target=lambda: found.append(len(reader.search("red"))))
            thread.start()
            thread.join()
            assert found == [3] and not reader.vectors.path.exists()
        reader.cache.ready = False
        reader.search("red")  # no writer now: the rebuilt cache is saved
        assert reader.vectors.path.exists()
    finally:
        reader.close()
        writer.close()


def test_writer_lock_of_a_read_only_library_refuses_at_once(tmp_path: Path) -> None:
    from clipview.core.library.locking import WriterLock

    lock = WriterLock(tmp_path / "library.lock", read_only="the library is read-only")
    with pytest.raises(ReadOnlyLibrary, match="read-only"):
        lock.acquire()
    assert not (tmp_path / "library.lock").exists()
