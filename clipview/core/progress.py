"""Progress reports and the pause/resume/cancel token of long work (indexing)."""

from __future__ import annotations

import enum
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field


class Phase(str, enum.Enum):  # noqa: UP042 - str() and format() stay as they print now
    """Where an indexing run is. A ``str``: ``Phase.SCANNING == "scanning"`` holds."""

    SCANNING = "scanning"
    ENCODING = "encoding"
    PAUSED = "paused"
    SAVING = "saving"
    DONE = "done"

    def __str__(self) -> str:
        return self.value

    def __format__(self, spec: str) -> str:
        return format(self.value, spec)


class RunCancelled(Exception):
    """A run's token said stop while its plan was being made (the walk of every folder):
    nothing was changed yet (``Library.index`` ends cancelled)."""


class CancelToken:
    """Shared between the worker running a generator and the people controlling it."""

    def __init__(self) -> None:
        self._cancelled = threading.Event()
        self._running = threading.Event()
        self._running.set()
        self._preferred: tuple[str, ...] = ()
        self._preferred_dates: tuple[float, float] | None = None

    def prefer(self, folders: Sequence[str]) -> None:
        """Work below these folders first, where the work has an order to choose (an index
        run: the folders a person is looking at are encoded before the rest)."""
        self._preferred = tuple(folders)   # one assignment: read whole by the worker

    @property
    def preferred(self) -> tuple[str, ...]:
        return self._preferred

    def prefer_dates(self, dates: tuple[float, float] | None) -> None:
        """Work dated in [first, last] (POSIX seconds) first, before the preferred folders:
        the section of the timeline a person has scrolled to (None: no such section)."""
        self._preferred_dates = dates

    @property
    def preferred_dates(self) -> tuple[float, float] | None:
        return self._preferred_dates

    def cancel(self) -> None:
        self._cancelled.set()
        self._running.set()  # a paused run wakes up to notice it was cancelled

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    @property
    def cancelled(self) -> bool:
        return self._cancelled.is_set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def wait_cancelled(self, timeout: float) -> bool:
        """Sleep up to ``timeout`` seconds, waking at once on cancel; True when cancelled."""
        return self._cancelled.wait(timeout)

    def wait_while_paused(self, timeout: float | None = None) -> bool:
        """Block while paused; True when the work may go on."""
        self._running.wait(timeout)
        return not self.cancelled


@dataclass(frozen=True)
class Skipped:
    """A photo (or a directory) a run could not use; ``offline``: a tracked folder that is
    offline (its photos are kept: not a skipped file, as ``clipview status`` counts them)."""

    path: str
    reason: str
    offline: bool = False

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}


@dataclass
class IndexSummary:
    """What one indexing run did (the CLI's ``index --json`` object)."""

    indexed: int = 0
    moved: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    cancelled: bool = False
    left: int = 0   # photos a cancelled run did not get to (the next run indexes them)
    waiting: int = 0   # a run that only listed (``encode`` False): photos not encoded yet

    def ending(self, again: str) -> str:
        """One line for the end of the run: "Up to date: 12 new, 1 skipped"; a cancelled
        run says what it left, and ``again`` (what finishes it: "F5", "clipview index"):
        "Cancelled: 190 photos not indexed (F5 finishes) · 320 new"."""
        if self.waiting:
            return (f"Listed: {self.waiting} photo{'s' if self.waiting != 1 else ''} "
                    "to encode once the model is ready")
        parts = [f"{self.indexed} new"] if self.indexed else []
        parts += [f"{self.files_skipped} skipped"] if self.files_skipped else []
        away = len(self.skipped) - self.files_skipped
        parts += [f"{away} folder{'s' if away != 1 else ''} offline"] if away else []
        if not self.cancelled:
            return "Up to date" + (": " + ", ".join(parts) if parts else "")
        left = (f"Cancelled: {self.left} photo{'s' if self.left != 1 else ''} not indexed"
                if self.left else "Indexing cancelled")
        return f"{left} ({again} finishes)" + (" · " + ", ".join(parts) if parts else "")

    @property
    def files_skipped(self) -> int:
        """The photos and directories skipped (offline folders are not counted)."""
        return sum(not s.offline for s in self.skipped)

    def as_dict(self) -> dict[str, object]:
        return {"indexed": self.indexed, "moved": self.moved, "unchanged": self.unchanged,
                "removed": self.removed, "skipped": [s.as_dict() for s in self.skipped],
                "seconds": round(self.seconds, 3), "cancelled": self.cancelled}


@dataclass(frozen=True)
class Progress:
    """One report from the indexer (a plain string phase is turned into a ``Phase``)."""

    phase: Phase
    done: int
    total: int
    rate: float = 0.0
    eta: float | None = None
    current: str = ""
    skipped: int = 0
    summary: IndexSummary | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "phase", Phase(self.phase))

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0
