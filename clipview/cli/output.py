"""Terminal output of the CLI: a progress bar and result listings."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, TypeAlias

from clipview.cli.explain import explain_json, explain_line
from clipview.core.progress import CancelToken, IndexSummary, Phase, Progress
from clipview.core.search.search import SearchResult

if TYPE_CHECKING:
    import argparse

#: what ``ArgumentParser.add_subparsers`` returns: each command module registers on it
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "--:--"
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class TerminalLine:
    """One updating line on stderr when it is a terminal; silent otherwise."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._shown = False

    def show(self, line: str) -> None:
        if not self.enabled:
            return
        width = shutil.get_terminal_size((80, 20)).columns
        sys.stderr.write("\r" + line[: width - 1].ljust(width - 1))
        sys.stderr.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown:
            sys.stderr.write("\n")


def counted(count: int, word: str, plural: str | None = None) -> str:
    """'1 photo', '2 photos', '0 photos' ('1 copy', '2 copies' with ``plural``)."""
    return f"{count} {word if count == 1 else plural or word + 's'}"


def bar(fraction: float) -> str:
    filled = int(20 * fraction)
    return f"[{'#' * filled}{'.' * (20 - filled)}]"


class ProgressBar(TerminalLine):
    """Indexing progress: done/total, rate, time left, skipped."""

    def update(self, progress: Progress) -> None:
        if progress.phase is Phase.SCANNING:
            self.show(f"listing new photos {progress.done}/{progress.total}…" if progress.total
                      else "scanning folders…")
            return
        self.show(f"{bar(progress.fraction)} {progress.done}/{progress.total} "
                  f"{progress.rate:.1f}/s ETA {_clock(progress.eta)} "
                  f"skipped {progress.skipped} {progress.phase}")


def drive(steps: Iterator[Progress], token: CancelToken, quiet: bool) -> IndexSummary | None:
    """Run an indexing generator with a progress bar (unless ``quiet`` or not a terminal);
    Ctrl+C cancels it cleanly. Returns its summary."""
    progress_bar = ProgressBar(enabled=not quiet and sys.stderr.isatty())
    summary: IndexSummary | None = None
    try:
        for progress in steps:
            progress_bar.update(progress)
            summary = progress.summary or summary
    except KeyboardInterrupt:
        token.cancel()
        raise
    finally:
        progress_bar.close()
    return summary


def iso_date(seconds: float | None) -> str | None:
    """Unix seconds as ISO 8601 in local time with its offset ('2021-07-14T18:03:22+02:00')."""
    if seconds is None:
        return None
    return datetime.fromtimestamp(seconds).astimezone().isoformat(timespec="seconds")


def result_json(result: SearchResult, sizes: Mapping[int, int]) -> dict[str, object]:
    """One ``--json`` row: path, score, date (taken; null when unknown), size (bytes),
    width, height (upright); and why it matched (``explain.explain_json``)."""
    return {**result.as_dict(), "date": iso_date(result.taken_at),
            "size": sizes.get(result.id), "width": result.width, "height": result.height,
            **explain_json(result)}


def print_results(results: Sequence[SearchResult], as_json: bool,
                  sizes: Mapping[int, int] | None = None, files: bool = False,
                  null: bool = False, explain: bool = False) -> None:
    """Scores and paths (``explain``: each with why it matched); JSON rows (``as_json``);
    or bare paths (``files``), one a line or NUL-terminated (``null``)."""
    if as_json:
        print(json.dumps([result_json(r, sizes or {}) for r in results], ensure_ascii=False,
                         allow_nan=False))
        return
    if files or null:
        end = "\0" if null else "\n"
        sys.stdout.write("".join(result.path + end for result in results))
        sys.stdout.flush()
        return
    for result in results:
        print(f"{result.score:.4f}  {result.path}")
        if explain:
            print(f"        {explain_line(result)}")
    if not results:
        print("clipview: no photos match (fewer filters or a lower --min-score may help)",
              file=sys.stderr)
