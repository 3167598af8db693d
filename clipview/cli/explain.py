"""Why a result matched: the extra ``--json`` keys and the ``--explain`` line."""

from __future__ import annotations

from clipview.core.media_kinds import media_kind
from clipview.core.search import SearchResult
from clipview.core.video import frame_clock


def explain_json(result: SearchResult) -> dict[str, object]:
    """``type`` (photo, raw, video), ``frame_time`` (a video's best frame, seconds, else
    null), ``vector_score`` (the cosine), ``text_match`` ({field: [words]} or null) and
    ``fused_score`` (= ``score``)."""
    vector = result.vector_score if result.vector_score is not None else result.score
    return {"type": media_kind(result.path),
            "frame_time": None if result.frame_time is None else round(result.frame_time, 3),
            "vector_score": round(vector, 6),
            "text_match": None if not result.text_match else {
                field: list(words) for field, words in result.text_match},
            "fused_score": round(result.score, 6)}


def explain_line(result: SearchResult) -> str:
    """'vector 0.2100 · text folder: germany 2019 · fused 0.9300 · frame 0:02.0'."""
    vector = result.vector_score if result.vector_score is not None else result.score
    parts = [f"vector {vector:.4f}"]
    if result.text_match:
        parts.append("text " + "; ".join(f"{field}: {' '.join(words)}"
                                         for field, words in result.text_match))
    else:
        parts.append("text none")
    parts.append(f"fused {result.score:.4f}")
    if result.frame_time is not None:
        parts.append(f"frame {frame_clock(result.frame_time)}")
    return f"{media_kind(result.path)}: " + " · ".join(parts)
