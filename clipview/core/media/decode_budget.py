"""A global budget of decoding memory shared by every decoding thread.

A per-image cap alone does not bound memory: a 254 KB palette PNG of 144 MP decodes to
144 MB as 'P' and 576 MB as RGB (Pillow keeps RGB in 4 bytes a pixel), and eight of them
decoded in parallel took 3.3 GiB. Each decode reserves the bytes it will hold at its peak
(``decode_memory.decode_cost``: the decoded image in its own mode, what converting it to RGB
and reducing it needs) before a pixel is decoded, and gives them back when the decoded image
is no longer needed; a reservation waits while the budget is spent. A photo whose decode
alone needs more than the whole budget is refused with a reason (never decoded), so the
decoding threads together never hold more than the budget, whatever their number.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

DEFAULT_DECODE_BUDGET = 1 << 30   # bytes (1 GiB); a 150 MP photo needs at most 0.6 GiB
_ENV = "CLIPVIEW_DECODE_BUDGET_MB"


class DecodeBudget:
    """A counting budget of decoding bytes (a condition variable over a counter)."""

    def __init__(self, total: int = DEFAULT_DECODE_BUDGET) -> None:
        if total <= 0:
            raise ValueError("a decode budget must be positive")
        self.total = total
        self._in_use = 0
        self._peak = 0
        self._changed = threading.Condition()

    @property
    def in_use(self) -> int:
        with self._changed:
            return self._in_use

    @property
    def peak(self) -> int:
        """The most bytes ever reserved at once (for tests and diagnostics)."""
        with self._changed:
            return self._peak

    @contextmanager
    def reserve(self, amount: int) -> Iterator[int]:
        """Hold ``amount`` bytes while the block runs (waits until they are free).
        ValueError for more than the whole budget: that decode must not start."""
        amount = max(0, int(amount))
        if amount > self.total:
            raise ValueError(f"{amount} bytes is more than the whole budget ({self.total})")
        with self._changed:
            self._changed.wait_for(lambda: self._in_use + amount <= self.total)
            self._in_use += amount
            self._peak = max(self._peak, self._in_use)
        try:
            yield amount
        finally:
            with self._changed:
                self._in_use -= amount
                self._changed.notify_all()


def _from_environment() -> int:
    raw = os.environ.get(_ENV, "")
    try:
        value = int(float(raw) * (1 << 20)) if raw else DEFAULT_DECODE_BUDGET
    except (ValueError, OverflowError):
        value = DEFAULT_DECODE_BUDGET
    return value if value > 0 else DEFAULT_DECODE_BUDGET


_shared = DecodeBudget(_from_environment())


def shared_budget() -> DecodeBudget:
    """The process-wide budget every decoder uses unless given another one
    (size: ``CLIPVIEW_DECODE_BUDGET_MB`` MiB, default 1024)."""
    return _shared
