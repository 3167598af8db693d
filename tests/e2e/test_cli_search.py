"""The CLI end to end (subprocess) on the synthetic colour bundle."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.library_data import PALETTE, Cli, colour_folder, colour_of


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory, colour_bundle: Path
            ) -> tuple[Cli, dict[str, list[Path]]]:
    root = tmp_path_factory.mktemp("e2e")
    photos = colour_folder(root / "photos")
    cli = Cli(root / "home", colour_bundle)
    summary = cli.json("index", str(root / "photos"))
    assert summary["indexed"] == sum(PALETTE.values()) and summary["skipped"] == []
    return cli, photos


def test_search_red_returns_only_red(indexed: tuple[Cli, dict[str, list[Path]]]) -> None:
    cli, _ = indexed
    results = cli.json("search", "red", "-n", "4")
    assert [colour_of(r["path"]) for r in results] == ["red"] * 4
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0.99


def test_plain_output_lists_scores_and_paths(indexed: tuple[Cli, dict[str, list[Path]]]
                                             ) -> None:
    cli, photos = indexed
    lines = cli.run("search", "a photo of something blue", "-n", "3").stdout.splitlines()
    assert len(lines) == 3
    score, path = lines[0].split("  ", 1)
    assert float(score) > 0.9 and colour_of(path) == "blue" and Path(path).is_file()


def test_similar_on_a_red_photo(indexed: tuple[Cli, dict[str, list[Path]]]) -> None:
    cli, photos = indexed
    target = photos["red"][0]
    results = cli.json("similar", str(target), "-n", "3")
    assert [colour_of(r["path"]) for r in results] == ["red"] * 3
    assert str(target.resolve()) not in [r["path"] for r in results]


def test_arithmetic(indexed: tuple[Cli, dict[str, list[Path]]]) -> None:
    cli, _ = indexed
    mixed = cli.json("search", "red + blue", "-n", "2")
    assert [colour_of(r["path"]) for r in mixed] == ["magenta", "magenta"]
    brighter = cli.json("search", "red - dark", "-n", "6")
    colours = [colour_of(r["path"]) for r in brighter]
    assert colours[:4] == ["red"] * 4 and "dark red" not in colours[:4]
    plain = cli.json("search", "red", "-n", "6")
    assert [colour_of(r["path"]) for r in plain][4:] == ["dark red"] * 2
    weighted = cli.json("search", "2:red + blue", "-n", "8")
    assert colour_of(weighted[0]["path"]) in ("magenta", "red")


def test_image_path_as_query(indexed: tuple[Cli, dict[str, list[Path]]],
                             tmp_path: Path) -> None:
    cli, _ = indexed
    from tests.helpers.synthetic_bundle import colour_photo

    outside = colour_photo(tmp_path / "query image.png", "green", seed=99)
    results = cli.json("search", str(outside), "-n", "4")
    assert [colour_of(r["path"]) for r in results] == ["green"] * 4
    reddish = colour_photo(tmp_path / "red query.jpg", "red", seed=98)
    mixed = cli.json("search", f"{reddish} + blue", "-n", "2")
    assert [colour_of(r["path"]) for r in mixed] == ["magenta", "magenta"]


def test_min_score_and_folder_filters(indexed: tuple[Cli, dict[str, list[Path]]]) -> None:
    cli, photos = indexed
    strong = cli.json("search", "red", "-n", "50", "--min-score", "0.99")
    assert {colour_of(r["path"]) for r in strong} == {"red"}
    folder = photos["red"][0].parent
    only = cli.json("search", "red", "-n", "50", "--folder", str(folder))
    assert only and all(Path(r["path"]).parent == folder.resolve() for r in only)


def test_date_filters(indexed: tuple[Cli, dict[str, list[Path]]]) -> None:
    cli, _ = indexed
    assert cli.json("search", "red", "--after", "2999-01-01") == []
    assert len(cli.json("search", "red", "-n", "3", "--after", "2000")) == 3
    assert cli.json("search", "red", "--before", "1990-05") == []


def test_status(indexed: tuple[Cli, dict[str, list[Path]]]) -> None:
    cli, photos = indexed
    report = cli.json("status")
    assert report["images"] == sum(PALETTE.values()) and report["skipped"] == 0
    assert report["model"] == "synthetic-colour" and report["device"] in ("cpu", "cuda")
    assert [f["path"] for f in report["folders"]] == [
        str(photos["red"][0].parent.parent.resolve())]
    assert report["index"]["count"] == report["images"]


def test_check_passes(indexed: tuple[Cli, dict[str, list[Path]]]) -> None:
    cli, _ = indexed
    report = cli.json("check")
    assert report["ok"] and report["problems"] == [] and report["duplicates"] == 0
