"""Running clipview without a home folder, as in a container: no HOME (nor CLIPVIEW_*, XDG_*)
and a real uid with no entry in the password database (needs root; else the test skips)."""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
from collections.abc import Callable

import pytest

from tests.helpers.paths import REPO

NOBODY = 54321  # a uid with no entry in the password database

Runner = Callable[..., subprocess.CompletedProcess[str]]


def _uid_without_entry() -> int:
    if os.geteuid() != 0:
        pytest.skip("becoming a uid without a password entry needs root")
    try:
        pwd.getpwuid(NOBODY)
    except KeyError:
        return NOBODY
    pytest.skip(f"uid {NOBODY} has a password entry here")


def homeless_runner() -> Runner:
    """``run(*python_args, env=..., cwd="/")``: the Python interpreter with those arguments,
    homeless (``env`` adds variables); skips the test where that cannot be done."""
    uid = _uid_without_entry()
    base = {k: v for k, v in os.environ.items() if k not in (
        "HOME", "CLIPVIEW_HOME", "CLIPVIEW_LOG_DIR", "CLIPVIEW_MODEL")
        and not k.startswith("XDG_")}
    base["PYTHONPATH"] = str(REPO)

    def become() -> None:  # the real uid (what getpwuid(getuid()) asks about) only: the
        os.setresuid(uid, 0, 0)  # interpreter under /root stays readable

    def run(*args: str, env: dict[str, str] | None = None,
            cwd: str = "/") -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, *args], env={**base, **(env or {})},
                              preexec_fn=become, capture_output=True, text=True, cwd=cwd,
                              timeout=300, check=False)
    return run
