"""Terminal output of the CLI: a progress bar and result listings."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Sequence

from clipview.core.progress import Phase, Progress
from clipview.core.search import SearchResult


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class ProgressBar:
    """One updating line on stderr when it is a terminal; silent otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._shown = False

    def update(self, progress: Progress) -> None:
        if not self.enabled:
            return
        width = shutil.get_terminal_size((80, 20)).columns
        if progress.phase is Phase.SCANNING:
            line = "scanning folders…"
        else:
            filled = int(20 * progress.fraction)
            line = (f"[{'#' * filled}{'.' * (20 - filled)}] {progress.done}/{progress.total} "
                    f"{progress.rate:.1f}/s ETA {_clock(progress.eta)} "
                    f"skipped {progress.skipped} {progress.phase}")
        sys.stderr.write("\r" + line[: width - 1].ljust(width - 1))
        sys.stderr.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown:
            sys.stderr.write("\n")


def print_results(results: Sequence[SearchResult], as_json: bool) -> None:
    if as_json:
        print(json.dumps([r.as_dict() for r in results], ensure_ascii=False))
        return
    for result in results:
        print(f"{result.score:.4f}  {result.path}")
