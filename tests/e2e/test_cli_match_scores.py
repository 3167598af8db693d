"""The CLI shows a bounded match and the words that matched (issue 17, item 9): an
arithmetic query over a folder named after one of its words used to print 2.12."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.library_data import Cli, red_blue_folders


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory, colour_bundle: Path) -> Cli:
    root = tmp_path_factory.mktemp("match-e2e")
    red_blue_folders(root / "photos", 2, ("green", "green"))
    runner = Cli(root / "home", colour_bundle)
    assert runner.json("index", str(root / "photos"))["indexed"] == 6
    return runner


@pytest.mark.parametrize("query", ["red - blue", "red", "2:red + green - blue"])
def test_json_scores_are_bounded(cli: Cli, query: str) -> None:
    rows = cli.json("search", query, "-n", "10")
    assert len(rows) == 6 and all(0.0 <= r["score"] <= 1.0 for r in rows), rows
    assert all(-1.0 <= r["vector_score"] <= 1.0 for r in rows)
    red = [r for r in rows if "/red/" in r["path"]]
    assert rows[:2] == red and all(r["matched"] == ["folder: red"] for r in red)
    assert all(r["matched"] == [] for r in rows[2:])


def test_explain_names_the_words_and_keeps_the_score_bounded(cli: Cli) -> None:
    lines = cli.run("search", "red - blue", "-n", "6", "--explain").stdout.splitlines()
    scores = [float(line.split("  ", 1)[0]) for line in lines[::2]]
    assert all(0.0 <= s <= 1.0 for s in scores), lines
    assert "/red/" in lines[0] and "matched folder: red" in lines[1]
    cosine = float(lines[1].split("cosine ", 1)[1].split()[0])
    assert cosine == scores[0] > 0.5 and "fused" not in "".join(lines)
    blue = next(n for n, line in enumerate(lines) if "/blue/" in line)
    assert lines[blue].startswith("0.0000") and "(match 0)" in lines[blue + 1]
