"""The clipview command line. Only the CLI and the GUI talk to people.

Every failure ends as one line on stderr and exit code 1 (2: a usage error; 141: stdout was
closed early, ``stdout``); the traceback goes to the log file (``clipview.core.logs``), and to
stderr too with ``-v``.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
from collections.abc import Callable, Sequence

from clipview.cli.desktop import cmd_desktop_install, parse_arguments
from clipview.cli.errors import USAGE_EXIT, UsageError
from clipview.cli.parser import build_parser, expand_paths
from clipview.cli.stdout import configure_stdout, silence_broken_pipe
from clipview.core import logs
from clipview.core.catalog.errors import is_damage
from clipview.core.errors import CatalogError, ClipviewError
from clipview.core.paths import use_library_home

__all__ = ["build_parser", "main", "run"]

logger = logging.getLogger(__name__)

Launcher = Callable[[argparse.Namespace], int]


def main(argv: Sequence[str] | None = None, launch_app: Launcher | None = None) -> int:
    """Parse ``argv`` and run the command; without one, ``launch_app`` opens the app
    (``clipview.app`` passes it: the CLI itself never imports the GUI)."""
    parser = build_parser()
    args = parse_arguments(parser, argv)  # `clipview PHOTO_OR_FOLDER...` → args.open_paths
    try:
        expand_paths(args)
    except ClipviewError as exc:  # no home folder to expand '~' in
        return _fail(str(exc))
    if getattr(args, "home", None):  # logs and caches may live there (no home folder),
        use_library_home(args.home)  # for the commands and for the app
    if args.command is None:
        if launch_app is None:
            parser.error("a command is needed (run 'clipview' alone to open the app)")
        return launch_app(args)
    return run(args)


def run(args: argparse.Namespace) -> int:
    """Run one command with logging set up; every failure becomes one line and code 1 (2:
    a usage error; 141: stdout was closed early, see ``stdout``)."""
    log_path = logs.configure(verbose=args.verbose, stderr=args.verbose)
    details = f"details in {log_path}" if log_path else "run it again with -v for details"
    logger.debug("clipview %s", " ".join(sys.argv))
    configure_stdout(json_output=bool(getattr(args, "json", False)))
    try:
        code = run_command(args)
        sys.stdout.flush()  # inside the try: a closed pipe shows up here
        return code
    except BrokenPipeError:
        return silence_broken_pipe()
    except UsageError as exc:
        return _fail(str(exc), USAGE_EXIT)
    except CatalogError as exc:
        logger.exception("clipview %s failed", args.command)
        if args.command == "check" and is_damage(exc):
            return _damaged_check(exc)
        hint = "" if exc.environmental else f" (this is a bug; {details})"
        return _fail(f"{exc}{hint}")
    except ClipviewError as exc:
        logger.exception("clipview %s failed", args.command)
        return _fail(str(exc))
    except KeyboardInterrupt:
        logger.info("clipview %s interrupted", args.command)
        print("clipview: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug: still one line, the traceback in the log
        logger.exception("clipview %s failed unexpectedly", args.command)
        return _fail(f"unexpected {type(exc).__name__}: {exc} (this is a bug; {details})")


def _fail(message: str, code: int = 1) -> int:
    first_line = message.strip().splitlines()[0] if message.strip() else "failed"
    with contextlib.suppress(BrokenPipeError, UnicodeError):  # nothing more can be said
        print(f"clipview: error: {first_line}", file=sys.stderr)
    return code


def _damaged_check(exc: CatalogError) -> int:
    """``check`` on a catalog too damaged to open: say so as the check's finding."""
    print(f"problem: {exc}")
    print("damaged: the catalog cannot be repaired here; restore a backup of it, or move "
          "it away and index the folders again")
    return 1


def run_command(args: argparse.Namespace) -> int:
    from clipview.cli.commands import run_library_command

    if args.command == "desktop-install":  # no library needed
        return cmd_desktop_install(args)
    if args.command == "models":  # no library needed
        from clipview.cli.models import run as run_models

        return run_models(args)
    return run_library_command(args)  # model and device: command line, else settings
