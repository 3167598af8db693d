"""How the catalog lays vectors out (issue 20): float16 rows three to a page, not a 4 KiB
page each; and migration 6, which converts an older catalog's float32 vectors and frames in
place, keeps the damaged ones findable, keeps the schema on the first page and compacts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from clipview.core.catalog.blobs import STORED_ATOL, as_stored, blob_length, half_blob
from clipview.core.catalog.catalog import Catalog, NewImage
from clipview.core.catalog.db import MIGRATIONS, connect_read_only
from clipview.core.errors import ClipviewError

DIM = 512
PHOTOS = 600
VIDEOS = (10, 11, 12)      # image ids with frames
FRAMES = 4
DAMAGED = {                # image id: the float32-era blob it holds
    1: b"\x00" * 100,                       # a whole number of float32s, far too few
    2: b"\x01" * 1024,                      # 256 float32s: the length a sound row has now
    3: b"\x02" * 1025,                      # no whole number of values
    4: b"\x03" * 1026,                      # a whole number of float16s, not of float32s
}
NOT_FINITE, NOT_UNIT = 5, 6


def _unit(rng: np.random.Generator, count: int) -> np.ndarray:
    vectors = rng.standard_normal((count, DIM)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _old_catalog(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """A catalog as clipview wrote it at schema 5: float32 blobs in WITHOUT ROWID tables.
    Returns (vectors of images 1.., frames of VIDEOS in order)."""
    rng = np.random.default_rng(0)
    vectors, frames = _unit(rng, PHOTOS), _unit(rng, len(VIDEOS) * FRAMES)
    vectors[NOT_FINITE - 1, 7] = np.nan
    vectors[NOT_UNIT - 1] *= 2
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    for number, script in enumerate(MIGRATIONS[:5]):
        db.executescript(f"BEGIN; {script}; PRAGMA user_version = {number + 1}; COMMIT;")
    db.execute("BEGIN")
    db.execute("INSERT INTO folders(id, path, added_at) VALUES (1, '/p', 0)")
    db.execute("INSERT INTO models(id, key, name, dim) VALUES (1, 'k', 'n', ?)", (DIM,))
    for n in range(1, PHOTOS + 1):
        db.execute("INSERT INTO images(id, path, folder_id, size, mtime_ns, content_hash, "
                   "state) VALUES (?, ?, 1, 1, 1, 'd', 'ok')", (n, f"/p/{n:04d}.jpg"))
        blob = DAMAGED.get(n, vectors[n - 1].tobytes())
        db.execute("INSERT INTO vectors VALUES (?, 1, ?)", (n, blob))
    for k, (image_id, frame_no) in enumerate((v, f) for v in VIDEOS for f in range(FRAMES)):
        db.execute("INSERT INTO frames VALUES (?, 1, ?, ?, ?)",
                   (image_id, frame_no, frame_no * 1.5, frames[k].tobytes()))
    db.execute("COMMIT")
    db.close()
    return vectors, frames


def _size(path: Path) -> int:
    return sum(name.stat().st_size for name in (path, Path(f"{path}-wal")) if name.exists())


def _schema_pages(path: Path) -> list[int]:
    with sqlite3.connect(path) as db:
        pages = [int(r[0]) for r in db.execute(
            "SELECT pageno FROM dbstat WHERE name = 'sqlite_schema'")]
    db.close()
    return pages


def test_an_old_catalog_is_converted_in_place(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    vectors, frames = _old_catalog(path)
    before = _size(path)
    catalog = Catalog(path)
    sound = [n for n in range(1, PHOTOS + 1) if n not in DAMAGED and n not in
             (NOT_FINITE, NOT_UNIT)]
    stored = catalog.vectors.stored(list(range(1, PHOTOS + 1)), 1, DIM)
    assert sorted(stored) == sound   # every damaged one is left out of search
    for n in sound:
        assert np.array_equal(stored[n], as_stored(vectors[n - 1]))
        assert np.allclose(stored[n], vectors[n - 1], atol=STORED_ATOL)
    assert catalog.health.bad_vector_ids(1, DIM) == sorted(DAMAGED)
    assert catalog.health.unusable_vector_ids(1, DIM) == ([NOT_FINITE], [NOT_UNIT])
    ids, times, got = catalog.media.frame_matrix(1, DIM)
    assert list(ids) == [v for v in VIDEOS for _ in range(FRAMES)]
    assert list(times) == [f * 1.5 for _ in VIDEOS for f in range(FRAMES)]
    assert np.array_equal(got, as_stored(frames))
    assert catalog.health.integrity_problems() == [] and catalog.health.orphan_count() == 0
    catalog.health.checkpoint()
    space = catalog.health.space()
    catalog.close()
    assert "vectors_model" not in space and "frames_model" not in space
    assert {"vectors_key", "frames_key"} <= set(space)
    assert _schema_pages(path) == [1]   # a damaged file's schema stays readable
    assert _size(path) < before / 2   # compacted after the upgrade (VACUUM)


def test_the_converted_catalog_takes_new_rows_and_deletes_cascade(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    _old_catalog(path)
    catalog = Catalog(path)
    assert catalog.images.rows(1)["/p/0100.jpg"].has_vector
    fresh = _unit(np.random.default_rng(9), 1)[0]
    image = NewImage("/p/0100.jpg", 1, 1, 1, "d")    # the same content: replaced in place
    catalog.images.commit_batch(1, [(image, fresh)], [])
    assert np.array_equal(catalog.vectors.stored([100], 1, DIM)[100], as_stored(fresh))
    catalog.images.delete([10, 101])
    assert catalog.vectors.stored([10, 101], 1, DIM) == {}
    assert catalog.media.frame_times(10, 1) == [] and len(catalog.media.frame_times(11, 1)) == 4
    assert catalog.vectors.count(1) == PHOTOS - 2
    catalog.close()


def test_a_read_only_catalog_at_schema_5_is_refused_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "catalog.sqlite"
    _old_catalog(path)
    with pytest.raises(ClipviewError, match="older clipview .schema 5"):
        connect_read_only(path)


def test_a_new_catalog_fits_three_vectors_to_a_page(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "catalog.sqlite")
    folder = catalog.folders.add("/p")
    model = catalog.models.add("k", "n", DIM)
    rng = np.random.default_rng(1)
    for start in range(0, 1500, 100):
        catalog.images.commit_batch(model, [
            (NewImage(f"/p/{n}.jpg", folder, 1, 1, "d"), vector)
            for n, vector in enumerate(_unit(rng, 100), start)], [])
    video = NewImage("/p/v.mp4", folder, 1, 1, "d", frame_times=(0.0, 1.0, 2.0))
    catalog.images.commit_batch(model, [(video, _unit(rng, 3))], [])
    space = catalog.health.space()
    assert len(catalog.media.frame_times(catalog.images.id_of("/p/v.mp4") or 0, model)) == 3
    catalog.close()
    assert blob_length(DIM) == 1024
    # float32 WITHOUT ROWID rows overflowed: 5.1 KB each; float16 rows, 3 to a 4 KiB page
    assert 1024 < space["vectors"] / 1501 < 1450
    assert _schema_pages(tmp_path / "catalog.sqlite") == [1]


def test_a_folder_snapshot_puts_back_the_same_stored_vectors(tmp_path: Path) -> None:
    catalog = Catalog(tmp_path / "catalog.sqlite")
    folder = catalog.folders.add("/p")
    model = catalog.models.add("k", "n", DIM)
    vectors = _unit(np.random.default_rng(2), 3)
    ids = catalog.images.commit_batch(
        model, [(NewImage(f"/p/{n}.jpg", folder, 1, 1, "d"), v) for n, v in enumerate(vectors)],
        [])
    raw = [catalog.vectors.raw(i, model) for i in ids]
    snapshot = catalog.folders.snapshot(folder)
    assert snapshot is not None
    # the snapshot hands out float32 (what the index cache puts back): the stored values
    assert [np.frombuffer(b, np.float32).tolist() for _, _, b in snapshot.vectors] == \
        [r.tolist() for r in raw if r is not None]
    catalog.folders.remove(folder)
    new_ids = catalog.folders.restore(snapshot)
    again = [catalog.vectors.raw(new_ids[n], model) for n in range(3)]
    assert all(a is not None and r is not None and np.array_equal(a, r)
               for a, r in zip(again, raw, strict=True))
    catalog.close()


def test_a_blob_of_the_wrong_length_stays_wrong_when_converted() -> None:
    """Whatever the model's dimension: a float32-era blob of L bytes becomes L/2 bytes when it
    holds whole float32 values (sound exactly when it was), else an odd length, which no
    stored vector has (a 1,026-byte blob would otherwise pass as a sound 513-d row)."""
    for length in range(0, 80):
        converted = half_blob(bytes(range(length)))
        assert converted is not None
        assert len(converted) == length // 2 if length % 4 == 0 else len(converted) % 2 == 1
    assert half_blob(None) is None
    vector = np.linspace(-1, 1, 8, dtype=np.float32)
    assert half_blob(vector.tobytes()) == vector.astype("<f2").tobytes()


def test_the_timeline_reads_its_order_from_an_index(tmp_path: Path) -> None:
    """The timeline (its first page and the whole) is read in index order, not sorted: the
    query's plan uses images_when (whose expression must stay browse.WHEN)."""
    from clipview.core.catalog.browse import WHEN
    from clipview.core.catalog.db import connect

    connection = connect(tmp_path / "catalog.sqlite")
    try:
        plan = connection.execute(
            f"EXPLAIN QUERY PLAN SELECT id FROM images WHERE state = 'ok' "
            f"ORDER BY {WHEN} DESC, id DESC LIMIT 10").fetchall()
    finally:
        connection.close()
    details = " ".join(str(row[-1]) for row in plan)
    assert "images_when" in details and "TEMP B-TREE" not in details, details


def test_interrupt_stops_a_query_running_on_another_thread(tmp_path: Path) -> None:
    """What the app's quit does to a read of a million rows: the query fails at once, and
    the catalog answers the next one."""
    import threading

    from clipview.core.catalog.catalog import Catalog
    from clipview.core.catalog.errors import CatalogError

    catalog = Catalog(tmp_path / "catalog.sqlite")
    endless = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) " \
              "SELECT count(*) FROM c"
    failures: list[BaseException] = []

    def read() -> None:
        try:
            catalog._connection.query(endless)
        except CatalogError as exc:
            failures.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        reader.join(0.3)
        assert reader.is_alive()   # it would run forever
        catalog.interrupt()
        reader.join(10)
        assert not reader.is_alive() and len(failures) == 1
        assert catalog._connection.query("SELECT 1") == [(1,)]
    finally:
        catalog.interrupt()
        reader.join(10)
        catalog.close()
