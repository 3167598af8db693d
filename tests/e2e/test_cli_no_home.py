"""Without HOME and with a uid that has no password entry (a container), commands run with
``--home`` (logs inside the library) and say in one line what is missing without it."""

from __future__ import annotations

import os
import pwd
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.paths import REPO

NOBODY = 54321  # a uid with no entry in the password database


def _uid_without_entry() -> int:
    try:
        pwd.getpwuid(NOBODY)
    except KeyError:
        return NOBODY
    pytest.skip(f"uid {NOBODY} has a password entry here")


@pytest.fixture()
def run_homeless() -> object:
    if os.geteuid() != 0:
        pytest.skip("becoming a uid without a password entry needs root")
    uid = _uid_without_entry()
    env = {k: v for k, v in os.environ.items() if k not in (
        "HOME", "CLIPVIEW_HOME", "CLIPVIEW_LOG_DIR", "CLIPVIEW_MODEL")
        and not k.startswith("XDG_")}
    env["PYTHONPATH"] = str(REPO)

    def become() -> None:  # the real uid (what getpwuid(getuid()) asks about) only: the
        os.setresuid(uid, 0, 0)  # interpreter under /root stays readable

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "clipview", *args], env=env,
                              preexec_fn=become, capture_output=True, text=True, cwd="/",
                              timeout=300, check=False)
    return run


def test_home_option_works_without_a_home_folder(run_homeless: object, tmp_path: Path) -> None:
    result = run_homeless("--home", str(tmp_path / "lib"), "status")  # type: ignore[operator]
    assert result.returncode == 0, result.stderr
    assert f"library  {tmp_path / 'lib'}" in result.stdout and "Traceback" not in result.stderr
    assert (tmp_path / "lib" / "logs" / "clipview.log").is_file()  # the log went inside


def test_without_home_and_without_the_option_one_line_says_what_to_do(
        run_homeless: object) -> None:
    for args in (["status"], ["models", "list"]):
        result = run_homeless(*args)  # type: ignore[operator]
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 1 and len(lines) == 1, result.stderr
        assert "cannot find your home folder" in lines[0] and "--home" in lines[0]
