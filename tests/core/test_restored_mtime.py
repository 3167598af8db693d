"""Edits that keep the size and restore the mtime (``cp -p``, ``rsync -t``, ``touch -r``):
the changed ctime makes them worth a content check, through the directory stamps, the full
comparison and a watcher's narrowed run; a ctime change without new content (``touch -r``,
a rename) is never encoded again."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import clipview
from clipview.core.library.library import Library
from clipview.core.media import hashing
from clipview.core.media.hashing import file_digest
from clipview.core.progress import IndexSummary, Progress
from clipview.core.watch.events import Settler
from tests.helpers.library_data import run_index as run
from tests.helpers.synthetic_bundle import colour_photo

COLOURS = ("red", "red", "green", "green", "blue", "white")


@pytest.fixture()
def library(tmp_path: Path, colour_bundle: Path) -> Iterator[Library]:
    """BMP photos (one size for one pixel size), indexed twice: every directory stamped."""
    for n, colour in enumerate(COLOURS):
        colour_photo(tmp_path / "photos" / ("sub" if n % 2 else "") / f"{colour}_{n}.bmp",
                     colour, seed=n)
    with clipview.open_library(tmp_path / "lib", colour_bundle, "cpu") as opened:
        opened.add_folder(tmp_path / "photos")
        assert run(opened).indexed == len(COLOURS)
        assert run(opened).unchanged == len(COLOURS)
        assert opened.catalog.stamps.of(opened.model_id)
        yield opened


def restore_times(path: Path, before: os.stat_result) -> None:
    """Put back the atime and mtime (``touch -r``); until the ctime is seen to move (it
    moves with the clock's tick, a few milliseconds)."""
    for _ in range(100_000):
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
        if os.stat(path).st_ctime_ns != before.st_ctime_ns:
            return
    raise AssertionError("the ctime never changed")


def copy_over_keeping_times(source: Path, target: Path) -> None:
    """``cp -p``/``rsync -t`` of another picture of the same size over ``target``."""
    before = os.stat(target)
    assert source.stat().st_size == before.st_size
    shutil.copy2(source, target)
    restore_times(target, before)
    after = os.stat(target)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)


def digests_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []

    def counting(path: str) -> str:
        calls.append(path)
        return file_digest(path)

    monkeypatch.setattr(hashing, "file_digest", counting)  # as sync reads it (digest_or_none)
    return calls


def photo(library: Library, name: str) -> Path:
    return next(p for folder in library.folders() for p in Path(folder).rglob(name))


def vector(library: Library, path: Path) -> np.ndarray:
    found = library.catalog.vectors.of(str(path), library.model_id)
    assert found is not None
    copied: np.ndarray = found[1].copy()
    return copied


@pytest.mark.parametrize("narrowed", [False, True], ids=["index", "watcher"])
def test_a_copy_that_keeps_size_and_mtime_is_encoded_again(
        library: Library, tmp_path: Path, narrowed: bool) -> None:
    red = photo(library, "red_1.bmp")
    old = vector(library, red)
    blue = colour_photo(tmp_path / "elsewhere" / "blue.bmp", "blue", seed=42)
    copy_over_keeping_times(blue, red)
    summary = run(library) if not narrowed else last(library.index(only_dirs=[str(red.parent)]))
    assert (summary.indexed, summary.moved) == (1, 0)
    assert not np.allclose(vector(library, red), old)
    assert str(red) in {r.path for r in library.search("blue", 2)}   # the new picture
    assert str(red) not in {r.path for r in library.search("red", 1)}
    assert run(library).unchanged == len(COLOURS)


def last(progress: Iterator[Progress]) -> IndexSummary:
    summary = None
    for item in progress:
        summary = item.summary or summary
    assert summary is not None
    return summary


def test_touch_r_without_new_content_is_not_encoded_again(
        library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    green = photo(library, "green_2.bmp")
    old = vector(library, green)
    restore_times(green, os.stat(green))            # touch -r green green: ctime only
    calls = digests_read(monkeypatch)
    summary = run(library)
    assert (summary.indexed, summary.unchanged) == (0, len(COLOURS))
    assert calls == [str(green)]                    # one content check, no encoding
    assert np.array_equal(vector(library, green), old)
    calls.clear()
    assert run(library).unchanged == len(COLOURS)   # the new ctime was stored: no check
    assert calls == []
    assert library.catalog.stamps.of(library.model_id)  # and the next run is quick again


def test_a_rename_stays_a_cheap_move(library: Library,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    white = photo(library, "white_5.bmp")
    white.rename(white.with_name("renamed.bmp"))   # a new ctime too, on Linux
    summary = run(library)
    assert (summary.moved, summary.indexed, summary.removed) == (1, 0, 0)
    calls = digests_read(monkeypatch)
    assert run(library).unchanged == len(COLOURS)
    assert calls == []                              # the move stored the new ctime


def test_rows_of_an_older_catalog_get_their_ctime_without_encoding(
        library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with sqlite3.connect(tmp_path / "lib" / "catalog.sqlite") as db:  # as before migration 5
        db.execute("UPDATE images SET ctime_ns = NULL")
        db.execute("DELETE FROM dir_stamps")
    calls = digests_read(monkeypatch)
    summary = run(library)
    assert (summary.indexed, summary.unchanged) == (0, len(COLOURS))
    assert calls == []                              # taken as they are, no mass re-read
    rows = library.catalog.images.rows(library.model_id).values()
    assert all(row.ctime_ns == os.stat(row.path).st_ctime_ns for row in rows)


def test_a_watcher_waits_for_a_restored_mtime_to_settle(tmp_path: Path) -> None:
    path = colour_photo(tmp_path / "a.bmp", "red")
    now = [0.0]
    settler = Settler(quiet=1.0, settle=1.0, clock=lambda: now[0])
    settler.add({str(tmp_path)}, {str(path)})
    now[0] = 2.0
    assert settler.ready() is None                  # first look at the file
    restore_times(path, os.stat(path))              # only its ctime changes
    now[0] = 4.0
    assert settler.ready() is None                  # changed between the looks: again
    now[0] = 6.0
    batch = settler.ready()
    assert batch is not None and batch.files == frozenset({str(path)})
