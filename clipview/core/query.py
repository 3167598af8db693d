"""Query syntax: ``beach + sunset - people``, weights ``2:dog``, image paths as terms."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from clipview.core.errors import ClipviewError

_SPLIT = re.compile(r"(?:^|\s+)([+-])\s+|^([+-])(?=\S)")
_WEIGHT = re.compile(r"^(-?\d+(?:\.\d+)?):(.+)$", re.S)


class QueryError(ClipviewError):
    """The query cannot be understood."""


@dataclass(frozen=True)
class Term:
    """One part of a query: text or an image file, with a signed weight."""

    text: str
    weight: float
    image: Path | None = None


def parse_query(query: str) -> list[Term]:
    """Split on `` + `` and `` - `` (spaces around, so "t-shirt" stays whole)."""
    query = query.strip()
    if not query:
        raise QueryError("the query is empty")
    if os.path.isfile(os.path.expanduser(query)):
        return [Term(query, 1.0, Path(os.path.expanduser(query)))]
    terms: list[Term] = []
    sign, position = 1.0, 0
    for match in _SPLIT.finditer(query):
        _add(terms, query[position:match.start()], sign)
        sign = -1.0 if (match.group(1) or match.group(2)) == "-" else 1.0
        position = match.end()
    _add(terms, query[position:], sign)
    if not terms:
        raise QueryError(f"no search terms in {query!r}")
    return terms


def _add(terms: list[Term], raw: str, sign: float) -> None:
    raw = raw.strip()
    if not raw:
        return
    weight = 1.0
    weighted = _WEIGHT.match(raw)
    if weighted and not os.path.exists(os.path.expanduser(raw)):
        weight, raw = float(weighted.group(1)), weighted.group(2).strip()
    text = raw.strip().strip("\"'")
    candidate = Path(os.path.expanduser(text))
    image = candidate if text and candidate.is_file() else None
    terms.append(Term(text, sign * weight, image))
