"""``clipview duplicates``: copies of the same photo, and moving the extra ones to the trash."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, TextIO

from clipview.cli.folders import check_folder, not_blank
from clipview.cli.numbers import finite
from clipview.cli.output import Subcommands, counted, iso_date
from clipview.core.library.library import Library

if TYPE_CHECKING:
    from clipview.core.library.duplicates import DuplicateGroup, DuplicatePhoto


def _cosine(text: str) -> float:
    value = finite(text)
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"a cosine between 0 and 1 is needed, not {text}")
    return value


MAX_BITS = 32  # of the 64 a hash has: more would call unrelated photos copies


def _bits(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= value <= MAX_BITS:
        raise argparse.ArgumentTypeError(f"must be between 0 and {MAX_BITS} bits, not {text}")
    return value


def register(commands: Subcommands, common: argparse.ArgumentParser) -> None:
    from clipview.core.library.duplicates import DEFAULT_COSINE, DEFAULT_MAX_DISTANCE

    found = commands.add_parser("duplicates", parents=[common], help=(
        "find copies of the same photo (exact, resized, recompressed, another format)"))
    found.add_argument("--folder", type=not_blank, help="only photos inside this folder")
    found.add_argument("--threshold", type=_cosine, default=DEFAULT_COSINE, metavar="COSINE",
                       help="how near two photos' vectors must be to be compared "
                       f"(default {DEFAULT_COSINE})")
    found.add_argument("--max-distance", type=_bits, default=DEFAULT_MAX_DISTANCE,
                       metavar="BITS", help="most bits in which the photos' 64-bit perceptual "
                       f"hashes may differ, 0 to {MAX_BITS} (default {DEFAULT_MAX_DISTANCE})")
    found.add_argument("--json", action="store_true", help="print the groups as JSON")
    found.add_argument("--trash-extra", action="store_true", help=(
        "move the byte-identical copies to the trash, keeping one file of each (the "
        "suggested keeper, or the near copy they are identical to; asks first)"))
    found.add_argument("--include-similar", action="store_true", help=(
        "with --trash-extra, also the near copies (resized, recompressed, another format; "
        "check them first: similar shots of a burst can pass)"))
    found.add_argument("--yes", action="store_true", help="do not ask before --trash-extra")


def group_json(group: DuplicateGroup) -> dict[str, object]:
    """A group; each photo says what it is ("relation"), and a byte copy the member it is
    identical to ("identical_to", else null)."""
    return {"paths": group.paths, "keep": group.keep, "reason": group.reason,
            "photos": [{"path": p.path, "width": p.width, "height": p.height,
                        "size": p.size, "date": iso_date(p.date),
                        "relation": group.relation(p),
                        "identical_to": group.identical_to(p.path)} for p in group.photos]}


def _relation(group: DuplicateGroup, photo: DuplicatePhoto) -> str:
    """"  (identical to /its/original.jpg)", "  (same picture …)", "" for the keeper."""
    if photo.path == group.keep:
        return ""
    original = group.identical_to(photo.path)
    return f"  ({group.relation(photo) if original is None else 'identical to ' + original})"


def _print_groups(groups: list[DuplicateGroup]) -> None:
    from clipview.core.library.duplicates import summary

    for number, group in enumerate(groups, 1):
        print(f"group {number}: {group.reason}")
        for photo in group.photos:
            mark = "keep  " if photo.path == group.keep else "extra "
            print(f"  {mark}{photo.width}x{photo.height} {photo.size or 0:>10} B  "
                  f"{photo.path}{_relation(group, photo)}")
    print(summary(groups))


def _confirmed(count: int, args: argparse.Namespace) -> bool:
    if args.yes:
        return True
    if not sys.stdin.isatty():
        print("clipview: error: --trash-extra asks for confirmation; pass --yes when not "
              "at a terminal", file=sys.stderr)
        return False
    answer = input(f"Move {counted(count, 'photo')} to the trash? [y/N] ")
    return answer.strip().lower() in ("y", "yes")


def _say_near_copies_stay(groups: list[DuplicateGroup], args: argparse.Namespace,
                          out: TextIO) -> None:
    near = sum(len(g.extra) - len(g.identical_extra) for g in groups)
    if near and not args.include_similar:
        print(f"{near} near cop{'y stays' if near == 1 else 'ies stay'} (not identical "
              "files; --include-similar moves them too)", file=out)


def cmd_duplicates(library: Library, args: argparse.Namespace) -> int:
    if args.folder:
        check_folder(library, args.folder)
    groups = library.duplicates(args.folder, args.threshold, args.max_distance)
    if args.json:
        print(json.dumps([group_json(g) for g in groups], ensure_ascii=False))
    else:
        _print_groups(groups)
    if not args.trash_extra or not groups:
        return 0
    extra = sum(len(g.extra if args.include_similar else g.identical_extra) for g in groups)
    out = sys.stderr if args.json else sys.stdout
    _say_near_copies_stay(groups, args, out)
    if not extra:
        print("no identical copies to move to the trash", file=out)
        return 0
    if not _confirmed(extra, args):
        return 0 if sys.stdin.isatty() else 1  # declined, or nobody to ask
    report = library.trash_duplicates(groups, similar=args.include_similar)
    print(f"moved {counted(len(report.moved), 'photo')} to the trash", file=out)
    for path, reason in report.failed:
        print(f"  not moved {path}: {reason}", file=sys.stderr)
    return 1 if report.failed else 0
