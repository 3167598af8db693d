"""``check`` and ``check --repair``: what is wrong with a library, and fixing what can be.

A problem is something wrong in the catalog (the source of truth) or an HNSW cache that
claims to match the catalog and does not. A cache that is missing or older than the catalog
is *not* a problem: it is rebuilt when needed (it is always stale while another process is
indexing, and after a crash). ``--repair`` says what it repaired, checks again, and reports
success only when nothing is left wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from clipview.core.catalog.blobs import STORED_ATOL
from clipview.core.catalog.catalog import Catalog
from clipview.core.catalog.errors import is_damage
from clipview.core.errors import CatalogError
from clipview.core.library.index_cache import IndexCache
from clipview.core.library.reports import CheckReport
from clipview.core.library.state import ModelRow
from clipview.core.search.vector_index import VectorIndex

STALE_CACHE_NOTE = ("the search index cache is missing or older than the catalog (another "
                    "process is indexing, or one stopped early); it is rebuilt when needed")


@dataclass
class Findings:
    """What one pass of the check found."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    integrity: list[str] = field(default_factory=list)
    orphans: int = 0
    bad_vectors: list[int] = field(default_factory=list)
    index_disagrees: bool = False


def _catalog_findings(catalog: Catalog, model_id: int, dim: int, found: Findings) -> None:
    found.integrity = catalog.health.integrity_problems()
    if found.integrity:
        found.problems.append("SQLite's integrity check failed (the catalog file is damaged): "
                              + "; ".join(found.integrity[:5]))
    found.orphans = catalog.health.orphan_count()
    if found.orphans:
        found.problems.append(f"{found.orphans} rows point at missing folders or images")
    wrong = catalog.health.bad_vector_ids(model_id, dim)
    not_finite, not_unit = catalog.health.unusable_vector_ids(model_id, dim)
    for ids, what in ((wrong, "have the wrong length"), (not_finite, "are not finite"),
                      (not_unit, "are not of unit length")):
        if ids:
            found.problems.append(f"{len(ids)} vectors {what}")
    found.bad_vectors = wrong + not_finite + not_unit


def _index_findings(catalog: Catalog, model_id: int, index_path: Path, dim: int,
                    found: Findings) -> None:
    live = set(catalog.vectors.ids(model_id)) - set(found.bad_vectors)
    saved = VectorIndex(index_path, dim)
    if not saved.load(catalog.generation(model_id)):
        found.notes.append(STALE_CACHE_NOTE)
        return
    labels = saved.labels()
    if labels != live:
        found.index_disagrees = True
        found.problems.append(f"the search index cache disagrees with the catalog: "
                              f"{len(labels - live)} ids only in the cache, "
                              f"{len(live - labels)} only in the catalog")
        return
    for image_id in sorted(live)[:200]:
        vector = saved.vector(image_id)
        stored = catalog.vectors.raw(image_id, model_id)
        with np.errstate(all="ignore"):   # a damaged cache file: said below, never warned
            same = vector is not None and stored is not None and np.allclose(
                vector / max(np.linalg.norm(vector), 1e-12), stored, atol=STORED_ATOL)
        if not same:
            found.index_disagrees = True
            found.problems.append(f"the search index cache's vector of image {image_id} "
                                  "differs from the catalog's")
            return


def find_problems(catalog: Catalog, model_id: int, dim: int, index_path: Path) -> Findings:
    """Every problem of the catalog and its HNSW cache; a damaged catalog file is reported
    (with what SQLite's check says), never raised."""
    found = Findings()
    try:
        _catalog_findings(catalog, model_id, dim, found)
        _index_findings(catalog, model_id, index_path, dim, found)
    except CatalogError as exc:
        if not is_damage(exc):
            raise
        found.problems.append(f"the catalog could not be read to the end: {exc}")
        found.integrity = found.integrity or [str(exc)]
    return found


def repair_findings(catalog: Catalog, model_id: int, found: Findings,
           rebuild_index: Callable[[], None]) -> list[str]:
    """Fix what ``found`` lists; returns what was done (one line each)."""
    done: list[str] = []
    if found.integrity:
        try:
            catalog.health.reindex()
        except CatalogError as exc:
            if not is_damage(exc):
                raise
            return done  # damage beyond the indexes: the check that follows says so
        done.append("rebuilt the catalog's SQL indexes")
    if found.bad_vectors or found.orphans:
        vectors, orphans = catalog.health.repair(model_id, found.bad_vectors)
        if vectors:
            done.append(f"deleted {vectors} unusable vectors: the next 'clipview index' "
                        "encodes those photos again")
        if orphans:
            done.append(f"deleted {orphans} rows that pointed at missing folders or images")
    if found.index_disagrees or found.bad_vectors or found.orphans:
        rebuild_index()
        done.append("rebuilt the search index cache from the catalog")
    return done


class Checker:
    """``check`` on a library's parts: its catalog, its model's row and its HNSW cache."""

    def __init__(self, catalog: Catalog, writer: AbstractContextManager[object],
                 row: ModelRow, cache: IndexCache, dim: int) -> None:
        self._catalog = catalog
        self._writer = writer
        self._row = row
        self._cache = cache
        self._dim = dim

    def check(self, repair: bool = False) -> CheckReport:
        """Verify the catalog and its agreement with the HNSW cache; ``repair`` fixes what
        can be fixed (holding the writer lock throughout), then checks again."""
        guard: AbstractContextManager[object] = self._writer if repair else nullcontext()
        with guard:
            args = (self._catalog, self._row.id, self._dim, self._cache.vectors.path)
            found = find_problems(*args)
            repairs: list[str] = []
            if repair and found.problems:
                repairs = repair_findings(self._catalog, self._row.id, found, self._cache.rebuild)
                found = find_problems(*args)
            return _report(self._catalog, found, repairs)


def _report(catalog: Catalog, found: Findings, repairs: list[str]) -> CheckReport:
    try:
        rows, distinct = catalog.health.image_counts()
    except CatalogError as exc:
        if not is_damage(exc):
            raise
        rows = distinct = 0
    return CheckReport(ok=not found.problems, problems=found.problems, repaired=bool(repairs),
                       images=rows, duplicates=rows - distinct, repairs=repairs,
                       notes=found.notes)
