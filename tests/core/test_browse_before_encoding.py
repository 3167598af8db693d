"""New photos are listed before they are encoded: the timeline shows every one of them, with
its date (EXIF when the file says it, else the file's time), while encoding has not begun;
search answers over what is encoded so far; a cancelled run leaves them listed, the next one
encodes them; a file that turns out unreadable leaves no row behind."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

import clipview
from clipview.core.errors import ImageSkipped
from clipview.core.library import indexer
from clipview.core.media.first_look import exif_block, first_date
from clipview.core.progress import CancelToken, Phase
from tests.helpers.library_data import PALETTE, colour_folder, run_index

TAKEN = datetime(2019, 7, 14, 18, 3, 22)


def dated_jpeg(path: Path, when: datetime) -> Path:
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = when.strftime("%Y:%m:%d %H:%M:%S")   # DateTimeOriginal
    Image.new("RGB", (64, 48), (200, 30, 30)).save(path, exif=exif)
    return path


def test_every_new_photo_is_listed_with_its_date_before_any_is_encoded(
        tmp_path: Path, colour_bundle: Path) -> None:
    colour_folder(tmp_path / "photos")
    dated = dated_jpeg(tmp_path / "photos" / "dated.jpg", TAKEN)
    with clipview.open_library(tmp_path / "lib", colour_bundle, "cpu") as library:
        library.add_folder(tmp_path / "photos")
        steps = library.index()
        listed = []
        for first in steps:   # up to the first encoding report: nothing encoded yet
            if first.phase is Phase.ENCODING:
                break
            if first.total:
                listed.append(first)
        assert listed and listed[-1].done == listed[-1].total == sum(PALETTE.values()) + 1
        assert first.phase is Phase.ENCODING and first.done == 0
        rows = {row.path: row for row in library.catalog.browse.photos()}
        assert len(rows) == sum(PALETTE.values()) + 1
        assert library.catalog.vectors.count(library.model_id) == 0
        assert rows[str(dated)].when == pytest.approx(TAKEN.timestamp())
        other = next(p for p in rows if p.endswith(".png"))
        assert rows[other].when == pytest.approx(os.stat(other).st_mtime)
        assert library.search("red", 5) == []   # nothing encoded: nothing found, no error
        for _ in steps:
            pass
        assert len(library.search("red", 50)) >= PALETTE["red"]
        assert {r.path: r.when for r in library.catalog.browse.photos()}[str(dated)] == \
            pytest.approx(TAKEN.timestamp())   # the encoding pass kept the same date


def test_a_cancelled_run_leaves_them_listed_and_the_next_encodes_them(
        tmp_path: Path, colour_bundle: Path) -> None:
    colour_folder(tmp_path / "photos")
    token = CancelToken()
    with clipview.open_library(tmp_path / "lib", colour_bundle, "cpu") as library:
        library.add_folder(tmp_path / "photos")
        for progress in library.index(token, batch_size=4):
            if progress.phase is Phase.ENCODING and progress.done:
                token.cancel()
        assert len(library.catalog.browse.photos()) == sum(PALETTE.values())
        assert library.catalog.vectors.count(library.model_id) == 4
        summary = run_index(library)
        assert summary.indexed == sum(PALETTE.values()) - 4
        assert library.catalog.vectors.count(library.model_id) == sum(PALETTE.values())


def test_a_new_file_that_cannot_be_read_leaves_no_listed_row(
        tmp_path: Path, colour_bundle: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    colour_folder(tmp_path / "photos")
    locked = next((tmp_path / "photos").rglob("red_0.*"))
    real = indexer.read_regular

    def refuse(path: str | os.PathLike[str], *args: int) -> object:
        if os.fspath(path) == str(locked):
            raise ImageSkipped(str(locked), "unreadable", "Permission denied")
        return real(path, *args)

    monkeypatch.setattr(indexer, "read_regular", refuse)
    with clipview.open_library(tmp_path / "lib", colour_bundle, "cpu") as library:
        library.add_folder(tmp_path / "photos")
        summary = run_index(library)
        assert [s.path for s in summary.skipped] == [str(locked)]
        paths = {row.path for row in library.catalog.browse.photos()}
        assert str(locked) not in paths and len(paths) == sum(PALETTE.values()) - 1


def test_the_early_date_reads_only_a_jpegs_exif_segment(tmp_path: Path) -> None:
    assert first_date(str(dated_jpeg(tmp_path / "a.jpg", TAKEN))) == \
        pytest.approx(TAKEN.timestamp())
    Image.new("RGB", (8, 8)).save(tmp_path / "plain.jpg")
    assert first_date(str(tmp_path / "plain.jpg")) is None
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff\xe1\x00\x10Exif\x00\x00garbage")
    assert first_date(str(tmp_path / "broken.jpg")) is None
    os.mkfifo(tmp_path / "fifo.jpg")
    assert first_date(str(tmp_path / "fifo.jpg")) is None   # never opened: no hang
    assert first_date(str(tmp_path / "missing.jpg")) is None
    dated_jpeg(tmp_path / "b.png", TAKEN)   # a name that does not say JPEG is not read
    assert first_date(str(tmp_path / "b.png")) is None
    head = (tmp_path / "a.jpg").read_bytes()
    assert exif_block(head) is not None and exif_block(head[:40]) is None   # cut short
    assert exif_block(b"\xff\xd8\xff\xe1\x00\x01") is None   # a length that is no length
    assert exif_block(b"\xff\xd8\xff\xda\x00\x10Exif\x00\x00") is None   # pixels first


def test_a_listing_run_encodes_nothing_and_the_next_run_encodes_what_it_listed(
        tmp_path: Path, colour_bundle: Path) -> None:
    made = colour_folder(tmp_path / "photos")
    photos = sum(len(paths) for paths in made.values())
    with clipview.open_library(tmp_path / "lib", colour_bundle, "cpu") as library:
        library.add_folder(tmp_path / "photos")
        reports = list(library.index(encode=False))
        summary = reports[-1].summary
        assert summary is not None and summary.waiting == photos and summary.indexed == 0
        assert "Listed: " in summary.ending("F5")
        assert not any(r.phase is Phase.ENCODING for r in reports)
        assert len(library.catalog.browse.photos()) == photos
        assert library.catalog.vectors.count(library.model_id) == 0
        assert library.waiting() == photos
        assert library.catalog.stamps.of(library.model_id) == {}   # not up to date yet
        made["red"][0].unlink()   # a listing run also drops what went
        again = list(library.index(encode=False))[-1].summary
        assert again is not None and again.removed == 1 and again.waiting == photos - 1
        run_index(library)
        assert library.catalog.vectors.count(library.model_id) == photos - 1
        assert library.waiting() == 0


def test_the_newest_photos_first_with_a_limit(tmp_path: Path, colour_bundle: Path) -> None:
    colour_folder(tmp_path / "photos")
    with clipview.open_library(tmp_path / "lib", colour_bundle, "cpu") as library:
        library.add_folder(tmp_path / "photos")
        list(library.index(encode=False))
        every = library.browse()
        assert library.browse(limit=5) == every[:5] and len(every) > 5
        assert library.browse(limit=len(every) + 10) == every


def test_a_run_cancelled_while_its_folders_are_walked_ends_at_once(
        tmp_path: Path, colour_bundle: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    colour_folder(tmp_path / "photos")
    token = CancelToken()
    walked: list[str] = []
    real_scandir = os.scandir

    def scandir(path: str) -> object:   # the walk: the run is cancelled at its first folder
        walked.append(path)
        token.cancel()
        return real_scandir(path)

    with clipview.open_library(tmp_path / "lib", colour_bundle, "cpu") as library:
        library.add_folder(tmp_path / "photos")
        monkeypatch.setattr(os, "scandir", scandir)
        reports = list(library.index(token))
        monkeypatch.undo()
        summary = reports[-1].summary
        assert summary is not None and summary.cancelled and summary.indexed == 0
        assert 1 <= len(walked) < 3   # it stopped walking: not every folder was read
        assert library.catalog.browse.photos() == []   # nothing listed, nothing changed
        assert run_index(library).indexed == sum(PALETTE.values())   # the next run does it
