"""Result output for people and for pipes: ``--files`` (bare paths, NUL with ``-0``) and
``--json`` rows with date, size and dimensions; ``check --repair`` says what it repaired."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers.library_data import Cli, colour_folder, colour_of
from tests.helpers.synthetic_bundle import colour_photo

TAKEN = "2021:07:14 18:03:22"


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory, colour_bundle: Path
            ) -> tuple[Cli, Path]:
    root = tmp_path_factory.mktemp("output")
    colour_folder(root / "photos")
    dated = colour_photo(root / "photos" / "dated" / "green_9.jpg", "green", (120, 80), seed=7)
    exif = Image.Exif()
    exif[306] = TAKEN  # DateTime
    with Image.open(dated) as image:
        image.load()
        image.save(dated, exif=exif)
    cli = Cli(root / "home", colour_bundle)
    cli.run("index", str(root / "photos"))
    return cli, dated.resolve()


def test_files_prints_bare_paths(indexed: tuple[Cli, Path]) -> None:
    cli, _ = indexed
    lines = cli.run("search", "red", "-n", "4", "-f").stdout.split("\n")
    assert lines[-1] == "" and len(lines) == 5
    assert all(Path(p).is_file() and colour_of(p) == "red" for p in lines[:-1])
    assert cli.run("similar", lines[0], "-n", "2", "--files").stdout.count("\n") == 2


def test_files_with_nul(indexed: tuple[Cli, Path]) -> None:
    cli, _ = indexed
    out = cli.run("search", "blue", "-n", "3", "-f", "-0").stdout
    assert "\n" not in out and out.endswith("\0")
    paths = out.split("\0")[:-1]
    assert len(paths) == 3 and all(colour_of(p) == "blue" for p in paths)


def test_json_rows_carry_date_size_and_dimensions(indexed: tuple[Cli, Path]) -> None:
    cli, dated = indexed
    rows = cli.json("search", "green", "-n", "5")
    for row in rows:  # these keys first, in this order (more may follow)
        assert list(row)[:6] == ["path", "score", "date", "size", "width", "height"]
    for row in rows:
        assert row["size"] == os.path.getsize(row["path"])
        with Image.open(row["path"]) as image:
            assert (row["width"], row["height"]) == image.size
    by_path = {r["path"]: r for r in rows}
    expected = datetime.strptime(TAKEN, "%Y:%m:%d %H:%M:%S").astimezone()
    assert by_path[str(dated)]["date"] == expected.isoformat(timespec="seconds")
    assert datetime.fromisoformat(by_path[str(dated)]["date"]).utcoffset() is not None
    for row in rows:  # without EXIF: the file's time, as the timeline shows it
        if row["path"] != str(dated):
            mtime = datetime.fromtimestamp(os.stat(row["path"]).st_mtime_ns / 1e9)
            assert row["date"] == mtime.astimezone().isoformat(timespec="seconds")


def test_check_repair_says_what_it_repaired(tmp_path: Path, colour_bundle: Path) -> None:
    colour_folder(tmp_path / "photos", {"red": 2, "blue": 2})
    cli = Cli(tmp_path / "home", colour_bundle)
    cli.run("index", str(tmp_path / "photos"))
    with sqlite3.connect(tmp_path / "home" / "catalog.sqlite") as db:  # a vector cut short
        db.execute("UPDATE vectors SET vector = x'0000' WHERE image_id = "
                   "(SELECT MIN(image_id) FROM vectors)")
    db.close()
    broken = cli.run("check", check=False)
    assert broken.returncode == 1 and "problem: 1 vectors have the wrong length" in broken.stdout
    repaired = cli.run("check", "--repair").stdout.splitlines()
    said = [line.removeprefix("repaired: ") for line in repaired
            if line.startswith("repaired: ")]
    assert said and all(said), repaired  # one line per repair, each saying what
    assert any("1 unusable vectors" in line for line in said), repaired
    assert repaired[-1] == "consistent after the repairs above"
    assert cli.run("check").stdout.strip() == "consistent"
