"""Library reports: ``status`` (the integrity check is ``library_check``).

Functions of a ``Library``'s parts (catalog, model, index), so this module does not import
``library`` (no import cycle).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from clipview.core.catalog.catalog import Catalog, FolderRow
from clipview.core.library.reports import (
    FolderStatus,
    IndexStatus,
    StatusReport,
    TargetStatus,
)
from clipview.core.library.runtime_info import runtime_status
from clipview.core.models.encoder import ClipModel
from clipview.core.models.library_models import LibraryModels
from clipview.core.search.vector_index import VectorIndex


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
    folders = catalog.folders.all()
    encoded = catalog.vectors.count(subject.model_id)
    return StatusReport(
        home=str(subject.home),
        folders=[FolderStatus(f.path, f.images, f.skipped, f.offline, f.offline_reason)
                 for f in folders],
        images=encoded,
        waiting=waiting_count(folders, encoded),
        skipped=catalog.health.skipped_count(),
        model=model.name, model_key=subject.model_key, dim=model.dim,
        device=model.device, device_note=model.device_note,
        index=IndexStatus(str(index.path), len(index), index.generation),
        target_model=_target(subject),
        runtime=runtime_status(model.device, model.requested_device, model.device_note),
        types=catalog.media.kind_counts(subject.model_id))


def waiting_count(folders: Sequence[FolderRow], encoded: int) -> int:
    """Photos the catalog lists (in ``folders``) beyond the ``encoded`` ones: listed by a run
    before their encoding, which is under way or was stopped."""
    return max(0, sum(f.images for f in folders) - encoded)


def _target(subject: Subject) -> TargetStatus | None:
    target = LibraryModels(subject.home, subject.catalog).target_coverage()
    return TargetStatus(target.name, target.done, target.total) if target else None
