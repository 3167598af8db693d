"""The ``clipview`` program: the app without a command, the command line with one.

The top layer: it alone may import both ``clipview.cli`` and ``clipview.gui``.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from clipview import cli


def launch_app(args: argparse.Namespace) -> int:
    """The app, or, when one already runs on this library, hand it the paths and exit 0
    (before the GUI is even imported: a second launch is quick)."""
    from clipview.core import logs
    from clipview.core.paths import NoHomeError, default_home

    logs.configure(verbose=args.verbose, stderr=args.verbose)
    try:
        from clipview.gui.single_instance import Handover, claim

        home = Path(args.home or default_home()).expanduser()
        handover = Handover(tuple(getattr(args, "open_paths", None) or ()),
                            getattr(args, "query", None),
                            os.environ.get("XDG_ACTIVATION_TOKEN", ""))
        claimed = claim(home, handover)
        if claimed.handed_over:
            return 0
        from clipview.gui.launch import launch

        return int(launch(args, claimed))
    except NoHomeError as exc:  # no home folder, and no --home: one line, not a traceback
        print(f"clipview: error: {exc}", file=sys.stderr)
        return 1
    except ImportError as exc:  # Qt without a system library it needs (libGL, libxcb-…)
        logging.getLogger(__name__).exception("the window cannot start")
        print(f"clipview: error: {missing_library_text(exc)}", file=sys.stderr)
        return 1


def missing_library_text(exc: ImportError) -> str:
    """One line for a Qt module that could not load: which system library it lacked."""
    reason = str(exc)
    library = reason.split(":", 1)[0] if ".so" in reason.split(":", 1)[0] else ""
    if library:
        return (f"the window cannot start: the system library {library} is missing "
                "(install the system libraries listed under Install in the README; "
                "Debian/Ubuntu: the libgl1 and libxcb-… packages; the command line works "
                "without them)")
    return f"the window cannot start: {reason}"


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, launch_app=launch_app)


if __name__ == "__main__":
    sys.exit(main())
