"""The clipview command line. Only this module and the GUI talk to people."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from clipview import __version__
from clipview.cli_output import ProgressBar, print_results

if TYPE_CHECKING:
    from clipview.core.library import Library

EPILOG = """query syntax: 'beach + sunset - people', weights '2:dog + cat', an image path
as a term ('~/Pictures/a.jpg + snow'). Exit codes: 0 success, 1 failure, 2 usage error."""


def default_home() -> Path:
    if os.environ.get("CLIPVIEW_HOME"):
        return Path(os.environ["CLIPVIEW_HOME"])
    from platformdirs import user_data_dir

    return Path(user_data_dir("clipview", appauthor=False))


def _globals(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--home", type=Path, default=default,
                        help="library folder (default: $CLIPVIEW_HOME or the user data dir)")
    parser.add_argument("--model", type=Path, default=default,
                        help="model bundle folder (default: $CLIPVIEW_MODEL)")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"),
                        default=argparse.SUPPRESS if suppress else "auto",
                        help="where to run the model (default: auto)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clipview", epilog=EPILOG, description=(
        "Browse local photo collections by text. Without a command, opens the app."))
    parser.add_argument("--version", action="version", version=f"clipview {__version__}")
    _globals(parser, suppress=False)
    parser.add_argument("--query", help="open the app with this search already run")
    common = argparse.ArgumentParser(add_help=False)
    _globals(common, suppress=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    index = commands.add_parser("index", parents=[common], help="add folders and index them")
    index.add_argument("paths", nargs="+", metavar="PATH")
    index.add_argument("--json", action="store_true", help="print a JSON summary")
    index.add_argument("--batch-size", type=int, default=32, metavar="N",
                       help="photos encoded together (default 32)")
    search = commands.add_parser("search", parents=[common], help="find photos for a query")
    search.add_argument("query")
    _result_options(search)
    search.add_argument("--folder", help="only photos inside this folder")
    search.add_argument("--after", help="taken on or after DATE (YYYY[-MM[-DD]])")
    search.add_argument("--before", help="taken before DATE (YYYY[-MM[-DD]])")
    similar = commands.add_parser("similar", parents=[common], help="photos like a photo")
    similar.add_argument("path")
    _result_options(similar)
    status = commands.add_parser("status", parents=[common], help="what the library holds")
    status.add_argument("--json", action="store_true")
    forget = commands.add_parser("forget", parents=[common], help="stop tracking a folder")
    forget.add_argument("path")
    check = commands.add_parser("check", parents=[common], help="verify the library")
    check.add_argument("--repair", action="store_true", help="fix what can be fixed")
    check.add_argument("--json", action="store_true")
    return parser


def _result_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-n", type=int, default=20, metavar="K", help="how many (default 20)")
    parser.add_argument("--min-score", type=float, help="leave out weaker matches")
    parser.add_argument("--json", action="store_true", help="print JSON")


def model_dir(args: argparse.Namespace) -> Path:
    from clipview.core.errors import ClipviewError

    chosen = args.model or os.environ.get("CLIPVIEW_MODEL")
    if not chosen:
        raise ClipviewError("no model bundle: pass --model DIR or set CLIPVIEW_MODEL "
                            "(make one with clipview-export, or use an Immich CLIP bundle)")
    return Path(chosen).expanduser()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from clipview.gui.launch import launch

        return int(launch(args))
    from clipview.core.errors import ClipviewError

    try:
        return run_command(args)
    except ClipviewError as exc:
        print(f"clipview: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("clipview: interrupted", file=sys.stderr)
        return 130


def run_command(args: argparse.Namespace) -> int:
    from clipview.core.library import open_library

    home = args.home or default_home()
    with open_library(home, model_dir(args), device=args.device) as library:
        handler = globals()[f"cmd_{args.command}"]
        return int(handler(library, args))


def cmd_index(library: Library, args: argparse.Namespace) -> int:
    from clipview.core.progress import CancelToken

    for path in args.paths:
        library.add_folder(path)
    token = CancelToken()
    bar = ProgressBar(enabled=not args.json and sys.stderr.isatty())
    summary = None
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
    from clipview.core.search import Filters, parse_date

    filters = Filters(args.min_score, args.folder,
                      parse_date(args.after) if args.after else None,
                      parse_date(args.before) if args.before else None)
    print_results(library.search(args.query, args.n, filters), args.json)
    return 0


def cmd_similar(library: Library, args: argparse.Namespace) -> int:
    from clipview.core.search import Filters

    print_results(library.similar(args.path, args.n, Filters(args.min_score)), args.json)
    return 0


def cmd_status(library: Library, args: argparse.Namespace) -> int:
    report = library.status()
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    print(f"library  {report['home']}\nmodel    {report['model']} on {report['device']}")
    if report["device_note"]:
        print(f"         {report['device_note']}")
    print(f"photos   {report['images']} indexed, {report['skipped']} skipped")
    folders: list[dict[str, object]] = report["folders"]  # type: ignore[assignment]
    for folder in folders:
        print(f"folder   {folder['path']} ({folder['images']} photos)")
    return 0


def cmd_forget(library: Library, args: argparse.Namespace) -> int:
    removed = library.forget(args.path)
    print(f"forgot {args.path}: {removed} photos left the library")
    return 0


def cmd_check(library: Library, args: argparse.Namespace) -> int:
    report = library.check(repair=args.repair)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        problems: list[str] = report["problems"]  # type: ignore[assignment]
        for problem in problems:
            print(f"problem: {problem}")
        print("repaired" if report["repaired"] else "consistent" if report["ok"]
              else "inconsistent: run 'clipview check --repair'")
    return 0 if report["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
