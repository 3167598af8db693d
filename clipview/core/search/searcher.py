"""The one searcher of a library: text, image and mixed queries, photos like a photo, and
a query vector, over photos, RAW files and videos, with filters.

The query is read once (``query.read_query``: terms for the vector, words for the full-text
table); the vector ranking counts a video with its best frame (``frame_index``, the result
carries that frame's time); the words CLIP cannot see (file names, folders, EXIF text) are
fused with it (``fusion.blend``). ``score`` is the match people see, the order the fused one.
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from clipview.core.catalog.catalog import Catalog, ImageInfo
from clipview.core.errors import ClipviewError
from clipview.core.models.encoder import ClipModel
from clipview.core.search.frame_index import FrameHit, FrameIndex
from clipview.core.search.fusion import Candidate, blend, match_score
from clipview.core.search.query import not_a_photo, read_query, terms_vector
from clipview.core.search.search import Filters, ScopeCache, SearchResult, accept_for, rank
from clipview.core.search.vector_index import VectorIndex

FUSION_POOL = 200        # visual candidates a fused search looks at (at least k)
TEXT_CANDIDATES = 2000   # items matching words scored with their vectors, at most


class Searcher:
    """Ranks a library's items for a query: its catalog, its model, its model's catalog id
    (``model_id``: asked each time, another process may record it) and its vector index
    (``index``: loaded when first needed)."""

    def __init__(self, catalog: Catalog, model: ClipModel, model_id: Callable[[], int],
                 index: Callable[[], VectorIndex]) -> None:
        self._catalog = catalog
        self._model = model
        self._model_id = model_id
        self._index = index
        self._frames = FrameIndex(model.dim)   # the videos' frames, read when they change
        self._scopes = ScopeCache()   # the allowed ids of the last scopes searched

    def _frame_index(self) -> FrameIndex:
        self._frames.refresh(self._catalog, self._model_id())
        return self._frames

    def search(self, query: str, k: int, filters: Filters) -> list[SearchResult]:
        """Items for a query (text, image paths, arithmetic, weights), best first: read
        once, its terms give the vector and its words the full-text hits."""
        parsed = read_query(query)
        vector = terms_vector(parsed.terms, self._model, self._catalog, self._model_id())
        return self._fused(parsed.words, vector, k, filters)

    def similar(self, path: str | os.PathLike[str], k: int, filters: Filters
                ) -> list[SearchResult]:
        """Items like the photo at ``path`` (itself excluded when the library holds it)."""
        real = os.path.realpath(os.path.expanduser(os.fspath(path)))
        model_id = self._model_id()
        known = self._catalog.vectors.of(real, model_id) or \
            self._catalog.vectors.of(os.path.expanduser(os.fspath(path)), model_id)
        if known is not None:
            return self.search_vector(known[1], k, filters, exclude={known[0]})
        if not os.path.isfile(real):
            raise ClipviewError(not_a_photo(os.fspath(path)))
        return self.search_vector(self._model.encode_images([real])[0], k, filters)

    def search_vector(self, vector: np.ndarray, k: int, filters: Filters,
                   exclude: set[int] | None = None) -> list[SearchResult]:
        """Top ``k`` for a unit vector; a video scores its best frame (``frame_time``)."""
        return self._rank_media(vector, k, filters, accept_for(self._catalog, filters, exclude,
                                                                 self._scopes))

    def _rank_media(self, vector: np.ndarray, k: int, filters: Filters,
                    accept: Callable[[int], bool] | None) -> list[SearchResult]:
        results = rank(vector, k, self._index(), self._catalog, filters, accept)
        frames = self._frame_index().best(vector, accept)
        return [dataclasses.replace(r, score=match_score(r.score), vector_score=r.score)
                for r in _with_frames(self._catalog, results, frames, k, filters.min_score)]

    def _fused(self, words: list[str], vector: np.ndarray, k: int, filters: Filters
               ) -> list[SearchResult]:
        """The query's vector ranking fused with its words' (file names, folders, EXIF …):
        the order is the fused one, ``score`` the match (``fusion.match_score`` of the
        cosine), ``text_match`` the words found; ``--min-score`` applies to the cosine."""
        hits = self._catalog.text.hits(words) if words else {}
        accept = accept_for(self._catalog, filters, scopes=self._scopes)   # once a search
        if hits and accept is not None:
            hits = {i: m for i, m in hits.items() if accept(i)}
        if not hits:  # exactly the vector's answer
            return self._rank_media(vector, k, filters, accept)
        unlimited = dataclasses.replace(filters, min_score=None)
        visual = self._rank_media(vector, max(k, FUSION_POOL), unlimited, accept)
        candidates = [Candidate(r.id, r.vector_score if r.vector_score is not None else r.score,
                                r.frame_time, hits.get(r.id)) for r in visual]
        candidates += self._text_only(vector, hits, {r.id for r in visual}, words)
        fused = blend(candidates, words)
        known = {r.id: r for r in visual}
        info = self._catalog.images.info([f.candidate.id for f in fused
                                          if f.candidate.id not in known])
        out = []
        for item in fused:
            c = item.candidate
            base = known.get(c.id) or (_result(info[c.id], c.vector_score)
                                       if c.id in info else None)
            if base is not None:
                out.append(dataclasses.replace(
                    base, score=match_score(c.vector_score), vector_score=c.vector_score,
                    frame_time=c.frame_time, text_match=_match(c.match)))
        return _floor(out, filters.min_score)[:k]

    def _text_only(self, vector: np.ndarray, hits: dict[int, dict[str, list[str]]],
                   seen: set[int], words: list[str]) -> list[Candidate]:
        """Items only the words found: scored with their stored vector (a video: its best
        frame); those without a vector of this model are left out."""
        wanted = sorted((i for i in hits if i not in seen),
                        key=lambda i: (-len({w for f in hits[i].values() for w in f}), i))
        wanted = wanted[:TEXT_CANDIDATES]
        stored = self._catalog.vectors.stored(wanted, self._model_id(), self._model.dim)
        frames = self._frame_index().best(vector, set(wanted).__contains__)
        found = []
        for image_id in wanted:
            if image_id not in stored:
                continue
            cosine = float(np.dot(stored[image_id], vector))
            hit = frames.get(image_id)
            if hit is not None and hit.score > cosine:
                found.append(Candidate(image_id, hit.score, hit.time_s, hits[image_id]))
            else:
                found.append(Candidate(image_id, cosine, None, hits[image_id]))
        return found


def _result(row: ImageInfo, score: float) -> SearchResult:
    return SearchResult(row.id, row.path, score, row.taken_at, row.width, row.height)


def _match(match: Mapping[str, Sequence[str]] | None
           ) -> tuple[tuple[str, tuple[str, ...]], ...] | None:
    if not match:
        return None
    return tuple((field, tuple(words)) for field, words in match.items())


def _floor(results: list[SearchResult], min_score: float | None) -> list[SearchResult]:
    if min_score is None:
        return results
    return [r for r in results
            if (r.vector_score if r.vector_score is not None else r.score) >= min_score]


def _with_frames(catalog: Catalog, results: list[SearchResult], frames: dict[int, FrameHit],
                 k: int, min_score: float | None) -> list[SearchResult]:
    """Results where videos score their best frame; videos whose best frame beats the
    k-th result join."""
    if not frames:
        return results
    merged = {r.id: r for r in results}
    for image_id, hit in frames.items():
        if image_id in merged:
            old = merged[image_id]
            merged[image_id] = dataclasses.replace(
                old, score=max(old.score, hit.score), frame_time=hit.time_s)
    floor = results[-1].score if len(results) >= k else -math.inf
    joining = [i for i, hit in frames.items() if i not in merged and hit.score > floor
               and (min_score is None or hit.score >= min_score)]
    for image_id, row in catalog.images.info(joining).items():
        hit = frames[image_id]
        merged[image_id] = dataclasses.replace(_result(row, hit.score), frame_time=hit.time_s)
    return sorted(merged.values(), key=lambda r: -r.score)[:k]
