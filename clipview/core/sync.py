"""What an indexing run must do: compare the folders on disk with the catalog."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from clipview.core.catalog import Catalog, FolderRow, ImageRow
from clipview.core.hashing import file_digest
from clipview.core.progress import Skipped
from clipview.core.scanner import FoundFile, ScanProblem, scan


@dataclass(frozen=True)
class Work:
    """A file to decode and encode, and the folder it belongs to."""

    file: FoundFile
    folder_id: int
    existing_id: int | None


@dataclass
class Plan:
    to_encode: list[Work] = field(default_factory=list)
    moves: list[tuple[ImageRow, Work]] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)


def scan_folders(folders: list[FolderRow], offline: set[int], plan: Plan
                 ) -> Iterator[tuple[FoundFile, int]]:
    """Found photos with their folder id; unusable ones and missing roots go to the plan."""
    for folder in folders:
        if folder.id in offline:
            plan.skipped.append(Skipped(folder.path, "folder not found (its photos are kept)"))
            continue
        for item in scan(folder.path):
            if isinstance(item, ScanProblem):
                plan.skipped.append(Skipped(item.path, f"{item.reason}: {item.detail}"))
            else:
                yield item, folder.id


def make_plan(catalog: Catalog, model_id: int, folders: list[FolderRow]) -> Plan:
    """Sort every photo into unchanged, to encode, moved or removed."""
    plan = Plan()
    known = catalog.images(model_id)
    offline = {f.id for f in folders if not os.path.isdir(f.path)}
    seen: set[str] = set()
    new: list[Work] = []
    for found, folder_id in scan_folders(folders, offline, plan):
        seen.add(found.path)
        row = known.get(found.path)
        if row is None:
            new.append(Work(found, folder_id, None))
        elif row.size == found.size and row.mtime_ns == found.mtime_ns and (
                row.has_vector or row.state == "skipped"):
            plan.unchanged += 1
        else:
            plan.to_encode.append(Work(found, folder_id, row.id))
    missing = [row for path, row in known.items()
               if path not in seen and row.folder_id not in offline]
    _match_moves(plan, new, missing)
    return plan


def _match_moves(plan: Plan, new: list[Work], missing: list[ImageRow]) -> None:
    by_size: dict[int, list[ImageRow]] = {}
    for row in missing:
        if row.content_hash and row.state == "ok" and row.has_vector:
            by_size.setdefault(row.size, []).append(row)
    claimed: set[int] = set()
    for work in new:
        candidates = [r for r in by_size.get(work.file.size, []) if r.id not in claimed]
        match = _same_content(work.file.path, candidates) if candidates else None
        if match is None:
            plan.to_encode.append(work)
        else:
            claimed.add(match.id)
            plan.moves.append((match, work))
    plan.removed = [row.id for row in missing if row.id not in claimed]


def _same_content(path: str, candidates: list[ImageRow]) -> ImageRow | None:
    try:
        digest = file_digest(path)
    except OSError:
        return None
    return next((row for row in candidates if row.content_hash == digest), None)
