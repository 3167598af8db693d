"""Rules on the source that import-linter cannot state: short functions, SQL only in the
catalog. (What may import what — no Qt in the core, no torch in the app, the rooms' layers —
is import-linter's, in pyproject.toml, run by tests/test_quality.py.)"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers.paths import REPO


def test_functions_stay_short() -> None:
    """Functions < 50 lines (DEVELOPERS.md); files are as long as their meaning needs."""
    long_functions = [
        f"{path.relative_to(REPO)}:{node.lineno} {node.name} ({node.end_lineno - node.lineno + 1})"
        for path in sorted((REPO / "clipview").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and (node.end_lineno or node.lineno) - node.lineno + 1 >= 50
    ]
    assert long_functions == []


SQL_START = ("SELECT ", "INSERT ", "UPDATE ", "DELETE ", "PRAGMA ", "BEGIN", "COMMIT",
             "ROLLBACK", "CREATE ")


def _catalog_module(path: Path) -> bool:
    return path.parent.name == "catalog" and path.parent.parent.name == "core"


def test_sql_lives_only_in_the_catalog() -> None:
    offenders = [
        f"{path.relative_to(REPO)}:{node.lineno}"
        for path in sorted((REPO / "clipview").rglob("*.py"))
        if not _catalog_module(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and node.value.lstrip().upper().startswith(SQL_START)
        and node.value.lstrip()[:6].isupper()
    ]
    assert offenders == []
