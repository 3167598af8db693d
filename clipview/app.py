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
    from clipview.gui.launch import launch

    logs.configure(verbose=args.verbose, stderr=args.verbose)
    return int(launch(args))


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, launch_app=launch_app)


if __name__ == "__main__":
    sys.exit(main())
