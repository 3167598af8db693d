"""What an index run encodes first: the newest photos (the top of the timeline), and those
below the folders the person is looking at (``CancelToken.prefer``), even when the folder is
chosen while the run goes."""

from __future__ import annotations

import os
from pathlib import Path

import clipview
from clipview.core.library.indexer import EncodeOrder
from clipview.core.library.sync import FileToEncode
from clipview.core.media.scanner import FoundFile
from clipview.core.progress import CancelToken, Phase
from tests.helpers.library_data import PALETTE, colour_folder


def work(path: str, mtime: int) -> FileToEncode:
    return FileToEncode(FoundFile(path, 1, mtime * 10**9, mtime * 10**9), 1, None)


def paths(order: EncodeOrder) -> list[str]:
    out = []
    while (item := order.next()) is not None:
        out.append(item.file.path)
    return out


def test_newest_first_and_the_preferred_folders_before_the_rest() -> None:
    works = [work("/p/a/1.jpg", 10), work("/p/b/2.jpg", 30), work("/p/a/3.jpg", 20),
             work("/p/ab/4.jpg", 40)]
    assert paths(EncodeOrder(works, CancelToken())) == \
        ["/p/ab/4.jpg", "/p/b/2.jpg", "/p/a/3.jpg", "/p/a/1.jpg"]
    token = CancelToken()
    token.prefer(["/p/a"])   # a folder, not a name prefix: /p/ab is not inside it
    assert paths(EncodeOrder(works, token)) == \
        ["/p/a/3.jpg", "/p/a/1.jpg", "/p/ab/4.jpg", "/p/b/2.jpg"]


def test_a_folder_chosen_while_the_run_goes_comes_next() -> None:
    works = [work(f"/p/{folder}/{n}.jpg", n) for folder in "xyz" for n in range(3)]
    token = CancelToken()
    order = EncodeOrder(works, token)
    first = order.next()
    assert first is not None and first.file.path.endswith("/2.jpg")
    token.prefer(["/p/z"])
    following = paths(order)
    assert [p for p in following[:3]] == [p for p in following if p.startswith("/p/z/")][:3]
    assert len(following) == len(works) - 1 and first.file.path not in following


def test_an_index_run_encodes_the_preferred_folder_first(tmp_path: Path,
                                                         colour_bundle: Path) -> None:
    colour_folder(tmp_path / "photos")   # set0 and set1
    for n, photo in enumerate(sorted((tmp_path / "photos" / "set0").iterdir())):
        os.utime(photo, (1_000 + n, 1_000 + n))   # set0 is the older half
    token = CancelToken()
    token.prefer([str(tmp_path / "photos" / "set0")])
    with clipview.open_library(tmp_path / "lib", colour_bundle, "cpu") as library:
        library.add_folder(tmp_path / "photos")
        set0 = len(list((tmp_path / "photos" / "set0").iterdir()))
        for progress in library.index(token, batch_size=set0):
            if progress.phase is Phase.ENCODING and progress.done:
                token.cancel()
        encoded = library.catalog.vectors.ids(library.model_id)
        got = library.catalog.images.info(encoded)
        assert len(encoded) == set0 < sum(PALETTE.values())
        assert all("/set0/" in row.path for row in got.values())


def dated(path: str, mtime: int, taken: float | None) -> FileToEncode:
    return FileToEncode(FoundFile(path, 1, mtime * 10**9, mtime * 10**9), 1, None, taken)


def test_the_section_scrolled_to_comes_first_then_the_folders_then_the_newest() -> None:
    works = [dated("/p/a/old.jpg", 50, 100.0),   # listed with its EXIF date: 100
             dated("/p/b/mid.jpg", 10, 200.0), dated("/p/b/mid2.jpg", 11, 210.0),
             dated("/p/c/new.jpg", 5, None),      # no date read: its file time, 5
             dated("/p/a/newest.jpg", 1, 900.0)]
    assert paths(EncodeOrder(works, CancelToken())) == \
        ["/p/a/newest.jpg", "/p/b/mid2.jpg", "/p/b/mid.jpg", "/p/a/old.jpg", "/p/c/new.jpg"]
    token = CancelToken()
    token.prefer(["/p/a"])
    token.prefer_dates((150.0, 250.0))
    assert paths(EncodeOrder(works, token)) == \
        ["/p/b/mid2.jpg", "/p/b/mid.jpg", "/p/a/newest.jpg", "/p/a/old.jpg", "/p/c/new.jpg"]


def test_scrolling_while_the_run_goes_changes_what_comes_next() -> None:
    works = [dated(f"/p/{n}.jpg", n, float(n)) for n in range(20)]
    token = CancelToken()
    order = EncodeOrder(works, token)
    first = order.next()
    assert first is not None and first.file.path == "/p/19.jpg"
    token.prefer_dates((3.0, 5.0))
    assert [order.next().file.path for _ in range(3)] == [  # type: ignore[union-attr]
        "/p/5.jpg", "/p/4.jpg", "/p/3.jpg"]
    token.prefer_dates(None)   # back at the top: newest first again
    assert order.next().file.path == "/p/18.jpg"  # type: ignore[union-attr]
