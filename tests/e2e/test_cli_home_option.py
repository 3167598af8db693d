"""``--home``: an empty name is a usage error (never the current folder, made private), and a
relative one is the folder below where clipview was started, shown as a full path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.paths import REPO


def _run(cwd: Path, bundle: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLIPVIEW_MODEL": str(bundle), "PYTHONPATH": str(REPO)}
    env.pop("CLIPVIEW_HOME", None)
    return subprocess.run([sys.executable, "-m", "clipview", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.parametrize("home", ["", "   "])
def test_an_empty_home_is_a_usage_error(tmp_path: Path, colour_bundle: Path,
                                        home: str) -> None:
    here = tmp_path / "here"
    here.mkdir(mode=0o755)
    here.chmod(0o755)
    result = _run(here, colour_bundle, "--home", home, "status")
    assert result.returncode == 2 and "usage:" in result.stderr, result.stderr
    assert "argument --home: the library folder's name is empty" in result.stderr
    assert os.stat(here).st_mode & 0o777 == 0o755 and not list(here.iterdir())


def test_a_relative_home_is_made_absolute(tmp_path: Path, colour_bundle: Path) -> None:
    result = _run(tmp_path, colour_bundle, "--home", "relhome", "status")
    assert result.returncode == 0, result.stderr
    assert f"library  {tmp_path / 'relhome'}\n" in result.stdout
    assert (tmp_path / "relhome" / "catalog.sqlite").is_file()
