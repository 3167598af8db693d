"""Library reports: ``status`` and the integrity ``check`` (with repair)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from clipview.core.vector_index import VectorIndex

if TYPE_CHECKING:
    from clipview.core.library import Library


def status_report(library: Library) -> dict[str, object]:
    catalog = library.catalog
    folders = catalog.folders()
    index = library.ensure_index()
    skipped = catalog.query("SELECT COUNT(*) FROM images WHERE state = 'skipped'")[0][0]
    return {
        "home": str(library.home),
        "folders": [{"path": f.path, "images": f.images, "skipped": f.skipped}
                    for f in folders],
        "images": catalog.count_vectors(library.model_id),
        "skipped": int(skipped),
        "model": library.model.name,
        "model_key": library.key,
        "dim": library.model.dim,
        "device": library.model.device,
        "device_note": library.model.device_note,
        "index": {"file": str(index.path), "count": len(index),
                  "generation": index.generation},
    }


def _catalog_problems(library: Library) -> tuple[list[str], list[int]]:
    catalog = library.catalog
    problems: list[str] = []
    integrity = [str(r[0]) for r in catalog.query("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        problems.append("SQLite integrity check failed: " + "; ".join(integrity[:5]))
    orphans = catalog.query("PRAGMA foreign_key_check")
    if orphans:
        problems.append(f"{len(orphans)} rows point at missing folders or images")
    bad_vectors = [int(r[0]) for r in catalog.query(
        "SELECT image_id FROM vectors WHERE model_id = ? AND length(vector) != ?",
        (library.model_id, 4 * library.model.dim))]
    if bad_vectors:
        problems.append(f"{len(bad_vectors)} vectors have the wrong length")
    return problems, bad_vectors


def _index_problems(library: Library, live: set[int]) -> list[str]:
    saved = VectorIndex(library.vectors.path, library.model.dim)
    if not saved.load(library.catalog.generation(), live):
        return ["the HNSW file is missing, corrupt or older than the catalog"]
    problems = []
    labels = saved.labels()
    if labels != live:
        problems.append(f"index and catalog disagree: {len(labels - live)} ids only in the "
                        f"index, {len(live - labels)} only in the catalog")
    sample = sorted(live)[:200]
    for image_id in sample:
        vector = saved.vector(image_id)
        stored = library.catalog.query(
            "SELECT vector FROM vectors WHERE image_id = ? AND model_id = ?",
            (image_id, library.model_id))
        if vector is None or not stored or not np.allclose(
                vector / max(np.linalg.norm(vector), 1e-12),
                np.frombuffer(bytes(stored[0][0]), np.float32), atol=1e-4):
            problems.append(f"index vector of image {image_id} differs from the catalog")
            break
    return problems


def check_library(library: Library, repair: bool) -> dict[str, object]:
    """Verify the catalog and its agreement with the HNSW file; optionally repair."""
    problems, bad_vectors = _catalog_problems(library)
    live = {int(r[0]) for r in library.catalog.query(
        "SELECT image_id FROM vectors WHERE model_id = ?", (library.model_id,))}
    problems += _index_problems(library, live - set(bad_vectors))
    repaired = False
    if problems and repair:
        with library.writer, library.catalog.transaction() as db:
            db.executemany("DELETE FROM vectors WHERE image_id = ? AND model_id = ?",
                           [(i, library.model_id) for i in bad_vectors])
            db.execute("DELETE FROM images WHERE folder_id NOT IN (SELECT id FROM folders)")
            db.execute("DELETE FROM vectors WHERE image_id NOT IN (SELECT id FROM images)")
            library.catalog.bump_generation(db)
        library.ensure_index()
        repaired = True
    counts = library.catalog.query(
        "SELECT COUNT(*), COUNT(DISTINCT path) FROM images")[0]
    return {"ok": not problems or repaired, "problems": problems, "repaired": repaired,
            "images": int(counts[0]), "duplicates": int(counts[0]) - int(counts[1])}
