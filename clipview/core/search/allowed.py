"""The ids a filtered search may return, held so that no back-end calls Python per candidate.

A scoped search (a folder chip, a date range, a type) used to hand hnswlib a Python function
that its filtered walk called for every candidate it met: 30–200× the unscoped time. Here the
allowed ids are one sorted array and a mask indexed by id; each back-end tests its candidates
with one numpy lookup and picks its way by how much of the library is allowed (``plan``):

- a few ids (at most ``SUBSET_EXACT``, or fewer than the over-fetch would read): exact search
  over just those vectors — recall 1, the cost of one small matrix product;
- a larger share: the unfiltered graph asked for ``k / share`` (times a margin) candidates,
  the allowed ones kept; asked again wider when too few survive, exact when it would be wider
  than the subset itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

SUBSET_EXACT = 20_000   # at most this many allowed vectors: exact over them (~2 ms at 512-d)
OVERFETCH_MARGIN = 2.0  # candidates asked for, beyond k / share
MIN_OVERFETCH = 64      # the fewest candidates an over-fetch asks for
MAX_OVERFETCH = 8_192   # wider than this, the allowed subset is searched exactly


class Allowed:
    """A set of image ids as a sorted ``int64`` array and a boolean mask by id. Callable like
    the ``Callable[[int], bool]`` filters it replaces (for code that still takes one)."""

    def __init__(self, ids: np.ndarray | Iterable[int]) -> None:
        array = ids if isinstance(ids, np.ndarray) else np.fromiter(ids, np.int64)
        self.ids = np.unique(np.asarray(array, np.int64))
        self.ids = self.ids[self.ids >= 0]
        size = int(self.ids[-1]) + 1 if len(self.ids) else 0
        self._mask = np.zeros(size, bool)
        self._mask[self.ids] = True

    def __len__(self) -> int:
        return len(self.ids)

    def __call__(self, label: int) -> bool:
        return 0 <= label < len(self._mask) and bool(self._mask[label])

    __contains__ = __call__

    def mask_of(self, labels: np.ndarray) -> np.ndarray:
        """For each label, whether it is allowed (one vectorised lookup)."""
        labels = np.asarray(labels, np.int64)
        inside = (labels >= 0) & (labels < len(self._mask))
        found = np.zeros(len(labels), bool)
        found[inside] = self._mask[labels[inside]]
        return found

    def without(self, exclude: Iterable[int]) -> Allowed:
        gone = np.fromiter((int(i) for i in exclude), np.int64)
        return Allowed(self.ids[~np.isin(self.ids, gone)]) if len(gone) else self


Filter = Callable[[int], bool]


@dataclass(frozen=True)
class Plan:
    """How a back-end answers a filtered search: ``exact`` over the allowed vectors, or the
    graph asked for ``fetch`` candidates and filtered."""

    exact: bool
    fetch: int


def plan(k: int, allowed: int, total: int) -> Plan:
    """The way for ``k`` results when ``allowed`` of ``total`` vectors may be returned."""
    if allowed <= 0 or total <= 0:
        return Plan(True, 0)
    fetch = overfetch(k, allowed, total)
    if allowed <= SUBSET_EXACT or fetch > MAX_OVERFETCH or fetch >= allowed:
        return Plan(True, 0)
    return Plan(False, fetch)


def overfetch(k: int, allowed: int, total: int) -> int:
    """Candidates to ask an unfiltered search for so that about ``k`` allowed ones remain."""
    share = min(1.0, allowed / total)
    return min(total, max(MIN_OVERFETCH, math.ceil(k / share * OVERFETCH_MARGIN)))


def as_mask(allowed: Filter | None, labels: np.ndarray) -> np.ndarray | None:
    """Which of ``labels`` a filter takes (None: all): vectorised for ``Allowed``, one call
    per label for any other filter."""
    if allowed is None:
        return None
    if isinstance(allowed, Allowed):
        return allowed.mask_of(labels)
    return np.fromiter((allowed(int(i)) for i in labels), bool, len(labels))
