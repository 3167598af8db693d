"""Fusing the two rankings of a search: the vector's (CLIP cosine) and the words'.

``blend`` is what clipview uses (measured against reciprocal rank fusion in
``tests/benchmarks/bench_fusion.py``, README "Words CLIP cannot see"):

    fused = vector_score + matched × spread

``matched`` is how many of the query's words were found in the item's name, folders, caption
or camera; ``spread`` is the distance between the best and the worst vector score among the
candidates (plus a hair). So items with more of the query's words rank above items with
fewer ("IMG_4392.jpg": the file with both words above every other .jpg), items with as many
keep their visual order ("blue germany 2019": the folder's photos first, the blue ones
first among them), and a query none of whose words is found anywhere leaves the order and the
scores exactly as the vector gave them. The fused number only orders the results: what a
person is shown as the match is ``match_score`` of the cosine (bounded, 0 to 1), and the words
found are shown as ``reasons`` ("folder: red", "in the name: img_4392"), never folded into a
number above 1. An earlier form, ``coverage × spread`` (coverage = matched / words), let a visually
strong partial match pass a complete one (file MRR 0.74 in the benchmark, against 1.0).

``rrf`` (reciprocal rank fusion, k = 60) is kept for the benchmark.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

RRF_K = 60
_TIE = 1e-6  # a full match lands just above the best item without one


# how each full-text field is named when it is why a result matched
_REASONS = {"name": "in the name", "folder": "folder", "caption": "in the description",
            "camera": "camera"}


def match_score(cosine: float) -> float:
    """What a result shows as its match: the cosine of the query's unit vector (an
    arithmetic query's normalised combination) and the item's, within 0 to 1 (a negative
    cosine, nearer the subtracted terms than the added ones, matches 0)."""
    return min(1.0, max(0.0, cosine))


def reasons(match: Iterable[tuple[str, Sequence[str]]] | None) -> list[str]:
    """The query's words found in an item, for people: ["folder: germany 2019",
    "in the name: img_4392"]; [] when none."""
    return [f"{_REASONS.get(field, field)}: {' '.join(words)}"
            for field, words in (match or ()) if words]


@dataclass(frozen=True)
class Candidate:
    """One item either ranking found: its cosine, its best frame, the words it matched."""

    id: int
    vector_score: float
    frame_time: float | None = None
    match: Mapping[str, Sequence[str]] | None = None   # field → query words found there


@dataclass(frozen=True)
class Fused:
    candidate: Candidate
    score: float      # the rank key (can pass 1); shown is match_score(vector_score)
    coverage: float


def coverage(match: Mapping[str, Sequence[str]] | None, words: Sequence[str]) -> float:
    """Share of ``words`` found in any field of ``match``."""
    if not match or not words:
        return 0.0
    found = {word for field_words in match.values() for word in field_words}
    return len(found & set(words)) / len(set(words))


def blend(candidates: Sequence[Candidate], words: Sequence[str]) -> list[Fused]:
    """Best first (see the module's description); ties keep the candidates' order."""
    if not candidates:
        return []
    scores = [c.vector_score for c in candidates]
    spread = max(scores) - min(scores) + _TIE
    fused = [Fused(c, c.vector_score + coverage(c.match, words) * len(set(words)) * spread,
                   coverage(c.match, words)) for c in candidates]
    return sorted(fused, key=lambda f: (-f.score, -f.coverage))


def rrf(candidates: Sequence[Candidate], words: Sequence[str], k: int = RRF_K
        ) -> list[Fused]:
    """Reciprocal rank fusion: 1/(k + visual rank) + 1/(k + text rank); the text ranking
    orders the items that matched any word by coverage."""
    visual = sorted(candidates, key=lambda c: -c.vector_score)
    visual_rank = {c.id: n for n, c in enumerate(visual, 1)}
    matched = [c for c in visual if coverage(c.match, words) > 0]
    matched.sort(key=lambda c: -coverage(c.match, words))
    text_rank = {c.id: n for n, c in enumerate(matched, 1)}
    fused = [Fused(c, 1 / (k + visual_rank[c.id]) + (
        1 / (k + text_rank[c.id]) if c.id in text_rank else 0.0), coverage(c.match, words))
        for c in candidates]
    return sorted(fused, key=lambda f: -f.score)
