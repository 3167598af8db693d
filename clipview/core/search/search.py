"""Ranked photos for a query vector: filters (folder, dates, score floor), result rows.

Turning a query into a vector is ``query.py``; reading dates people type is the CLI's.
"""

from __future__ import annotations

import numbers
import os
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from clipview.core.catalog.catalog import Catalog
from clipview.core.errors import ClipviewError
from clipview.core.media.kinds import media_kind
from clipview.core.search.allowed import Allowed, Filter
from clipview.core.search.fusion import reasons
from clipview.core.search.vector_index import VectorIndex


def result_count(k: object) -> int:
    """``k``, the number of results asked for, when it is a whole number of at least 1;
    else a ClipviewError (not numpy's TypeError from deep inside a search)."""
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or int(k) < 1:
        raise ClipviewError(f"the number of results must be a whole number of at least 1, "
                            f"not {k!r}")
    return int(k)


@dataclass(frozen=True)
class SearchResult:
    id: int
    path: str
    score: float
    taken_at: float | None = None
    width: int | None = None
    height: int | None = None
    # a video: the time (seconds) of its best frame, which gave ``score``
    frame_time: float | None = None
    # a library search: ``score`` is the match people see, the cosine of the query's unit
    # vector and the item's within 0 to 1 (``fusion.match_score``); ``vector_score`` that
    # cosine itself (-1 to 1); ``text_match`` the query's words found in the item's fields
    # ((field, (word, …)), …), None when no word matched. Words change the order of the
    # results (``fusion.blend``), never the score.
    vector_score: float | None = None
    text_match: tuple[tuple[str, tuple[str, ...]], ...] | None = None

    @property
    def reasons(self) -> list[str]:
        """The words that matched, for people: ["folder: red", "in the name: img_4392"]."""
        return reasons(self.text_match)

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
    types: tuple[str, ...] = ()  # photo, raw, video (media_kinds); empty: every kind

    @property
    def all_folders(self) -> tuple[str, ...]:
        """Every folder the filters name, as real paths."""
        named = self.folders + ((self.folder,) if self.folder is not None else ())
        return tuple(os.path.realpath(os.path.expanduser(f)) for f in named)

    @property
    def narrows(self) -> bool:
        return bool(self.folders) or self.folder is not None or self.after is not None \
            or self.before is not None or bool(self.types)


def allowed_ids(catalog: Catalog, filters: Filters) -> Allowed:
    """Ids of the usable photos inside the filters' folders, dates and kinds (one catalog
    query of ids; paths only when a kind is asked for)."""
    scope = (filters.all_folders, filters.after, filters.before)
    if filters.types:
        return Allowed(np.fromiter((i for i, path in catalog.browse.ids_and_paths(*scope)
                                    if media_kind(path) in filters.types), np.int64))
    return Allowed(catalog.browse.ids(*scope))


class ScopeCache:
    """The allowed ids of the last few scopes, kept until the catalog changes
    (``Catalog.change_token``): a person types query after query inside one folder chip or
    date range, and only the first asks the catalog."""

    def __init__(self, size: int = 4) -> None:
        self._size = size
        self._entries: OrderedDict[tuple[object, ...], tuple[tuple[int, int], Allowed]] = \
            OrderedDict()
        self._lock = threading.Lock()

    def allowed(self, catalog: Catalog, filters: Filters) -> Allowed:
        key = (filters.all_folders, filters.after, filters.before, filters.types)
        token = catalog.change_token()
        with self._lock:
            known = self._entries.get(key)
            if known is not None and known[0] == token:
                self._entries.move_to_end(key)
                return known[1]
        allowed = allowed_ids(catalog, filters)
        with self._lock:
            self._entries[key] = (token, allowed)
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return allowed


def accept_for(catalog: Catalog, filters: Filters, exclude: set[int] | None = None,
               scopes: ScopeCache | None = None) -> Filter | None:
    """Which ids a filtered search may return (None: any); built once per search, since
    the allowed ids of a narrowing filter come from one catalog query over the library
    (or ``scopes``, when the catalog has not changed since). A narrowing filter gives an
    ``Allowed`` (tested with numpy by the back-ends)."""
    if filters.narrows:
        found = scopes.allowed(catalog, filters) if scopes else allowed_ids(catalog, filters)
        return found.without(exclude or ())
    if exclude:
        return lambda label: label not in exclude
    return None


def rank(vector: np.ndarray, k: int, index: VectorIndex, catalog: Catalog, filters: Filters,
         accept: Filter | None) -> list[SearchResult]:
    """Top ``k`` photos for a unit vector that ``accept`` takes (``accept_for``), best
    first, above ``filters.min_score``."""
    hits = index.search(vector, k, accept)
    if filters.min_score is not None:
        hits = [(i, s) for i, s in hits if s >= filters.min_score]
    info = catalog.images.info([i for i, _ in hits])
    return [SearchResult(i, info[i].path, s, info[i].taken_at, info[i].width, info[i].height)
            for i, s in hits if i in info][:k]
