"""Where the one-folder app is (``bash packaging/build.sh``) and how its tests start it:
with an empty environment, nothing from the build machine's Python, PATH or PYTHONPATH."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers.paths import REPO

APP = Path(os.environ.get("CLIPVIEW_FROZEN", REPO / "dist" / "clipview" / "clipview"))
INTERNAL = APP.parent / "_internal"

needs_the_app = [
    pytest.mark.slow,
    pytest.mark.skipif(not APP.is_file(), reason=f"no frozen app at {APP}: build it with "
                       "`bash packaging/build.sh` (or set CLIPVIEW_FROZEN)"),
]


def bare_env(home: Path, **extra: str) -> list[str]:
    """`env -i` with only HOME, the offscreen Qt platform and ``extra``."""
    return ["env", "-i", f"HOME={home}", "QT_QPA_PLATFORM=offscreen",
            *(f"{key}={value}" for key, value in extra.items())]
