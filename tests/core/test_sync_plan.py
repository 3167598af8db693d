"""The sync plan on its own: what an indexing run would do, before it does anything."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from clipview.core.catalog.catalog import Catalog, NewImage
from clipview.core.library.sync import Plan, make_plan
from clipview.core.media.hashing import file_digest
from tests.helpers.synthetic_bundle import colour_photo

DIM = 4


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    opened = Catalog(tmp_path / "home" / "catalog.sqlite")
    yield opened
    opened.close()


def _plan(catalog: Catalog) -> Plan:
    return make_plan(catalog, catalog.models.add("k", "n", DIM), catalog.folders.all())


def _record(catalog: Catalog, plan: Plan) -> None:
    """Commit every planned photo as if it had been encoded (what the indexer does)."""
    model = catalog.models.add("k", "n", DIM)
    encoded = []
    for work in plan.to_encode:
        found = work.file
        image = NewImage(found.path, work.folder_id, found.size, found.mtime_ns,
                         file_digest(found.path))
        encoded.append((image, np.ones(DIM, np.float32) / 2))
    catalog.images.commit_batch(model, encoded, [])


def _library(catalog: Catalog, root: Path, names: list[str]) -> dict[str, Path]:
    made = {name: colour_photo(root / name, "red", seed=n) for n, name in enumerate(names)}
    catalog.folders.add(str(root))
    _record(catalog, _plan(catalog))
    return made


def test_first_plan_encodes_everything_then_nothing(catalog: Catalog, tmp_path: Path) -> None:
    root = tmp_path / "photos"
    for n in range(3):
        colour_photo(root / f"sub{n}" / f"p{n}.jpg", "blue", seed=n)
    (root / "notes.txt").write_text("not a photo")
    catalog.folders.add(str(root))
    first = _plan(catalog)
    assert sorted(Path(w.file.path).name for w in first.to_encode) == ["p0.jpg", "p1.jpg",
                                                                      "p2.jpg"]
    assert all(w.existing_id is None for w in first.to_encode)
    _record(catalog, first)
    again = _plan(catalog)
    assert again.unchanged == 3 and not again.to_encode and not again.moves
    assert not again.removed


def test_changed_file_is_planned_again_with_its_row(catalog: Catalog, tmp_path: Path) -> None:
    made = _library(catalog, tmp_path / "photos", ["a.jpg", "b.jpg"])
    colour_photo(made["a.jpg"], "green", seed=9)
    os.utime(made["a.jpg"], ns=(1, 10**18))
    plan = _plan(catalog)
    [work] = plan.to_encode
    known = catalog.images.rows(catalog.models.add("k", "n", DIM))
    assert work.file.path == str(made["a.jpg"]) and work.existing_id == known[work.file.path].id
    assert plan.unchanged == 1


def test_renamed_file_is_a_move_not_a_new_photo(catalog: Catalog, tmp_path: Path) -> None:
    made = _library(catalog, tmp_path / "photos", ["a.jpg", "b.jpg"])
    target = tmp_path / "photos" / "deeper" / "renamed.jpg"
    target.parent.mkdir()
    shutil.move(made["a.jpg"], target)
    plan = _plan(catalog)
    [(row, work)] = plan.moves
    assert row.path == str(made["a.jpg"]) and work.file.path == str(target)
    assert not plan.to_encode and not plan.removed and plan.unchanged == 1


def test_deleted_file_is_removed(catalog: Catalog, tmp_path: Path) -> None:
    made = _library(catalog, tmp_path / "photos", ["a.jpg", "b.jpg"])
    made["b.jpg"].unlink()
    plan = _plan(catalog)
    known = catalog.images.rows(catalog.models.add("k", "n", DIM))
    assert plan.removed == [known[str(made["b.jpg"])].id] and plan.unchanged == 1


def test_missing_folder_keeps_its_photos(catalog: Catalog, tmp_path: Path) -> None:
    _library(catalog, tmp_path / "photos", ["a.jpg", "b.jpg"])
    shutil.rmtree(tmp_path / "photos")
    plan = _plan(catalog)
    assert plan.removed == [] and not plan.to_encode
    assert any(str(tmp_path / "photos") in s.path for s in plan.skipped)


def test_same_content_under_a_new_name_next_to_the_old_is_new(catalog: Catalog,
                                                               tmp_path: Path) -> None:
    made = _library(catalog, tmp_path / "photos", ["a.jpg"])
    shutil.copyfile(made["a.jpg"], tmp_path / "photos" / "copy.jpg")
    plan = _plan(catalog)
    assert [Path(w.file.path).name for w in plan.to_encode] == ["copy.jpg"]
    assert not plan.moves and plan.unchanged == 1
