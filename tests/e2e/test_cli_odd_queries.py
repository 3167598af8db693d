"""Queries a hostile or unlucky user types: longer than a file name may be, bytes that are
not UTF-8. Each gets results or one clear line, never "this is a bug" (issue 17)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.library_data import Cli, colour_folder, colour_of
from tests.helpers.paths import REPO

LONG = " ".join(["a long natural sentence about a red car parked by the sea"] * 6)


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory, colour_bundle: Path
            ) -> tuple[Cli, dict[str, list[Path]]]:
    root = tmp_path_factory.mktemp("odd")
    photos = colour_folder(root / "photos", {"red": 2, "blue": 2})
    cli = Cli(root / "home", colour_bundle)
    cli.run("index", str(root / "photos"))
    return cli, photos


def _search_bytes(cli: Cli, query: bytes) -> subprocess.CompletedProcess[bytes]:
    """``clipview search QUERY --json`` with the argument as raw bytes."""
    env = {**os.environ, "CLIPVIEW_HOME": str(cli.home), "CLIPVIEW_MODEL": str(cli.bundle),
           "PYTHONPATH": str(REPO)}
    return subprocess.run([os.fsencode(sys.executable), b"-m", b"clipview", b"search", query,
                           b"-n", b"2", b"--json"], cwd=REPO, capture_output=True, env=env,
                          timeout=300, check=False)


@pytest.mark.parametrize("query", [LONG, "red " + "x" * 300, f"red - {'b' * 260}"])
def test_a_text_query_longer_than_a_file_name_is_searched(
        indexed: tuple[Cli, dict[str, list[Path]]], query: str) -> None:
    cli, _ = indexed
    results = cli.json("search", query, "-n", "2")
    assert [colour_of(r["path"]) for r in results] == ["red", "red"]


def test_bytes_that_are_not_utf8_are_text(indexed: tuple[Cli, dict[str, list[Path]]]) -> None:
    cli, _ = indexed
    result = _search_bytes(cli, b"\xff red")
    assert result.returncode == 0, result.stderr
    assert b"red_" in result.stdout and not result.stderr


def test_a_photo_whose_name_is_not_utf8_is_an_image_query(
        indexed: tuple[Cli, dict[str, list[Path]]], tmp_path: Path) -> None:
    cli, photos = indexed
    odd = os.fsencode(tmp_path) + b"/bleu\xe9.png"
    shutil.copyfile(photos["blue"][0], odd)
    result = _search_bytes(cli, odd)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(b"blue_") == 2 and not result.stderr
