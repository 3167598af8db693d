"""Library reports: ``status`` and the integrity ``check`` (with repair).

Functions of a ``Library``'s parts (catalog, model, index), so this module does not import
``library`` (no import cycle).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from clipview.core.catalog import Catalog
from clipview.core.encoder import ClipModel
from clipview.core.reports import CheckReport, FolderStatus, IndexStatus, StatusReport
from clipview.core.vector_index import VectorIndex


@dataclass(frozen=True)
class Subject:
    """The parts of a library that status and check look at."""

    home: Path
    catalog: Catalog
    model: ClipModel
    model_key: str
    model_id: int
    index_path: Path


def status_report(subject: Subject, index: VectorIndex) -> StatusReport:
    """``index``: the loaded (or rebuilt) HNSW index of the subject's model."""
    catalog, model = subject.catalog, subject.model
    model.load()  # explicit: the report names the device really used
    return StatusReport(
        home=str(subject.home),
        folders=[FolderStatus(f.path, f.images, f.skipped) for f in catalog.folders()],
        images=catalog.count_vectors(subject.model_id),
        skipped=catalog.skipped_count(),
        model=model.name, model_key=subject.model_key, dim=model.dim,
        device=model.device, device_note=model.device_note,
        index=IndexStatus(str(index.path), len(index), index.generation))


def _catalog_problems(subject: Subject) -> tuple[list[str], list[int]]:
    catalog = subject.catalog
    problems: list[str] = []
    integrity = catalog.integrity_problems()
    if integrity:
        problems.append("SQLite integrity check failed: " + "; ".join(integrity[:5]))
    orphans = catalog.orphan_count()
    if orphans:
        problems.append(f"{orphans} rows point at missing folders or images")
    bad_vectors = catalog.bad_vector_ids(subject.model_id, subject.model.dim)
    if bad_vectors:
        problems.append(f"{len(bad_vectors)} vectors have the wrong length")
    return problems, bad_vectors


def _index_problems(subject: Subject, live: set[int]) -> list[str]:
    saved = VectorIndex(subject.index_path, subject.model.dim)
    if not saved.load(subject.catalog.generation(), live):
        return ["the HNSW file is missing, corrupt or older than the catalog"]
    problems = []
    labels = saved.labels()
    if labels != live:
        problems.append(f"index and catalog disagree: {len(labels - live)} ids only in the "
                        f"index, {len(live - labels)} only in the catalog")
    for image_id in sorted(live)[:200]:
        vector = saved.vector(image_id)
        stored = subject.catalog.stored_vector(image_id, subject.model_id)
        if vector is None or stored is None or not np.allclose(
                vector / max(np.linalg.norm(vector), 1e-12), stored, atol=1e-4):
            problems.append(f"index vector of image {image_id} differs from the catalog")
            break
    return problems


def find_problems(subject: Subject) -> tuple[list[str], list[int]]:
    """Everything wrong with the catalog and its HNSW file, and the ids of bad vectors."""
    problems, bad_vectors = _catalog_problems(subject)
    live = set(subject.catalog.vector_ids(subject.model_id))
    problems += _index_problems(subject, live - set(bad_vectors))
    return problems, bad_vectors


def check_report(subject: Subject, problems: list[str], repaired: bool) -> CheckReport:
    rows, distinct = subject.catalog.image_counts()
    return CheckReport(ok=not problems or repaired, problems=problems, repaired=repaired,
                       images=rows, duplicates=rows - distinct)
