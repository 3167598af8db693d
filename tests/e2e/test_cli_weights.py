"""``clipview search --json`` with weights of any size: strict JSON (no NaN, no Infinity),
nothing from numpy on stderr; a weight beyond float's range is one clear line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.library_data import Cli, colour_folder, colour_of

HUGE = "1" + "0" * 42


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory, colour_bundle: Path) -> Cli:
    root = tmp_path_factory.mktemp("weights")
    colour_folder(root / "photos", {"red": 2, "blue": 2})
    made = Cli(root / "home", colour_bundle)
    made.run("index", str(root / "photos"))
    return made


def strict_json(text: str) -> Any:
    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} in the JSON output")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("query", [f"{HUGE}:red", "1000000000000000000000:red",
                                   f"{HUGE}:red - blue", f"{HUGE}:red + blue"])
def test_huge_weights_give_strict_json(cli: Cli, query: str) -> None:
    found = cli.run("search", query, "-n", "4", "--json")
    assert found.stderr == ""
    rows = strict_json(found.stdout)
    assert [colour_of(r["path"]) for r in rows[:2]] == ["red", "red"]


def test_a_weight_beyond_float_range_is_one_line(cli: Cli) -> None:
    found = cli.run("search", "9" * 400 + ":red", "--json", check=False)
    assert found.returncode != 0 and found.stdout == ""
    assert found.stderr.count("\n") == 1 and "too large a number" in found.stderr
