"""The commands: each takes the open library and the parsed arguments, returns an exit code.

``run_library_command`` opens the library with the model and device the library's settings
(shared with the app) name, unless the command line says otherwise; ``status`` also works
without any model.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from clipview.cli.dates import parse_date
from clipview.cli.duplicates import cmd_duplicates
from clipview.cli.folders import check_folder
from clipview.cli.models import make_int8_copy
from clipview.cli.output import counted, drive, print_results
from clipview.cli.switch import index_target, print_status_extra, print_target
from clipview.cli.watch import cmd_watch
from clipview.core.errors import ClipviewError
from clipview.core.library.excludes import ExcludeError, check_pattern
from clipview.core.library.folders import FolderShelf, open_shelf
from clipview.core.library.library import Library, open_library
from clipview.core.library.overview import overview
from clipview.core.library.reports import FolderStatus
from clipview.core.media.kinds import parse_kinds
from clipview.core.models.choice import choose_model
from clipview.core.models.store import ModelStoreError
from clipview.core.paths import default_home, inside
from clipview.core.progress import CancelToken, IndexSummary
from clipview.core.search.search import Filters, SearchResult


def run_library_command(args: argparse.Namespace) -> int:
    """Open the library (model and device from the command line, else the library's
    settings: ``model_choice``) and run the command. With no model to use, ``status`` reads
    the catalog only and ``index FOLDER`` tracks the folder, indexing when a model comes."""
    home = Path(args.home or default_home()).expanduser()
    choice = choose_model(home, args.model, args.device)
    if choice.bundle is None:
        if choice.named or args.command not in ("status", "index"):
            raise ModelStoreError(choice.problem or "no model bundle")
        if args.command == "index":
            return index_without_model(home, args, choice.problem or "no model is chosen")
        return status_without_model(home, args, choice.problem or "")
    if args.command in ("index", "watch"):   # its vectors are made with the int8 copy
        make_int8_copy(choice.bundle, choice.device, show=True, stream=sys.stderr)
    with open_library(home, choice.bundle, device=choice.device) as library:
        return COMMANDS[args.command](library, args)


def _usage(message: str) -> int:
    print(f"clipview: error: {message}", file=sys.stderr)
    return 2



def cmd_index(library: Library, args: argparse.Namespace) -> int:
    problem = _index_usage(args, library)
    if problem is not None:
        return _usage(problem)
    _track(library, args)
    summary = _run_index(library, args)
    target = index_target(library, args)  # a model switch under way: build its vectors
    if args.json:
        extra = {"target_model": target} if target else {}
        print(json.dumps({**summary.as_dict(), **extra}, ensure_ascii=False))
    else:
        print(f"indexed {summary.indexed}, moved {summary.moved}, unchanged "
              f"{summary.unchanged}, removed {summary.removed}, skipped "
              f"{len(summary.skipped)} in {summary.seconds:.1f}s")
        for item in summary.skipped:
            print(f"  skipped {item.path}: {item.reason}", file=sys.stderr)
        if target:
            print_target(target)
    return 0


def _index_usage(args: argparse.Namespace, library: FolderShelf | Library) -> str | None:
    """Why the ``index`` arguments cannot work (a usage error), else None."""
    for path in args.paths:
        if os.path.isfile(os.path.expanduser(path)):
            return (f"index wants a folder, and {path} is a file (photos like it: "
                    f"clipview similar {path})")
    if not args.paths and (args.exclude or not library.folders()):
        return ("name the folder to index, e.g. clipview index ~/Pictures"
                + (" --exclude ..." if args.exclude else ""))
    try:
        for pattern in args.exclude:
            check_pattern(pattern)
    except ExcludeError as exc:
        return str(exc)
    return None


def _track(library: FolderShelf | Library, args: argparse.Namespace) -> None:
    """Track the folders named (a forgotten sub-folder comes back) with their exclusions."""
    for path in args.paths:
        tracked = library.add_folder(path)
        if args.exclude:
            library.add_excludes(tracked, args.exclude)


def index_without_model(home: Path, args: argparse.Namespace, why: str) -> int:
    """``index`` with no model to use: the folders are tracked now (library data), and
    the indexing waits for a model; exit 1 with one line, since nothing was indexed."""
    with open_shelf(home) as shelf:
        problem = _index_usage(args, shelf)
        if problem is not None:
            return _usage(problem)
        _track(shelf, args)
        folders = shelf.folders()
    added = ", ".join(args.paths) if args.paths else \
        f"the library's {counted(len(folders), 'folder')}"
    raise ClipviewError(f"{added}: tracked, not indexed yet; indexing waits for a model "
                        f"({why}; then 'clipview index')")


def _run_index(library: Library, args: argparse.Namespace) -> IndexSummary:
    token = CancelToken()
    summary = drive(library.index(token, batch_size=max(1, args.batch_size)), token,
                    quiet=args.json)
    if summary is None:   # the run's generator ended before its last report
        raise ClipviewError("the index run ended without a summary (see the log)")
    return summary


def _result_shape_error(args: argparse.Namespace) -> int | None:
    if args.null and args.json:
        return _usage("-0 goes with --files, not --json")
    return None


def _require_photos(library: Library) -> None:
    """A clear error instead of an empty answer when nothing is indexed yet."""
    if library.catalog.vectors.count(library.model_id):
        return
    if not library.folders():
        raise ClipviewError("the library is empty: add photos with "
                            "'clipview index FOLDER' first")
    raise ClipviewError(f"no photos are indexed with {library.model.name} yet: run "
                        "'clipview index' first")


def cmd_search(library: Library, args: argparse.Namespace) -> int:
    shape_error = _result_shape_error(args)
    if shape_error is not None:
        return shape_error
    after = parse_date(args.after) if args.after else None
    before = parse_date(args.before) if args.before else None
    if after is not None and before is not None and after >= before:
        return _usage(f"--after {args.after} is not earlier than --before {args.before}: "
                      "no date can match")
    if args.folder:
        check_folder(library, args.folder)
    _require_photos(library)
    try:
        types = parse_kinds(args.types) if args.types else ()
    except ClipviewError as exc:
        return _usage(f"--type: {exc}")
    results = library.search(args.query, args.n, Filters(args.min_score, args.folder,
                                                          after, before, types=types))
    _print(library, results, args)
    _say_waiting(library)
    return 0


def _say_waiting(library: Library) -> None:
    """After a search: how many listed photos it could not look at yet (stderr)."""
    waiting = library.waiting()
    if waiting:
        print(f"clipview: note: {counted(waiting, 'photo')} not encoded yet (indexing is under "
              "way or was stopped): this search did not look at them", file=sys.stderr)


def cmd_similar(library: Library, args: argparse.Namespace) -> int:
    shape_error = _result_shape_error(args)
    if shape_error is not None:
        return shape_error
    if os.path.isfile(os.path.expanduser(args.path)):  # else "no such photo" says more
        _require_photos(library)
    _print(library, library.similar(args.path, args.n, Filters(args.min_score)), args)
    return 0


def _print(library: Library, results: Sequence[SearchResult],
           args: argparse.Namespace) -> None:
    sizes = library.catalog.images.sizes([r.id for r in results]) if args.json else {}
    print_results(results, args.json, sizes, files=args.files, null=args.null,
                  explain=getattr(args, "explain", False))


def cmd_status(library: Library, args: argparse.Namespace) -> int:
    report = library.status()
    excludes = library.excludes()
    if args.json:
        _print_status_json(report.to_json(), excludes)
        return 0
    print(f"library  {report.home}\nmodel    {report.model} on {report.device}")
    if report.device_note:
        print(f"         {report.device_note}")
    print(f"photos   {report.images} indexed, {report.skipped} skipped"
          + (f", {report.waiting} listed and waiting to be encoded" if report.waiting else ""))
    if report.types:
        print("types    " + ", ".join(f"{n} {kind}" for kind, n in report.types.items()))
    _print_folders(report.folders, excludes)
    print_status_extra(report)
    return 0


def status_without_model(home: Path, args: argparse.Namespace, why: str) -> int:
    """``status`` when no model is chosen: folders and counts from the catalog alone."""
    found = overview(home)
    if args.json:
        _print_status_json(found.to_json(), found.excludes)
        return 0
    print(f"library  {found.home}\nmodel    none chosen\n         {why}")
    print(f"photos   {found.images} indexed, {found.skipped} skipped")
    _print_folders(found.folders, found.excludes)
    return 0


def _print_status_json(report: dict[str, object], excludes: dict[str, list[str]]) -> None:
    folders = report.get("folders")
    if isinstance(folders, list):
        for folder in folders:
            folder["excludes"] = excludes.get(folder["path"], [])
    print(json.dumps(report, ensure_ascii=False, indent=2))


def _print_folders(folders: Sequence[FolderStatus], excludes: dict[str, list[str]]) -> None:
    for folder in folders:
        print(f"folder   {folder.path} ({counted(folder.images, 'photo')})")
        if folder.offline:
            print(f"         offline: {folder.offline_reason}; its photos are kept and can "
                  "still be searched (they come back when the folder does)")
        for pattern in excludes.get(folder.path, []):
            print(f"         excluding {pattern}")


def cmd_forget(library: Library, args: argparse.Namespace) -> int:
    real = os.path.realpath(os.path.expanduser(args.path))
    parent = next((f for f in library.folders() if inside(real, f) and real != f), None)
    removed = library.forget(args.path)
    if parent is None:
        print(f"forgot {args.path}: {counted(removed, 'photo')} left the library")
    else:
        print(f"left out {args.path} from {parent}: {counted(removed, 'photo')} left the "
              "library; "
              f"later scans skip it ('clipview index {args.path}' brings it back)")
    return 0


def cmd_check(library: Library, args: argparse.Namespace) -> int:
    report = library.check(repair=args.repair)
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
        return 0 if report.ok else 1
    for repair in report.repairs:
        print(f"repaired: {repair}")
    for problem in report.problems:
        print(f"problem: {problem}")
    for note in report.notes:
        print(f"note: {note}")
    if report.ok:
        print("consistent after the repairs above" if report.repairs else "consistent")
    else:
        print("inconsistent: some problems could not be repaired (details above)"
              if args.repair else "inconsistent: run 'clipview check --repair'")
    return 0 if report.ok else 1


COMMANDS = {"index": cmd_index, "search": cmd_search, "similar": cmd_similar,
            "status": cmd_status, "forget": cmd_forget, "check": cmd_check,
            "watch": cmd_watch, "duplicates": cmd_duplicates}
