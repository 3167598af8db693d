"""Mistakes get one clear line and the right exit code, never silence: a mistyped photo path in
a query, -n below 1, a --folder outside the library, an empty date range, an empty library,
``index FILE``; and ``~`` in photo paths is expanded by ``search`` and ``similar`` alike."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers.library_data import Cli, colour_folder, colour_of


def _one_line(result: subprocess.CompletedProcess[str], code: int, text: str) -> None:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and text in lines[0], result.stderr


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory, colour_bundle: Path
            ) -> tuple[Cli, dict[str, list[Path]]]:
    root = tmp_path_factory.mktemp("mistakes")
    photos = colour_folder(root / "photos")
    cli = Cli(root / "home", colour_bundle)
    cli.run("index", str(root / "photos"))
    return cli, photos


@pytest.mark.parametrize(("query", "term"), [
    ("~/nope.jpg", "~/nope.jpg"), ("/x/y.png", "/x/y.png"), ("./a.jpeg", "./a.jpeg"),
    ("../up/b.webp", "../up/b.webp"), ("red + pics/none.jpg", "pics/none.jpg"),
    ('snow - "~/Holiday - 2020.jpg"', "~/Holiday - 2020.jpg"), ("2:/no/such", "/no/such")])
def test_a_mistyped_photo_path_is_an_error(indexed: tuple[Cli, dict[str, list[Path]]],
                                           query: str, term: str) -> None:
    cli, _ = indexed
    _one_line(cli.run("search", query, check=False), 1, f"no such photo: {term}")


def test_words_that_only_resemble_paths_are_still_text(
        indexed: tuple[Cli, dict[str, list[Path]]]) -> None:
    cli, _ = indexed
    for query in ("red.jpg", "red and/or blue", "~red"):
        assert cli.json("search", query, "-n", "1")


@pytest.mark.parametrize("n", ["0", "-3"])
def test_n_below_one_is_a_usage_error(indexed: tuple[Cli, dict[str, list[Path]]],
                                      n: str) -> None:
    cli, photos = indexed
    for command in (["search", "red"], ["similar", str(photos["red"][0])]):
        result = cli.run(*command, "-n", n, check=False)
        assert result.returncode == 2 and "usage:" in result.stderr
        assert "-n" in result.stderr.strip().splitlines()[-1]


def test_folder_outside_the_library(indexed: tuple[Cli, dict[str, list[Path]]],
                                    tmp_path: Path) -> None:
    cli, _ = indexed
    for command in (["search", "red"], ["duplicates"]):
        for folder in (str(tmp_path), "/nonexistent"):
            _one_line(cli.run(*command, "--folder", folder, check=False), 1,
                      f"--folder {folder} is outside the library")
        for blank in ("", "  "):  # never the current folder by accident
            result = cli.run(*command, "--folder", blank, check=False)
            assert result.returncode == 2 and "usage:" in result.stderr, result.stderr
            assert "--folder: the folder's name is empty" in result.stderr


def test_after_later_than_before(indexed: tuple[Cli, dict[str, list[Path]]]) -> None:
    cli, _ = indexed
    _one_line(cli.run("search", "red", "--after", "2024-06", "--before", "2024", check=False),
              2, "--after 2024-06 is not earlier than --before 2024")
    assert len(cli.json("search", "red", "-n", "2", "--after", "2000", "--before",
                        "2999")) == 2


def test_no_match_says_so_on_stderr(indexed: tuple[Cli, dict[str, list[Path]]]) -> None:
    cli, _ = indexed
    result = cli.run("search", "red", "--before", "1971")
    assert result.stdout == "" and "no photos match" in result.stderr


@pytest.mark.parametrize("score", ["nan", "inf", "-inf", "2", "-1.5", "many"])
def test_a_min_score_that_is_no_cosine_is_a_usage_error(
        indexed: tuple[Cli, dict[str, list[Path]]], score: str) -> None:
    cli, photos = indexed
    for command in (["search", "red"], ["similar", str(photos["red"][0])]):
        result = cli.run(*command, f"--min-score={score}", check=False)
        assert result.returncode == 2 and "usage:" in result.stderr, result.stderr
        assert "--min-score" in result.stderr.strip().splitlines()[-1]
    assert cli.json("search", "red", "--min-score=-1") and cli.json(
        "search", "red", "--min-score", "0.5")


def test_searching_an_empty_library(tmp_path: Path, colour_bundle: Path) -> None:
    cli = Cli(tmp_path / "home", colour_bundle)
    _one_line(cli.run("search", "red", check=False), 1, "the library is empty")
    (tmp_path / "empty").mkdir()
    cli.run("index", str(tmp_path / "empty"))
    _one_line(cli.run("search", "red", check=False), 1,
              "no photos are indexed with synthetic-colour yet")
    colour_folder(tmp_path / "elsewhere", {"red": 1})
    photo = next((tmp_path / "elsewhere").rglob("red_0.*"))
    _one_line(cli.run("similar", str(photo), check=False), 1, "no photos are indexed")


def test_index_wants_a_folder(indexed: tuple[Cli, dict[str, list[Path]]]) -> None:
    cli, photos = indexed
    photo = photos["red"][0]
    _one_line(cli.run("index", str(photo), check=False), 2,
              f"index wants a folder, and {photo} is a file")


def test_output_shapes_that_do_not_mix(indexed: tuple[Cli, dict[str, list[Path]]]) -> None:
    cli, _ = indexed
    assert cli.run("search", "red", "--json", "--files", check=False).returncode == 2
    _one_line(cli.run("search", "red", "--json", "-0", check=False), 2,
              "-0 goes with --files")


def test_tilde_is_expanded_by_search_and_similar(
        indexed: tuple[Cli, dict[str, list[Path]]], tmp_path: Path) -> None:
    cli, photos = indexed
    shutil.copy(photos["green"][0], tmp_path / "green copy.png")
    home = {"HOME": str(tmp_path)}
    outside = cli.run("similar", "~/green copy.png", "-n", "3", "--json", env=home)
    assert [colour_of(str(r["path"])) for r in _rows(outside)] == ["green"] * 3
    inside = photos["blue"][0]
    root = inside.parents[2]  # …/photos/set0/blue_0.jpg → the folder above "photos"
    known = cli.run("similar", "~/" + str(inside.relative_to(root)), "-n", "4", "--json",
                    env={"HOME": str(root)})
    paths = [str(r["path"]) for r in _rows(known)]
    assert [colour_of(p) for p in paths[:3]] == ["blue"] * 3
    assert str(inside.resolve()) not in paths  # recognised as the indexed photo itself
    query = cli.run("search", '2:"~/green copy.png"', "-n", "3", "--json", env=home)
    assert [colour_of(str(r["path"])) for r in _rows(query)] == ["green"] * 3


def _rows(result: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows
