"""The ``clipview`` program: the app without a command, the command line with one.

The top layer: it alone may import both ``clipview.cli`` and ``clipview.gui``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from clipview import cli


def launch_app(args: argparse.Namespace) -> int:
    from clipview.core import logs
    from clipview.core.paths import NoHomeError
    from clipview.gui.launch import launch

    logs.configure(verbose=args.verbose, stderr=args.verbose)
    try:
        return int(launch(args))
    except NoHomeError as exc:  # no home folder, and no --home: one line, not a traceback
        print(f"clipview: error: {exc}", file=sys.stderr)
        return 1


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, launch_app=launch_app)


if __name__ == "__main__":
    sys.exit(main())
