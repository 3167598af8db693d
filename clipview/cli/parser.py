"""The command line's grammar: global options, commands and their options."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TYPE_CHECKING

from clipview import __version__
from clipview.cli.folders import not_blank
from clipview.cli.numbers import finite
from clipview.core.models.settings import DEVICES
from clipview.core.paths import expand_user

if TYPE_CHECKING:
    from clipview.cli.output import Subcommands

EPILOG = """query syntax: 'beach + sunset - people', weights '2:dog + cat', an image path
as a term ('~/Pictures/a.jpg + snow'). Exit codes: 0 success, 1 failure, 2 usage error."""


def _globals(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument("--home", type=_library_folder, default=default,
                        help="library folder (default: $CLIPVIEW_HOME or the user data dir)")
    parser.add_argument("--model", type=Path, default=default,
                        help="installed model name or bundle folder (default: "
                        "$CLIPVIEW_MODEL, else 'clipview models use', else the only one)")
    parser.add_argument("--device", choices=DEVICES, default=default,
                        help="where to run the model (default: the library's setting, "
                        "shared with the app, else auto)")
    parser.add_argument("-v", "--verbose", action="store_true",
                        default=argparse.SUPPRESS if suppress else False,
                        help="log details to stderr too (the log file always has them)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clipview", epilog=EPILOG, description=(
        "Browse local photo collections by text. Without a command, opens the app; "
        "'clipview PHOTO' searches for photos like it, 'clipview FOLDER' offers to index it."))
    parser.add_argument("--version", action="version", version=f"clipview {__version__}")
    _globals(parser, suppress=False)
    parser.add_argument("--query", help="open the app with this search already run")
    common = argparse.ArgumentParser(add_help=False)
    _globals(common, suppress=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _index_and_search(commands, common)
    _small_commands(commands, common)
    from clipview.cli.models import register as register_models

    register_models(commands, common)
    from clipview.cli.duplicates import register as register_duplicates
    from clipview.cli.watch import register as register_watch

    register_watch(commands, common)
    register_duplicates(commands, common)
    return parser


def _library_folder(text: str) -> Path:
    """``--home``: not empty; a relative folder made absolute now (``~`` is expanded
    with the other paths, ``expand_paths``)."""
    not_blank(text, "the library folder")
    return Path(text) if text.startswith("~") else Path(os.path.abspath(text))


_PATHS = ("home", "model", "source", "path", "folder")  # a model, file or folder
_PATH_LISTS = ("paths", "open_paths")


def expand_paths(args: argparse.Namespace) -> None:
    """Expand a leading ``~`` in every path given (``paths.expand_user``: NoHomeError, one
    line, when the home folder cannot be found), for the commands and for the app."""
    for name in _PATHS:
        value = getattr(args, name, None)
        if value is not None and os.fspath(value).startswith("~"):
            expanded = expand_user(value)
            setattr(args, name, expanded if isinstance(value, Path) else str(expanded))
    for name in _PATH_LISTS:
        if getattr(args, name, None):
            setattr(args, name, [str(expand_user(p)) if p.startswith("~") else p
                                 for p in getattr(args, name)])


def _index_and_search(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    index = commands.add_parser("index", parents=[common], help="add folders and index them")
    index.add_argument("paths", nargs="*", metavar="FOLDER",
                       help="folders to add (none: scan the library's folders again)")
    index.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                       help="leave out photos whose path relative to the tracked folder "
                       "matches GLOB ('*/thumbnails/*', '*.png'); repeatable, remembered")
    index.add_argument("--json", action="store_true", help="print a JSON summary")
    index.add_argument("--batch-size", type=int, default=32, metavar="N",
                       help="photos encoded together (default 32)")
    search = commands.add_parser("search", parents=[common], help="find photos for a query")
    search.add_argument("query")
    _result_options(search)
    search.add_argument("--folder", type=not_blank, help="only photos inside this folder")
    search.add_argument("--after", help="taken on or after DATE (YYYY[-MM[-DD]])")
    search.add_argument("--before", help="taken before DATE (YYYY[-MM[-DD]])")
    search.add_argument("--type", dest="types", metavar="TYPES",
                        help="only these kinds, comma-separated: photo, raw, video")
    search.add_argument("--explain", action="store_true",
                        help="say why each result matched (cosine, words found in "
                        "its name, folders or EXIF, a video's frame)")


def _small_commands(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    similar = commands.add_parser("similar", parents=[common], help="photos like a photo")
    similar.add_argument("path")
    _result_options(similar)
    status = commands.add_parser("status", parents=[common], help="what the library holds")
    status.add_argument("--json", action="store_true")
    forget = commands.add_parser("forget", parents=[common], help=(
        "stop tracking a folder, or leave a sub-folder of one out from now on"))
    forget.add_argument("path")
    check = commands.add_parser("check", parents=[common], help="verify the library")
    check.add_argument("--repair", action="store_true", help="fix what can be fixed")
    check.add_argument("--json", action="store_true")
    desktop = commands.add_parser("desktop-install", parents=[common],
                                  help="add clipview to the app menu")
    desktop.add_argument("--uninstall", action="store_true", help="remove it again")


def _result_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-n", type=_positive, default=20, metavar="K",
                        help="how many (default 20)")
    parser.add_argument("--min-score", type=_min_score, metavar="COSINE",
                        help="leave out matches whose cosine is below this (-1 to 1)")
    shape = parser.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="print JSON (path, score, date, "
                       "size, width, height)")
    shape.add_argument("-f", "--files", action="store_true",
                       help="print bare paths, one per line (for xargs and other tools)")
    parser.add_argument("-0", dest="null", action="store_true",
                        help="with --files: end each path with NUL instead of a newline")


def _min_score(text: str) -> float:
    """A cosine, -1 to 1 (a match's score is 0 to 1): more could never match anything."""
    value = finite(text)
    if not -1 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{text} is not a cosine: give a number from -1 "
                                         "to 1 (a match's score is 0 to 1)")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is below 1: ask for at least one photo")
    return value

