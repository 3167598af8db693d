"""A vector damaged in the catalog from outside (all 6e4: finite, far from unit length) is
never searched: the catalog's readers leave it out (``vector_rule.usable``), the loaded
index drops it, and no numpy warning is raised; ``check`` lists it."""

from __future__ import annotations

import shutil
import sqlite3
import warnings
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import clipview
from clipview.core.catalog.blobs import VALUE_BYTES, to_blob
from clipview.core.library.library import Library
from tests.helpers.library_data import colour_folder, run_index


def damage(home: Path, path: Path, value: float = 6e4) -> None:
    """Write ``value`` over every element of the stored vector of ``path``."""
    with sqlite3.connect(home / "catalog.sqlite") as db:
        (image_id, blob), = db.execute(
            "SELECT v.image_id, v.vector FROM vectors v JOIN images i ON i.id = v.image_id "
            "WHERE i.path = ?", (str(path.resolve()),)).fetchall()
        vector = to_blob(np.full(len(blob) // VALUE_BYTES, value, np.float32))
        db.execute("UPDATE vectors SET vector = ? WHERE image_id = ?", (vector, image_id))
    db.close()


@pytest.fixture()
def damaged(tmp_path: Path, colour_bundle: Path) -> Iterator[tuple[Path, Path, Path]]:
    made = colour_folder(tmp_path / "photos", {"red": 2, "blue": 2})
    library = clipview.open_library(tmp_path / "home", clipview.load_model(colour_bundle, "cpu"))
    library.add_folder(tmp_path / "photos")
    run_index(library)
    library.close()
    damage(tmp_path / "home", made["red"][0])
    yield tmp_path / "home", made["red"][0].resolve(), made["red"][1].resolve()


def _open(home: Path, bundle: Path) -> Library:
    return clipview.open_library(home, clipview.load_model(bundle, "cpu"))


@pytest.mark.parametrize("cache", ["kept", "rebuilt"])
def test_a_damaged_vector_is_never_found_and_nothing_warns(  # type: ignore[no-untyped-def]
        damaged, colour_bundle: Path, cache: str) -> None:
    home, broken, other = damaged
    if cache == "rebuilt":
        shutil.rmtree(home / "index")
    library = _open(home, colour_bundle)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        found = library.search("red", 10)
        like = library.similar(broken, 10)   # its own vector is damaged: the file is read
    paths = [r.path for r in found]
    assert str(broken) not in paths and paths[0] == str(other)
    assert all(np.isfinite(r.score) for r in found + like)
    assert [r.path for r in like][0] == str(other)
    report = library.check()
    assert not report.ok and any("not of unit length" in p for p in report.problems)
    library.close()
