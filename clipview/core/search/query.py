"""Queries: the syntax (``beach + sunset - people``, weights ``2:dog``, image paths as
terms), read once into terms and words (``read_query``), and turning the terms into one
unit vector (``terms_vector``)."""

from __future__ import annotations

import errno
import math
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from clipview.core.errors import ClipviewError
from clipview.core.media.scanner import IMAGE_SUFFIXES
from clipview.core.media.words import query_words

if TYPE_CHECKING:  # run time: no onnxruntime or sqlite for code that only parses
    from clipview.core.catalog.catalog import Catalog
    from clipview.core.models.encoder import ClipModel

_SPLIT = re.compile(r"(?:^|\s+)([+-])\s+|^([+-])(?=\S)")
_QUOTED = re.compile(r'"[^"]*"')
_WEIGHT = re.compile(r"^(-?\d+(?:\.\d+)?):(.+)$", re.S)
_PATH_START = re.compile(r"^(/|~[\w.-]*/|\.\.?/)")


class QueryError(ClipviewError):
    """The query cannot be understood."""


@dataclass(frozen=True)
class Term:
    """One part of a query: text or an image file, with a signed weight."""

    text: str
    weight: float
    image: Path | None = None


@dataclass(frozen=True)
class ParsedQuery:
    """A query read once: its terms (for the vector) and the words of its positive text
    terms (looked up in file names, folders and EXIF text)."""

    text: str | bytes
    terms: list[Term]
    words: list[str]


def read_query(query: str | bytes) -> ParsedQuery:
    """``parse_query``, with the words of its positive text terms."""
    terms = parse_query(query)
    words = query_words(t.text for t in terms if t.image is None and t.weight > 0)
    return ParsedQuery(query, terms, words)


def parse_query(query: str | bytes) -> list[Term]:
    """Split on `` + `` and `` - `` (spaces around, so "t-shirt" stays whole); a term in
    double quotes is taken whole, so paths with " - " in them work. Bytes (and text with
    undecodable bytes, as ``sys.argv`` gives them) name a photo when such a file exists,
    else they are text (the tokenizer replaces what is not UTF-8)."""
    query = _as_text(query).replace("\x00", " ").strip()  # NUL: in no name, no word
    if not query:
        raise QueryError("the query is empty")
    if is_photo_file(query):
        return [Term(query, 1.0, Path(os.path.expanduser(query)))]
    quoted: list[str] = []

    def hide(match: re.Match[str]) -> str:
        quoted.append(match.group(0))
        return f"\x00{len(quoted) - 1}\x00"

    masked = _QUOTED.sub(hide, query)
    terms: list[Term] = []
    sign, position = 1.0, 0
    for match in _SPLIT.finditer(masked):
        _add(terms, _unmask(masked[position:match.start()], quoted), sign)
        sign = -1.0 if (match.group(1) or match.group(2)) == "-" else 1.0
        position = match.end()
    _add(terms, _unmask(masked[position:], quoted), sign)
    if not terms:
        raise QueryError(f"no search terms in {query!r}")
    return terms


def _as_text(query: object) -> str:
    if isinstance(query, bytes):
        return os.fsdecode(query)
    if not isinstance(query, str):
        raise QueryError(f"a query is text, not {type(query).__name__}")
    return query


def file_state(text: str) -> tuple[bool, str | None]:
    """(``text``, ``~`` expanded, names a regular file; why it could not be looked at).
    A term that cannot be a file (too long, a NUL, a loop, a bad encoding) is simply not
    one; only a refused look (permission, I/O error) says why."""
    try:
        return stat.S_ISREG(os.stat(os.path.expanduser(text)).st_mode), None
    except OSError as exc:
        refused = exc.errno in (errno.EACCES, errno.EPERM, errno.EIO)
        return False, (exc.strerror or str(exc)) if refused else None
    except ValueError:  # a NUL, or text no file name can be encoded as
        return False, None


def is_photo_file(text: str) -> bool:
    """``text`` (``~`` expanded) is a regular file; never raises."""
    return file_state(text)[0]


def _unmask(text: str, quoted: list[str]) -> str:
    return re.sub("\x00(\\d+)\x00", lambda m: quoted[int(m.group(1))], text)


def refine(query: str, path: str, more: bool) -> str:
    """The query with a photo added (``more``) or taken away: "More/Less like this"."""
    term = f'"{path}"'
    query = query.strip()
    if not query:
        return term if more else f"- {term}"
    if is_photo_file(query):
        query = f'"{query}"'
    return f"{query} {'+' if more else '-'} {term}"


def _add(terms: list[Term], raw: str, sign: float) -> None:
    raw = raw.strip()
    if not raw.strip("+-").strip():
        return
    weight = 1.0
    weighted = _WEIGHT.match(raw)
    if weighted and not os.path.exists(os.path.expanduser(raw)):
        weight, raw = float(weighted.group(1)), weighted.group(2).strip()
    text = raw.strip().strip("\"'")
    found, refused = file_state(text) if text else (False, None)
    if not found and looks_like_path(text):
        raise QueryError(f"cannot look at {text}: {refused}" if refused else
                         not_a_photo(text, " (to search inside it use --folder)"))
    terms.append(Term(text, sign * weight, Path(os.path.expanduser(text)) if found else None))


def not_a_photo(text: str, folder_hint: str = "") -> str:
    """Why ``text`` (``~`` expanded), meant as a photo, names none: one line (a folder is
    said with ``folder_hint`` after it)."""
    try:
        mode = os.stat(os.path.expanduser(text)).st_mode
    except (OSError, ValueError):
        return f"no such photo: {text}"
    if stat.S_ISDIR(mode):
        return f"{text} is a folder, not a photo{folder_hint}"
    return f"not a regular file: {text}"


def looks_like_path(text: str) -> bool:
    """A term meant as a photo: starts with ``/``, ``~/``, ``./`` or ``../``, or has a folder
    in it and ends with an image suffix (``pics/a.jpg``). Such a term that names no file is
    a typo, never searched as text."""
    if _PATH_START.match(text):
        return True
    return "/" in text and os.path.splitext(text)[1].lower() in IMAGE_SUFFIXES


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
            known = catalog.vectors.of(os.path.realpath(term.image), model_id)
            vectors[i] = known[1] if known else model.encode_images([term.image])[0]
    return vectors


def combine(terms: list[Term], vectors: np.ndarray) -> np.ndarray:
    """The weighted sum of the terms' vectors, as a unit vector. Only the weights' ratios
    count (they are divided by the largest first, in float64): ``1e42:red + blue`` is red.
    A weight that is no finite number (digits beyond float's range) is a QueryError."""
    for term in terms:
        if not math.isfinite(term.weight):
            raise QueryError(f"the weight of {term.text!r} is too large a number")
    weights = np.asarray([t.weight for t in terms], np.float64)
    largest = float(np.abs(weights).max(initial=0.0))
    if largest == 0.0:
        raise QueryError("the query's terms cancel each other out")
    with np.errstate(all="ignore"):   # a damaged vector: said below, never warned
        total = ((weights / largest)[:, None] * np.asarray(vectors, np.float64)).sum(axis=0)
        norm = float(np.linalg.norm(total))
    if not math.isfinite(norm):
        raise QueryError("a term of the query has no usable vector")
    if norm < 1e-6:
        raise QueryError("the query's terms cancel each other out")
    unit: np.ndarray = (total / norm).astype(np.float32)
    return unit


def terms_vector(terms: list[Term], model: ClipModel, catalog: Catalog, model_id: int
                 ) -> np.ndarray:
    """The unit vector parsed terms stand for (encode, combine)."""
    return combine(terms, term_vectors(terms, model, catalog, model_id))


def query_vector(query: str, model: ClipModel, catalog: Catalog, model_id: int) -> np.ndarray:
    """The unit vector a query stands for (parse, encode, combine)."""
    return terms_vector(parse_query(query), model, catalog, model_id)
