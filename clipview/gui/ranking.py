"""How the grid orders and cuts search results: relevance or date, an absolute score floor,
and "best matches only", a cut relative to the query's own scores that works across models."""

from __future__ import annotations

import math
import statistics

from clipview.core.search.search import SearchResult
from clipview.gui.translation import translate

ORDERS = ("relevance", "date")


def relative_cut(scores: list[float]) -> float:
    """The score above which results are closer to the best one than to the typical one:
    halfway between the top score and the median. Cosines differ between models (one
    model's 0.30 is another's 0.80), the shape of one query's ranking does not."""
    if not scores:
        return 0.0
    top = max(scores)
    return top - (top - statistics.median(scores)) / 2


def _similarity(result: SearchResult) -> float:
    """The cosine the cut-offs compare (``score`` is it within 0 to 1)."""
    return result.vector_score if result.vector_score is not None else result.score


def score_text(score: float) -> str:
    """A match as people see it, the badge and the tooltip alike: two decimals, cut rather
    than rounded up (0.999 is "0.99": "1.00" would claim the very same picture)."""
    return f"{math.floor(score * 100 + 1e-9) / 100:.2f}"


def badge_text(result: SearchResult) -> str:
    """A tile's badge: its match (the cosine, 0 to 1) and the words that matched,
    '0.70 · folder: red'."""
    return " · ".join([score_text(result.score), *result.reasons])


def match_lines(result: SearchResult) -> list[str]:
    """A tile's tooltip lines about its match: 'match 0.70 (cosine)', then each reason."""
    return [translate("Ranking", "match {score} (cosine)").format(
                score=score_text(result.score)),
            *(translate("Ranking", "matched {reason}").format(reason=reason)
              for reason in result.reasons)]


def arrange(results: list[SearchResult], order: str = "relevance",
            min_score: float | None = None, best_only: bool = False) -> list[SearchResult]:
    """Results above ``min_score`` (and above the relative cut when ``best_only``), by
    relevance (as ranked) or by date (newest first, undated last)."""
    if order not in ORDERS:
        raise ValueError(f"order must be one of {', '.join(ORDERS)}")
    floor = min_score if min_score is not None else float("-inf")
    if best_only:
        floor = max(floor, relative_cut([_similarity(r) for r in results]))
    kept = [r for r in results if _similarity(r) >= floor]
    if order == "date":
        kept.sort(key=lambda r: (r.taken_at is None, -(r.taken_at or 0.0)))
    return kept
