"""The commands: each takes the open library and the parsed arguments, returns an exit code."""

from __future__ import annotations

import argparse
import json
import sys

from clipview.cli.dates import parse_date
from clipview.cli.output import ProgressBar, print_results
from clipview.core.library import Library
from clipview.core.progress import CancelToken, IndexSummary
from clipview.core.search import Filters


def cmd_index(library: Library, args: argparse.Namespace) -> int:
    for path in args.paths:
        library.add_folder(path)
    token = CancelToken()
    bar = ProgressBar(enabled=not args.json and sys.stderr.isatty())
    summary: IndexSummary | None = None
    try:
        for progress in library.index(token, batch_size=max(1, args.batch_size)):
            bar.update(progress)
            summary = progress.summary or summary
    except KeyboardInterrupt:
        token.cancel()
        raise
    finally:
        bar.close()
    assert summary is not None
    if args.json:
        print(json.dumps(summary.as_dict(), ensure_ascii=False))
    else:
        print(f"indexed {summary.indexed}, moved {summary.moved}, unchanged "
              f"{summary.unchanged}, removed {summary.removed}, skipped "
              f"{len(summary.skipped)} in {summary.seconds:.1f}s")
        for item in summary.skipped:
            print(f"  skipped {item.path}: {item.reason}", file=sys.stderr)
    return 0


def cmd_search(library: Library, args: argparse.Namespace) -> int:
    filters = Filters(args.min_score, args.folder,
                      parse_date(args.after) if args.after else None,
                      parse_date(args.before) if args.before else None)
    print_results(library.search(args.query, args.n, filters), args.json)
    return 0


def cmd_similar(library: Library, args: argparse.Namespace) -> int:
    print_results(library.similar(args.path, args.n, Filters(args.min_score)), args.json)
    return 0


def cmd_status(library: Library, args: argparse.Namespace) -> int:
    report = library.status()
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
        return 0
    print(f"library  {report.home}\nmodel    {report.model} on {report.device}")
    if report.device_note:
        print(f"         {report.device_note}")
    print(f"photos   {report.images} indexed, {report.skipped} skipped")
    for folder in report.folders:
        print(f"folder   {folder.path} ({folder.images} photos)")
    return 0


def cmd_forget(library: Library, args: argparse.Namespace) -> int:
    removed = library.forget(args.path)
    print(f"forgot {args.path}: {removed} photos left the library")
    return 0


def cmd_check(library: Library, args: argparse.Namespace) -> int:
    report = library.check(repair=args.repair)
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
    else:
        for problem in report.problems:
            print(f"problem: {problem}")
        print("repaired" if report.repaired else "consistent" if report.ok
              else "inconsistent: run 'clipview check --repair'")
    return 0 if report.ok else 1


COMMANDS = {"index": cmd_index, "search": cmd_search, "similar": cmd_similar,
            "status": cmd_status, "forget": cmd_forget, "check": cmd_check}
