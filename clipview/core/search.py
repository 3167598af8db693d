"""Turning a query into a vector and ranked photos: text, images, arithmetic, filters."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from clipview.core.catalog import Catalog
from clipview.core.encoder import ClipModel
from clipview.core.query import QueryError, Term, parse_query
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
    """Optional limits on results: score floor, folder, date range (unix seconds)."""

    min_score: float | None = None
    folder: str | None = None
    after: float | None = None
    before: float | None = None

    @property
    def narrows(self) -> bool:
        return self.folder is not None or self.after is not None or self.before is not None


def parse_date(text: str, end: bool = False) -> float:
    """'2024', '2024-05' or '2024-05-17' → unix seconds (start, or end when ``end``)."""
    for layout, step in (("%Y-%m-%d", "day"), ("%Y-%m", "month"), ("%Y", "year")):
        try:
            start = datetime.strptime(text.strip(), layout)
        except ValueError:
            continue
        if not end:
            return start.timestamp()
        if step == "day":
            return start.timestamp() + 86400
        if step == "month":
            nxt = start.replace(year=start.year + start.month // 12, month=start.month % 12 + 1)
            return nxt.timestamp()
        return start.replace(year=start.year + 1).timestamp()
    raise QueryError(f"cannot read the date {text!r} (use YYYY, YYYY-MM or YYYY-MM-DD)")


def term_vectors(terms: list[Term], model: ClipModel, catalog: Catalog,
                 model_id: int) -> np.ndarray:
    """One unit vector per term: texts encoded together, images from the catalog if known."""
    vectors = np.zeros((len(terms), model.dim), np.float32)
    texts = [(i, t.text) for i, t in enumerate(terms) if t.image is None]
    if texts:
        encoded = model.encode_texts([text for _, text in texts])
        for row, (i, _) in enumerate(texts):
            vectors[i] = encoded[row]
    for i, term in enumerate(terms):
        if term.image is not None:
            known = catalog.vector_of(os.path.realpath(term.image), model_id)
            vectors[i] = known[1] if known else model.encode_images([term.image])[0]
    return vectors


def combine(terms: list[Term], vectors: np.ndarray) -> np.ndarray:
    weights = np.asarray([t.weight for t in terms], np.float32)[:, None]
    total = (weights * vectors).sum(axis=0)
    norm = float(np.linalg.norm(total))
    if norm < 1e-6:
        raise QueryError("the query's terms cancel each other out")
    unit: np.ndarray = (total / norm).astype(np.float32)
    return unit


def query_vector(query: str, model: ClipModel, catalog: Catalog, model_id: int) -> np.ndarray:
    terms = parse_query(query)
    return combine(terms, term_vectors(terms, model, catalog, model_id))


def allowed_ids(catalog: Catalog, filters: Filters) -> set[int]:
    clauses, params = ["state = 'ok'"], []
    if filters.folder is not None:
        prefix = os.path.realpath(filters.folder).rstrip(os.sep) + os.sep
        clauses.append("substr(path, 1, ?) = ?")
        params += [len(prefix), prefix]
    if filters.after is not None:
        clauses.append("taken_at >= ?")
        params.append(filters.after)
    if filters.before is not None:
        clauses.append("taken_at < ?")
        params.append(filters.before)
    rows = catalog.query(f"SELECT id FROM images WHERE {' AND '.join(clauses)}", params)
    return {int(r[0]) for r in rows}


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


ORDERS = ("relevance", "date")


def arrange(results: list[SearchResult], order: str = "relevance",
            min_score: float | None = None) -> list[SearchResult]:
    """Results above ``min_score``, by relevance (as ranked) or by date (newest first,
    undated last)."""
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}")
    kept = [r for r in results if min_score is None or r.score >= min_score]
    if order == "date":
        kept.sort(key=lambda r: (r.taken_at is None, -(r.taken_at or 0.0)))
    return kept
