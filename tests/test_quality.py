"""ruff, mypy (strict, on core and the CLI) and import-linter are part of the test suite."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.helpers.paths import REPO


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean() -> None:
    result = _run(sys.executable, "-m", "ruff", "check", "clipview", "tests", "export")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean_on_core() -> None:
    result = _run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts_hold() -> None:
    command = shutil.which("lint-imports")
    if command is None:
        pytest.fail("import-linter is not installed (pip install -e '.[test]')")
    result = _run(command)
    assert result.returncode == 0, result.stdout + result.stderr
