"""Ranked photos for a query vector: filters (folder, dates, score floor), result rows.

Turning a query into a vector is ``query.py``; reading dates people type is the CLI's.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from clipview.core.catalog import Catalog
from clipview.core.vector_index import VectorIndex


@dataclass(frozen=True)
class SearchResult:
    id: int
    path: str
    score: float
    taken_at: float | None = None
    width: int | None = None
    height: int | None = None

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "score": round(self.score, 6)}


@dataclass(frozen=True)
class Filters:
    """Optional limits on results: score floor, folders (a photo inside any of them), date
    range in unix seconds (the date taken, else the file's time)."""

    min_score: float | None = None
    folder: str | None = None
    after: float | None = None
    before: float | None = None
    folders: tuple[str, ...] = ()

    @property
    def all_folders(self) -> tuple[str, ...]:
        """Every folder the filters name, as real paths."""
        named = self.folders + ((self.folder,) if self.folder is not None else ())
        return tuple(os.path.realpath(os.path.expanduser(f)) for f in named)

    @property
    def narrows(self) -> bool:
        return bool(self.all_folders) or self.after is not None or self.before is not None


def allowed_ids(catalog: Catalog, filters: Filters) -> set[int]:
    """Ids of the usable photos inside the filters' folders and dates."""
    return catalog.ok_image_ids(filters.all_folders, filters.after, filters.before)


def rank(vector: np.ndarray, k: int, index: VectorIndex, catalog: Catalog, filters: Filters,
         exclude: set[int] | None = None) -> list[SearchResult]:
    """Top ``k`` photos for a unit vector, filtered, best first."""
    exclude = exclude or set()
    accept: Callable[[int], bool] | None = None
    if filters.narrows:
        allowed = allowed_ids(catalog, filters) - exclude
        accept = allowed.__contains__
    elif exclude:
        accept = lambda label: label not in exclude  # noqa: E731
    hits = index.search(vector, k, accept)
    if filters.min_score is not None:
        hits = [(i, s) for i, s in hits if s >= filters.min_score]
    info = catalog.info([i for i, _ in hits])
    return [SearchResult(i, info[i].path, s, info[i].taken_at, info[i].width, info[i].height)
            for i, s in hits if i in info][:k]
