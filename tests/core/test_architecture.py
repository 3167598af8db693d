"""clipview/core imports no Qt, no GUI, no torch (checked on the source, not at run time)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.helpers.paths import REPO

FORBIDDEN = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "clipview.gui", "clipview.cli",
             "torch", "transformers")


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def test_core_imports_no_qt_gui_or_torch() -> None:
    offenders = [
        f"{path.relative_to(REPO)} imports {name}"
        for path in sorted((REPO / "clipview" / "core").rglob("*.py"))
        for name in _imports(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)
    ]
    assert offenders == []


def test_app_never_imports_the_exporter_or_torch() -> None:
    offenders = [
        f"{path.relative_to(REPO)} imports {name}"
        for path in sorted((REPO / "clipview").rglob("*.py"))
        for name in _imports(path)
        if name.split(".")[0] in ("clipview_export", "torch", "transformers")
    ]
    assert offenders == []


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
