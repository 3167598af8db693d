"""ruff, mypy (strict, on all of clipview) and import-linter are part of the test suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.paths import REPO


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean() -> None:
    result = _run(sys.executable, "-m", "ruff", "check", "clipview", "tests", "export")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = _run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts_hold() -> None:
    # beside this interpreter (a venv's bin/ or Scripts/), whether or not it is on PATH
    scripts = Path(sys.executable).parent
    found = [p for p in (scripts / "lint-imports", scripts / "lint-imports.exe") if p.is_file()]
    if not found:
        pytest.fail(f"import-linter is not installed in {scripts} (pip install -e '.[test]')")
    result = _run(str(found[0]))
    assert result.returncode == 0, result.stdout + result.stderr
