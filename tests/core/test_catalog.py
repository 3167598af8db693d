"""The catalog on its own: folders, batches, moves, deletes, transactions and its errors."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from clipview.core.catalog.blobs import as_stored
from clipview.core.catalog.catalog import Catalog, NewImage
from clipview.core.catalog.errors import catalog_error
from clipview.core.errors import CatalogError

DIM = 4


@pytest.fixture
def catalog(tmp_path: Path) -> Iterator[Catalog]:
    opened = Catalog(tmp_path / "catalog.sqlite")
    yield opened
    opened.close()


def _image(path: str, folder_id: int, digest: str = "d") -> NewImage:
    return NewImage(path, folder_id, size=10, mtime_ns=1, content_hash=digest, width=2,
                    height=3, taken_at=100.0)


def _vector(seed: int) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=DIM).astype(np.float32)
    return vector / np.linalg.norm(vector)


def _model(catalog: Catalog) -> int:
    return catalog.models.add("key", "name", DIM)


def test_folders_are_added_once_counted_and_removed(catalog: Catalog) -> None:
    first = catalog.folders.add("/photos/a")
    assert catalog.folders.add("/photos/a") == first
    second = catalog.folders.add("/photos/b")
    model = _model(catalog)
    catalog.images.commit_batch(model, [(_image("/photos/a/1.jpg", first), _vector(1))],
                         [(_image("/photos/a/2.jpg", first), "corrupt", "bad header")])
    rows = {row.path: row for row in catalog.folders.all()}
    assert (rows["/photos/a"].images, rows["/photos/a"].skipped) == (1, 1)
    assert (rows["/photos/b"].images, rows["/photos/b"].skipped) == (0, 0)
    removed = catalog.folders.remove(first)
    assert len(removed) == 2 and [row.id for row in catalog.folders.all()] == [second]
    assert catalog.images.rows(model) == {} and catalog.vectors.count(model) == 0


def test_reassign_folder_moves_images_to_the_parent(catalog: Catalog) -> None:
    child = catalog.folders.add("/p/child")
    catalog.images.commit_batch(_model(catalog), [(_image("/p/child/x.jpg", child), _vector(1))],
                                [])
    parent = catalog.folders.add("/p")
    catalog.folders.reassign(child, parent)
    assert [(f.path, f.images) for f in catalog.folders.all()] == [("/p", 1)]


def test_commit_batch_writes_rows_vectors_and_bumps_generation(catalog: Catalog) -> None:
    folder, model = catalog.folders.add("/f"), _model(catalog)
    before = catalog.generation()
    ids = catalog.images.commit_batch(model, [(_image("/f/a.jpg", folder), _vector(1)),
                                       (_image("/f/b.jpg", folder), _vector(2))],
                               [(_image("/f/c.jpg", folder), "truncated", "cut short")])
    assert catalog.generation() == before + 1 and len(ids) == 2
    rows = catalog.images.rows(model)
    assert rows["/f/a.jpg"].has_vector and rows["/f/a.jpg"].state == "ok"
    assert rows["/f/c.jpg"].state == "skipped" and not rows["/f/c.jpg"].has_vector
    found = catalog.vectors.of("/f/b.jpg", model)
    assert found is not None and found[0] == ids[1]
    assert np.array_equal(found[1], as_stored(_vector(2)))   # float16, read as float32
    assert found[1].dtype == np.float32 and np.allclose(found[1], _vector(2), atol=5e-4)
    assert catalog.health.skipped_count() == 1 and catalog.vectors.ids(model) == sorted(ids)
    info = catalog.images.info(ids)
    assert info[ids[0]].width == 2 and info[ids[0]].taken_at == 100.0


def test_move_keeps_the_row_and_its_vector(catalog: Catalog) -> None:
    folder, model = catalog.folders.add("/f"), _model(catalog)
    [image_id] = catalog.images.commit_batch(model, [(_image("/f/old.jpg", folder), _vector(3))],
                                             [])
    catalog.images.move(image_id, "/f/new.jpg", folder, 11, 2)
    rows = catalog.images.rows(model)
    assert list(rows) == ["/f/new.jpg"] and rows["/f/new.jpg"].id == image_id
    assert rows["/f/new.jpg"].has_vector and rows["/f/new.jpg"].size == 11


def test_delete_images_removes_vectors_and_bumps_generation_only_when_needed(
        catalog: Catalog) -> None:
    folder, model = catalog.folders.add("/f"), _model(catalog)
    ids = catalog.images.commit_batch(model, [(_image(f"/f/{n}.jpg", folder), _vector(n))
                                       for n in range(3)], [])
    generation = catalog.generation()
    catalog.images.delete([])
    assert catalog.generation() == generation
    catalog.images.delete(ids[:2])
    assert catalog.generation() == generation + 1
    assert catalog.vectors.ids(model) == ids[2:] and catalog.vectors.count(model) == 1


def test_ok_image_ids_filters_folder_and_dates(catalog: Catalog) -> None:
    folder, model = catalog.folders.add("/f"), _model(catalog)
    early = NewImage("/f/a/1.jpg", folder, 1, 1, "x", taken_at=10.0)
    late = NewImage("/f/b/2.jpg", folder, 1, 1, "y", taken_at=20.0)
    ids = catalog.images.commit_batch(model, [(early, _vector(1)), (late, _vector(2))], [])
    assert set(catalog.browse.ids().tolist()) == set(ids)
    assert set(catalog.browse.ids(["/f/a"]).tolist()) == {ids[0]}
    assert set(catalog.browse.ids(["/f/a", "/f/b/"]).tolist()) == set(ids)
    assert set(catalog.browse.ids(["/f/a/1"]).tolist()) == set()   # a folder, not a name prefix
    assert set(catalog.browse.ids(after=15.0).tolist()) == {ids[1]}
    assert set(catalog.browse.ids(before=15.0).tolist()) == {ids[0]}
    undated = NewImage("/f/c/3.jpg", folder, 1, 30 * 10**9, "z")   # file time 30 s
    [third] = catalog.images.commit_batch(model, [(undated, _vector(3))], [])
    assert set(catalog.browse.ids(after=25.0).tolist()) == {third}   # no date taken: file time
    assert [row.id for row in catalog.browse.photos()] == [third, ids[1], ids[0]]   # newest first
    assert catalog.browse.ids().dtype == np.int64   # ids only: an array, no row objects
    assert sorted(catalog.browse.ids_and_paths(["/f/a"])) == [(ids[0], "/f/a/1.jpg")]


class FailingConnection:
    """The catalog's connection, except that the statements in ``fail`` raise ``error``
    (as SQLite does when the disk fills up at COMMIT)."""

    def __init__(self, real: sqlite3.Connection, fail: set[str],
                 error: sqlite3.Error) -> None:
        self.real, self.fail, self.error = real, fail, error
        self.seen: list[str] = []

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self.seen.append(sql)
        if sql in self.fail:
            raise self.error
        return self.real.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


def _failing(catalog: Catalog, fail: set[str]) -> FailingConnection:
    wrapper = FailingConnection(catalog._connection._db, fail,
                                sqlite3.OperationalError("database or disk is full"))
    catalog._connection._db = wrapper  # type: ignore[assignment]
    return wrapper


def test_failed_commit_rolls_back_and_says_disk_full(catalog: Catalog) -> None:
    real = catalog._connection._db
    wrapper = _failing(catalog, {"COMMIT"})
    with pytest.raises(CatalogError, match="disk is full") as caught:
        catalog.folders.add("/lost")
    assert caught.value.environmental
    assert wrapper.seen[-1] == "ROLLBACK" and not real.in_transaction
    catalog._connection._db = real
    assert catalog.folders.all() == []
    assert catalog.folders.add("/kept") and [f.path for f in catalog.folders.all()] == ["/kept"]


def test_failed_rollback_does_not_hide_the_first_error(catalog: Catalog) -> None:
    real = catalog._connection._db
    _failing(catalog, {"COMMIT", "ROLLBACK"})
    with pytest.raises(CatalogError, match="disk is full"):
        catalog.folders.add("/lost")
    real.execute("ROLLBACK")  # what SQLite would do on close
    catalog._connection._db = real
    assert catalog.folders.all() == []


def test_commit_refused_by_deferred_constraint_is_rolled_back(catalog: Catalog) -> None:
    """A real COMMIT failure: deferred foreign keys are only checked at COMMIT."""
    with pytest.raises(CatalogError, match="internal error") as caught, \
            catalog.transaction() as db:
        db.execute("PRAGMA defer_foreign_keys = ON")
        db.execute("INSERT INTO images(path, folder_id, size, mtime_ns, state) "
                   "VALUES ('/orphan.jpg', 999, 1, 1, 'ok')")
    assert not caught.value.environmental  # a broken invariant is a bug
    assert catalog.health.image_counts() == (0, 0)
    assert catalog.folders.add("/after")  # no transaction left open


def test_disk_full_during_a_batch_rolls_back_the_whole_batch(catalog: Catalog) -> None:
    folder, model = catalog.folders.add("/f"), _model(catalog)
    pages = int(catalog._connection._db.execute("PRAGMA page_count").fetchone()[0])
    catalog._connection._db.execute(f"PRAGMA max_page_count = {pages + 2}")
    batch = [(_image(f"/f/{n:05d}-{'x' * 200}.jpg", folder, f"h{n}"), _vector(n))
             for n in range(500)]
    with pytest.raises(CatalogError, match="disk is full") as caught:
        catalog.images.commit_batch(model, batch, [])
    assert caught.value.environmental and caught.value.code in ("SQLITE_FULL", None)
    assert catalog.vectors.count(model) == 0 and catalog.health.image_counts() == (0, 0)


def test_locked_catalog_is_the_environments_fault(catalog: Catalog, tmp_path: Path) -> None:
    other = sqlite3.connect(tmp_path / "catalog.sqlite", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    catalog._connection._db.execute("PRAGMA busy_timeout = 20")
    try:
        with pytest.raises(CatalogError, match="locked by another program") as caught:
            catalog.folders.add("/blocked")
        assert caught.value.environmental
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert catalog.folders.add("/free")


def test_read_only_catalog_is_the_environments_fault(catalog: Catalog) -> None:
    catalog._connection._db.execute("PRAGMA query_only = ON")
    with pytest.raises(CatalogError, match="read-only") as caught:
        catalog.folders.add("/nope")
    assert caught.value.environmental


def test_garbage_file_is_reported_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    path.write_bytes(b"this is not sqlite at all" * 400)
    with pytest.raises(CatalogError, match="damaged") as caught:
        Catalog(path)
    assert caught.value.environmental


def test_corrupt_pages_are_reported_as_damaged(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    catalog = Catalog(path)
    folder, model = catalog.folders.add("/f"), _model(catalog)
    catalog.images.commit_batch(model, [(_image(f"/f/{n}-{'y' * 300}.jpg", folder), _vector(n))
                                 for n in range(400)], [])
    catalog.close()
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 3, len(data) - 256, 4096):
        data[offset + 20:offset + 200] = b"\xff" * 180
    path.write_bytes(bytes(data))
    damaged = Catalog(path)
    try:
        with pytest.raises(CatalogError, match="damaged") as caught:
            damaged.images.rows(model)
        assert caught.value.environmental
    finally:
        damaged.close()


def test_a_bad_statement_is_a_bug(catalog: Catalog) -> None:
    with pytest.raises(CatalogError, match="internal error") as caught:
        catalog._connection.query("SELEC nothing")
    assert not caught.value.environmental


@pytest.mark.parametrize(("message", "environmental", "says"), [
    ("database is locked", True, "locked by another program"),
    ("attempt to write a readonly database", True, "read-only"),
    ("disk I/O error", True, "I/O error"),
    ("database disk image is malformed", True, "damaged"),
    ("no such table: nothing", False, "internal error"),
])
def test_classification_without_error_codes(message: str, environmental: bool,
                                            says: str) -> None:
    """Python 3.10 has no ``sqlite_errorcode``: SQLite's messages are recognised."""
    error = catalog_error(sqlite3.OperationalError(message), Path("/lib/catalog.sqlite"))
    assert error.environmental is environmental and says in str(error)


def test_building_one_models_vectors_leaves_anothers_generation(catalog: Catalog) -> None:
    """While a new model's vectors are built, the model in use keeps its HNSW file."""
    folder = catalog.folders.add("/f")
    a, b = _model(catalog), catalog.models.add("other", "other", DIM)
    photo = NewImage("/f/1.jpg", folder, 1, 1, "x")
    catalog.images.commit_batch(a, [(photo, _vector(1))], [])
    of_a, of_b = catalog.generation(a), catalog.generation(b)
    catalog.images.commit_batch(b, [(photo, _vector(2))], [])   # the same content, model b
    assert catalog.generation(a) == of_a and catalog.generation(b) > of_b
    assert catalog.generation() > of_a                   # the global counter still moves
    changed = NewImage("/f/1.jpg", folder, 2, 2, "y")    # new content: a's vector is wrong
    catalog.images.commit_batch(b, [(changed, _vector(3))], [])
    assert catalog.generation(a) > of_a
    of_a, of_b = catalog.generation(a), catalog.generation(b)
    catalog.images.delete(catalog.vectors.ids(b))          # photos gone: every model changes
    assert catalog.generation(a) > of_a and catalog.generation(b) > of_b
