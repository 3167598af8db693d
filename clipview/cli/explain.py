"""Why a result matched: the extra ``--json`` keys and the ``--explain`` line."""

from __future__ import annotations

from clipview.core.media.kinds import media_kind
from clipview.core.media.video import frame_clock
from clipview.core.search.search import SearchResult


def explain_json(result: SearchResult) -> dict[str, object]:
    """``type`` (photo, raw, video), ``frame_time`` (a video's best frame, seconds, else
    null), ``vector_score`` (the cosine itself, -1 to 1; ``score`` is it within 0 to 1),
    ``text_match`` ({field: [words]} or null) and ``matched`` (the same words for people:
    ["folder: red", "in the name: img_4392"])."""
    vector = result.vector_score if result.vector_score is not None else result.score
    return {"type": media_kind(result.path),
            "frame_time": None if result.frame_time is None else round(result.frame_time, 3),
            "vector_score": round(vector, 6),
            "text_match": None if not result.text_match else {
                field: list(words) for field, words in result.text_match},
            "matched": result.reasons}


def explain_line(result: SearchResult) -> str:
    """'photo: cosine 0.2100 · matched folder: germany 2019 · frame 0:02.0'."""
    vector = result.vector_score if result.vector_score is not None else result.score
    parts = [f"cosine {vector:.4f}" + (" (match 0)" if vector < 0 else "")]
    found = result.reasons
    parts.append("matched " + "; ".join(found) if found else "no words matched")
    if result.frame_time is not None:
        parts.append(f"frame {frame_clock(result.frame_time)}")
    return f"{media_kind(result.path)}: " + " · ".join(parts)
