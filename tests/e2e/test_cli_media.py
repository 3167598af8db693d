"""The CLI on RAW files, videos and words (subprocess, synthetic colour bundle)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.test_media import make_media
from tests.helpers.library_data import Cli


@pytest.fixture(scope="module")
def cli(tmp_path_factory: pytest.TempPathFactory, colour_bundle: Path) -> Cli:
    root = tmp_path_factory.mktemp("media-e2e")
    make_media(root / "photos")
    runner = Cli(root / "home", colour_bundle)
    summary = runner.json("index", str(root / "photos"))
    assert summary["indexed"] == 15 and summary["skipped"] == []
    return runner


def test_json_rows_say_why_they_matched(cli: Cli) -> None:
    rows = cli.json("search", "germany 2019", "-n", "4")
    assert all("Germany 2019" in r["path"] for r in rows[:3])
    first = rows[0]
    assert first["text_match"] == {"folder": ["germany", "2019"]}
    assert first["score"] == max(0.0, first["vector_score"]) <= 1.0   # the cosine, not fused
    assert first["matched"] == ["folder: germany 2019"] and "fused_score" not in first
    assert first["type"] == "photo" and first["frame_time"] is None
    assert {"path", "score", "date", "size", "width", "height"} <= set(first)
    assert rows[3]["text_match"] is None


def test_type_filter_and_frame_time(cli: Cli) -> None:
    rows = cli.json("search", "blue", "--type", "video,raw", "-n", "5")
    assert {Path(r["path"]).name for r in rows} == {"clip.mp4", "DSC_0001.dng", "DSC_0002.dng"}
    video = next(r for r in rows if r["type"] == "video")
    assert video["frame_time"] >= 2.0 and video["score"] > 0.99
    assert [r["type"] for r in cli.json("search", "red", "--type", "raw", "-n", "5")] == [
        "raw", "raw"]


def test_explain_in_text(cli: Cli) -> None:
    lines = cli.run("search", "IMG_4392", "-n", "2", "--explain").stdout.splitlines()
    assert lines[0].endswith("IMG_4392.jpg")
    assert "cosine " in lines[1] and "matched in the name: img_4392" in lines[1]
    assert float(lines[0].split()[0]) <= 1.0 and "fused" not in lines[1]
    video = cli.run("search", "blue", "--type", "video", "--explain").stdout.splitlines()
    assert video[0].endswith("clip.mp4") and "frame 0:02.0" in video[1]


def test_unknown_type_is_a_usage_error(cli: Cli) -> None:
    result = cli.run("search", "blue", "--type", "pictures", check=False)
    assert result.returncode == 2 and "unknown type 'pictures'" in result.stderr


def test_status_counts_per_type(cli: Cli) -> None:
    assert cli.json("status")["types"] == {"photo": 12, "raw": 2, "video": 1}
    assert "types    12 photo, 2 raw, 1 video" in cli.run("status").stdout
