"""HNSW cache saves: short files never replace a good cache, stale temporaries of dead
processes go, failed saves keep search working; cache files are private."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from clipview.core.private_files import private_dir, private_opener
from clipview.core.search import vector_index
from clipview.core.search.vector_index import VectorIndex

DIM = 8


def filled(path: Path, count: int = 50, generation: int = 1) -> VectorIndex:
    index = VectorIndex(path, DIM)
    vectors = np.random.default_rng(0).normal(size=(count, DIM)).astype(np.float32)
    index.add(np.arange(count, dtype=np.int64), vectors, generation)
    return index


def loads(path: Path, generation: int, count: int) -> bool:
    return VectorIndex(path, DIM).load(generation)


@pytest.mark.parametrize("damage", ["empty", "short"])
def test_short_temporary_never_replaces_a_good_cache(tmp_path: Path, damage: str,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "index" / "m.hnsw"
    index = filled(path)
    assert index.save()
    good = path.read_bytes()
    real_write = vector_index._write_index

    def disk_full(hnsw: object, target: str) -> None:  # what a full disk leaves behind
        real_write(hnsw, target)
        size = 0 if damage == "empty" else os.path.getsize(target) // 2
        os.truncate(target, size)

    monkeypatch.setattr(vector_index, "_write_index", disk_full)
    index.add(np.array([99]), np.ones((1, DIM), np.float32), 2)
    with caplog.at_level(logging.WARNING, logger="clipview.core.search.vector_index"):
        assert index.save() is False
    assert "could not save" in caplog.text
    assert path.read_bytes() == good and loads(path, 1, 50)
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []
    assert index.search(np.ones(DIM, np.float32), 1)[0][0] == 99  # search goes on


def test_unwritable_cache_folder_is_skipped(tmp_path: Path) -> None:
    """A read-only library (simulated so that it holds for root too): the index folder's
    place is taken by a file, so nothing can be written there."""
    (tmp_path / "index").write_text("not a folder")
    index = filled(tmp_path / "index" / "m.hnsw")
    assert index.save() is False
    assert len(index.search(np.ones(DIM, np.float32), 5)) == 5


def test_read_only_folder_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_only(*args: object, **kwargs: object) -> int:
        raise OSError(30, "Read-only file system")

    path = tmp_path / "index" / "m.hnsw"
    path.parent.mkdir()
    index = filled(path)
    monkeypatch.setattr(vector_index, "create_private_file", read_only)
    assert index.save() is False and not path.exists()


def test_stale_temporaries_of_dead_processes_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "index" / "m.hnsw"
    assert filled(path).save()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = [path.parent / f".m.hnsw.{dead}.tmp", path.parent / f".m.stamp.json.{dead}.tmp"]
    alive = path.parent / f".m.hnsw.{os.getppid()}.tmp"   # a live process: left alone
    other = path.parent / f".other.hnsw.{dead}.tmp"       # not this cache's: left alone
    for file in [*stale, alive, other]:
        file.write_bytes(b"")
    assert loads(path, 1, 50)
    assert not any(f.exists() for f in stale) and alive.exists() and other.exists()


def test_cache_files_are_private(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        path = tmp_path / "home" / "index" / "m.hnsw"
        path.parent.mkdir(parents=True, mode=0o755)
        assert filled(path).save()
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    for file in (path, path.with_suffix(".stamp.json")):
        assert stat.S_IMODE(file.stat().st_mode) == 0o600, file


def test_private_helpers(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        folder = private_dir(tmp_path / "a" / "b")
        with open(folder / "f", "w", opener=private_opener) as handle:
            handle.write("x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "f").stat().st_mode) == 0o600
    (tmp_path / "loose").mkdir(mode=0o777)
    assert stat.S_IMODE(private_dir(tmp_path / "loose").stat().st_mode) == 0o700
