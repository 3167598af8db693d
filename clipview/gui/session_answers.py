"""What the library session answers with: the results of a read request, and the model of
the library it opened."""

from __future__ import annotations

from dataclasses import dataclass

from clipview.core.search.search import SearchResult
from clipview.gui.grid_rows import Arranged


@dataclass(frozen=True)
class QueryAnswer:
    """Results of one request, with its id and how long it took."""

    request: int
    text: str
    results: list[SearchResult]
    seconds: float
    # the results' hash, made on the read lane: the grid keeps its rows (no reset, no new
    # layout of 100 000 tiles) when an answer repeats the one shown (a browse caught up)
    fingerprint: int = 0
    arranged: Arranged | None = None   # a browse answer's grid rows (made on the read lane)
    partial: bool = False   # the timeline's first page: the rest follows (same request)
    extends: int = 0        # the rest: its first ``extends`` photos are the page shown


@dataclass(frozen=True)
class ModelInfo:
    """What the GUI shows of the open library's model."""

    name: str
    device: str
    note: str
    home: str
    key: str      # identifies the weights: per-model settings (score cut-off) use it
    bundle: str   # the bundle folder open
    int8_due: bool = False   # on the CPU with no int8 copy decided yet (int8_job makes it)
