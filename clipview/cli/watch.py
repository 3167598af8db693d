"""``clipview watch [PATH...]``: keep the library current until SIGINT or SIGTERM.

The given folders are added, a catch-up index brings the library up to date, then every
tracked folder is watched (``core.watch``) and each settled batch of changes is applied in
this (the main) thread. SIGINT and SIGTERM set a flag and cancel the batch being applied:
what was encoded is committed, the index is saved, and the command exits 0.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from types import FrameType

from clipview.cli.numbers import finite
from clipview.cli.output import Subcommands, counted
from clipview.core.library.library import Library
from clipview.core.progress import CancelToken, IndexSummary


def _seconds(text: str) -> float:
    value = finite(text, "a number of seconds")
    if not 0 < value < 86400:
        raise argparse.ArgumentTypeError(f"must be more than 0 and less than a day: {text}")
    return value


def _poll_seconds(text: str) -> float:
    """``--poll``: at least ``MIN_POLL_SECONDS`` (more often only burns CPU)."""
    from clipview.core.watch.watch import MIN_POLL_SECONDS

    value = _seconds(text)
    if value < MIN_POLL_SECONDS:
        raise argparse.ArgumentTypeError(
            f"polling every {text} s would only burn CPU: give {MIN_POLL_SECONDS} or more")
    return value


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    watch = commands.add_parser("watch", parents=[common], help=(
        "keep the library current as photos come and go (until Ctrl+C or SIGTERM)"))
    watch.add_argument("paths", nargs="*", metavar="PATH", help="folders to add first")
    watch.add_argument("--poll", type=_poll_seconds, metavar="SECONDS", help=(
        "poll every SECONDS (0.5 or more) instead of using inotify (network mounts are "
        "always polled)"))
    watch.add_argument("--settle", type=_seconds, default=2.0, metavar="SECONDS", help=(
        "how long a change must rest before it is indexed (default 2)"))
    watch.add_argument("--json", action="store_true",
                       help="one JSON object a line: watching, each batch, stopped")


class _Output:
    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json

    def emit(self, event: str, text: str, **fields: object) -> None:
        line = json.dumps({"event": event, **fields}, ensure_ascii=False) if self.as_json \
            else text
        print(line, flush=True)

    def summary(self, summary: IndexSummary, what: str, dirs: list[str]) -> None:
        self.emit("indexed", f"{what}: indexed {summary.indexed}, moved {summary.moved}, "
                  f"removed {summary.removed}, skipped {len(summary.skipped)}",
                  what=what, dirs=dirs, **summary.as_dict())
        if not self.as_json:
            for item in summary.skipped:
                print(f"  skipped {item.path}: {item.reason}", file=sys.stderr, flush=True)


def _catch_up(library: Library, token: CancelToken, output: _Output) -> None:
    from clipview.core.library.watching import summary_of

    summary = summary_of(library.index(token))
    if summary is not None:
        output.summary(summary, "catch-up", library.folders())


def cmd_watch(library: Library, args: argparse.Namespace) -> int:
    from clipview.core.library.watching import watch_until
    from clipview.core.watch.watch import FolderWatcher

    for path in args.paths:
        library.add_folder(path)
    stop, token = threading.Event(), CancelToken()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        stop.set()
        token.cancel()

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    output = _Output(args.json)
    try:
        _catch_up(library, token, output)
        watcher = FolderWatcher(library.folders(), args.poll, args.settle)
        watcher.start()
        try:
            roots = watcher.roots
            output.emit("watching", f"watching {counted(len(roots), 'folder')} (Ctrl+C stops)",
                        folders=[{"path": r.path, "mode": r.mode, "why": r.why}
                                 for r in roots])
            if not args.json:
                for root in roots:
                    how = f"polling: {root.why}" if root.mode == "polling" else "inotify"
                    print(f"  {root.path} ({how})", flush=True)
            watch_until(library, watcher, stop, token,
                        lambda batch, summary: output.summary(
                            summary, "changes", sorted(batch.dirs)))
        finally:
            watcher.stop()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    output.emit("stopped", "stopped; the library is saved")
    return 0
