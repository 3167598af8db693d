"""``check`` reports damage instead of crashing; ``check --repair`` says what it repaired and
never reports success without repairing; a stale HNSW cache is not a problem."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import clipview
from clipview.core.catalog.blobs import to_blob
from clipview.core.errors import CatalogError
from clipview.core.library.check import STALE_CACHE_NOTE
from clipview.core.library.library import Library
from tests.helpers.synthetic_bundle import colour_photo

COLOURS = ["red", "blue", "green", "yellow", "white", "black"]


def run_index(library: Library) -> int:
    indexed = 0
    for progress in library.index():
        if progress.summary is not None:
            indexed = progress.summary.indexed
    return indexed


@pytest.fixture()
def library(tmp_path: Path, colour_bundle: Path) -> Iterator[Library]:
    for n, colour in enumerate(COLOURS):
        colour_photo(tmp_path / "photos" / f"{colour}.png", colour, seed=n)
    lib = clipview.open_library(tmp_path / "home", colour_bundle, device="cpu")
    lib.add_folder(tmp_path / "photos")
    run_index(lib)
    yield lib
    lib.close()


def reopen(library: Library, colour_bundle: Path) -> Library:
    library.close()
    return clipview.open_library(library.home, colour_bundle, device="cpu")


def set_vector(catalog: Path, name: str, vector: np.ndarray) -> None:
    with sqlite3.connect(catalog) as db:
        db.execute("UPDATE vectors SET vector = ? WHERE image_id = (SELECT id FROM images "
                   "WHERE path LIKE ?)", (to_blob(vector), f"%/{name}"))
    db.close()


@pytest.mark.parametrize(("damage", "problem"), [("nan", "not finite"),
                                                 ("long", "not of unit length")])
def test_repair_deletes_unusable_vectors_and_the_next_run_encodes_them(
        library: Library, colour_bundle: Path, damage: str, problem: str) -> None:
    stored = library.catalog.vectors.raw(library.catalog.images.id_of(
        str(library.folders()[0] + "/red.png")) or 0, library.model_id)
    assert stored is not None
    bad = stored.copy()
    if damage == "nan":
        bad[3] = np.nan
    else:
        bad *= 2
    set_vector(library.catalog.path, "red.png", bad)
    library = reopen(library, colour_bundle)
    report = library.check()
    assert not report.ok and any(problem in p for p in report.problems)
    repaired = library.check(repair=True)
    assert repaired.ok and repaired.repaired and repaired.problems == []
    assert any("deleted 1 unusable vectors" in r for r in repaired.repairs)
    assert library.check().ok
    assert run_index(library) == 1  # the photo is encoded again
    assert Path(library.search("red", 1)[0].path).name == "red.png"


def test_a_stale_cache_is_not_a_problem(library: Library) -> None:
    with library.catalog.transaction() as db:  # another process's run moved on
        library.catalog.bump_generation(db)
    report = library.check()
    assert report.ok and report.problems == [] and report.notes == [STALE_CACHE_NOTE]
    assert library.check(repair=True).repairs == []


def _page_size(path: Path) -> int:
    with sqlite3.connect(path) as db:
        size = int(db.execute("PRAGMA page_size").fetchone()[0])
    db.close()
    return size


def test_a_damaged_index_page_is_repaired(library: Library, colour_bundle: Path) -> None:
    path = library.catalog.path
    library.close()
    with sqlite3.connect(path) as db:
        root = int(db.execute("SELECT rootpage FROM sqlite_master WHERE name = "
                              "'images_hash'").fetchone()[0])
    db.close()
    size = _page_size(path)
    with path.open("r+b") as handle:  # an empty index leaf: rows missing from the index
        handle.seek((root - 1) * size)
        handle.write(b"\x0a" + bytes(size - 1))
    lib = clipview.open_library(path.parent, colour_bundle, device="cpu")
    try:
        report = lib.check()
        assert not report.ok and "integrity check failed" in report.problems[0]
        repaired = lib.check(repair=True)
        assert repaired.ok and repaired.repairs == ["rebuilt the catalog's SQL indexes"]
        assert lib.check().ok
    finally:
        lib.close()


def corrupt_pages(path: Path) -> None:
    """Random bytes over every page but the first (the header and the schema stay)."""
    size = _page_size(path)
    pages = path.stat().st_size // size
    assert pages > 4
    noise = np.random.default_rng(1).integers(0, 256, size * (pages - 1), np.uint8)
    with path.open("r+b") as handle:
        handle.seek(size)
        handle.write(noise.tobytes())


def test_check_reports_a_damaged_catalog(library: Library, colour_bundle: Path) -> None:
    path = library.catalog.path
    library.close()
    corrupt_pages(path)
    lib = clipview.open_library(path.parent, colour_bundle, device="cpu")
    try:
        report = lib.check()
        assert not report.ok and "damaged" in " ".join(report.problems)
        repaired = lib.check(repair=True)
        assert not repaired.ok  # never success without a repair
        with pytest.raises(CatalogError, match="check --repair"):
            lib.search("red")
    finally:
        lib.close()
