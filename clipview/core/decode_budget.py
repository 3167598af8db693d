"""A global budget of decoded pixels shared by every decoding thread.

A per-image cap alone does not bound memory: a 32 KB palette PNG of 144 MP decodes to about
0.9 GiB as RGB, and eight of them decoded in parallel took 5.4 GiB. Each decode reserves its
decoded pixel count before it starts and gives it back when the decoded image is no longer
needed; a reservation waits while the budget is spent.

An image larger than the whole budget (possible only when the budget is set below the
per-image cap) is decoded alone: it waits until nothing else is reserved, then takes the
whole budget, so memory stays bounded by max(budget, one image) and no photo is refused
for the budget alone.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

DEFAULT_PIXEL_BUDGET = 400_000_000
_ENV = "CLIPVIEW_PIXEL_BUDGET"


class PixelBudget:
    """A counting budget of decoded pixels (a condition variable over a counter)."""

    def __init__(self, total: int = DEFAULT_PIXEL_BUDGET) -> None:
        if total <= 0:
            raise ValueError("a pixel budget must be positive")
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
        """The most pixels ever reserved at once (for tests and diagnostics)."""
        with self._changed:
            return self._peak

    @contextmanager
    def reserve(self, pixels: int) -> Iterator[int]:
        """Hold ``pixels`` (at most the whole budget) while the block runs."""
        amount = max(0, min(int(pixels), self.total))
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
        value = int(float(raw)) if raw else DEFAULT_PIXEL_BUDGET
    except ValueError:
        value = DEFAULT_PIXEL_BUDGET
    return value if value > 0 else DEFAULT_PIXEL_BUDGET


_shared = PixelBudget(_from_environment())


def shared_budget() -> PixelBudget:
    """The process-wide budget every decoder uses unless given another one
    (size: ``CLIPVIEW_PIXEL_BUDGET`` pixels, default 400 million)."""
    return _shared

