"""The command line's desktop side: ``clipview PHOTO_OR_FOLDER...`` (what a file manager's
"Open with" and the menu entry's ``Exec=clipview %F`` run) and ``clipview desktop-install``.

A first positional argument that names a command runs that command; any other positional
arguments are paths for the app. ``clipview -- index`` opens a file literally named "index".
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from clipview.core.media.scanner import IMAGE_SUFFIXES


def _is_path(token: str) -> bool:
    """Looks like something to open: a file:// URL (a file manager's "Open with"), a path
    with a folder in it, or an existing file or folder. A bare unknown word is a typo."""
    suffix = os.path.splitext(token)[1].lower()
    return (token.startswith("file://") or os.sep in token or token.startswith("~")
            or suffix in IMAGE_SUFFIXES or os.path.lexists(token))


def parse_arguments(parser: argparse.ArgumentParser,
                    argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Parse ``argv`` with ``parser``; paths for the app land in ``args.open_paths``."""
    tokens = list(sys.argv[1:] if argv is None else argv)
    commands = _command_names(parser)
    valued = _valued_options(parser)
    options: list[str] = []
    paths: list[str] = []
    literal = False
    position = 0
    while position < len(tokens):
        token = tokens[position]
        if token == "--":   # what follows are paths, whatever they look like
            literal = not paths
            paths.extend(tokens[position + 1:])
            break
        if token.startswith("-") and token != "-":
            options.append(token)
            if _takes_value(token, valued) and position + 1 < len(tokens):
                position += 1
                options.append(tokens[position])
        elif not paths and token in commands:
            args = parser.parse_args(tokens)
            args.open_paths = []
            return args
        else:
            paths.append(token)
        position += 1
    args = parser.parse_args(options)
    if paths and not literal and not _is_path(paths[0]):   # a typo, not something to open
        parser.error(f"no command or file named {paths[0]!r} (commands: "
                     f"{', '.join(sorted(commands))})")
    args.open_paths = paths
    return args


def _command_names(parser: argparse.ArgumentParser) -> set[str]:
    names: set[str] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            names.update(action.choices)
    return names


def _valued_options(parser: argparse.ArgumentParser) -> set[str]:
    """The top-level options that take a value (``--home DIR``), by every spelling."""
    return {spelling for action in parser._actions if action.option_strings
            and action.nargs != 0 for spelling in action.option_strings}


def _takes_value(token: str, valued: set[str]) -> bool:
    if "=" in token or not token.startswith("--"):
        return token in valued
    matches = [name for name in valued if name.startswith(token)]
    return token in valued or len(matches) == 1  # argparse accepts unique prefixes


def cmd_desktop_install(args: argparse.Namespace) -> int:
    """``clipview desktop-install [--uninstall]``: the app menu entry for this clipview."""
    from clipview.cli.output import counted
    from clipview.desktop import install, running_command, uninstall, xdg_data_home

    if args.uninstall:
        removed = uninstall()
        print(f"removed {counted(len(removed), 'file')} from {xdg_data_home()}" if removed
              else f"no clipview menu entry in {xdg_data_home()}")
        return 0
    written = install()
    print(f"installed the menu entry and {counted(len(written) - 2, 'icon')} into "
          f"{xdg_data_home()}\n"
          f"it starts: {' '.join(running_command())}")
    return 0
