"""What a library holds, read from its catalog alone: no model and no ONNX session needed
(``clipview status`` before any model is chosen)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from clipview.core.catalog.catalog import Catalog
from clipview.core.catalog.db import CATALOG_FILE
from clipview.core.library.reports import FolderStatus, StatusReport


@dataclass(frozen=True)
class Overview:
    """Folders and photo counts of a library; ``images``: usable photos, any model."""

    home: str
    folders: list[FolderStatus]
    images: int
    skipped: int
    excludes: dict[str, list[str]] = field(default_factory=dict)  # folder → patterns

    def to_json(self) -> dict[str, object]:
        """Shaped like ``StatusReport.to_json`` (same keys, same order), the model's keys
        null (``device_note`` empty)."""
        found = asdict(self)
        known: dict[str, object] = {"device_note": "", **found}
        return {f.name: known.get(f.name) for f in fields(StatusReport)}


def overview(home: Path) -> Overview:
    """The library at ``home`` as its catalog records it; an empty one when there is no
    catalog yet (nothing is created)."""
    home = Path(home).expanduser()
    path = home / CATALOG_FILE
    if not path.is_file():
        return Overview(str(home), [], 0, 0)
    catalog = Catalog(path)
    try:
        rows = catalog.folders.all()
        by_id = catalog.excludes.all()
        return Overview(str(home), [FolderStatus(f.path, f.images, f.skipped, f.offline,
                                                     f.offline_reason) for f in rows],
                        sum(f.images for f in rows), catalog.health.skipped_count(),
                        {f.path: by_id[f.id] for f in rows if f.id in by_id})
    finally:
        catalog.close()
