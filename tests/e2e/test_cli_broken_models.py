"""A model with NaN/inf towers is refused in one line by ``models install``, ``--model DIR``
search and index; a model that fails on some photos indexes the rest, and ``check`` then
passes (issue 17)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers.broken_bundles import build_broken_bundle
from tests.helpers.library_data import Cli, colour_folder

NAN, INF = float("nan"), float("inf")


def _one_line(result: subprocess.CompletedProcess[str], text: str) -> None:
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and "this is a bug" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and text in lines[0], result.stderr


def test_install_and_model_dir_refuse_broken_towers(tmp_path: Path) -> None:
    images = build_broken_bundle(tmp_path / "nan-images", image=NAN)
    texts = build_broken_bundle(tmp_path / "inf-texts", text=INF)
    colour_folder(tmp_path / "photos", {"red": 2, "white": 2})
    cli = Cli(tmp_path / "home", images)
    for bundle in (images, texts):
        _one_line(cli.run("models", "install", str(bundle), check=False),
                  "was not installed")
    assert not (tmp_path / "home" / "models" / "nan-images").exists()
    _one_line(cli.run("--model", str(images), "index", str(tmp_path / "photos"), check=False),
              "the model is broken")
    cli.run("--model", str(texts), "index", str(tmp_path / "photos"))  # its images work
    _one_line(cli.run("--model", str(texts), "search", "red", check=False),
              "text encoder gave an unusable embedding (NaN or inf) for 'red'")
    for bundle in (images, texts):
        assert cli.run("--model", str(bundle), "check").returncode == 0


def test_photos_a_model_fails_on_are_skipped_and_check_passes(tmp_path: Path) -> None:
    bundle = build_broken_bundle(tmp_path / "dark", image="dark")
    colour_folder(tmp_path / "photos", {"red": 2, "black": 1, "white": 2})
    cli = Cli(tmp_path / "home", bundle)
    indexed = cli.run("index", str(tmp_path / "photos"))
    assert "unusable embedding" in indexed.stdout + indexed.stderr
    checked = cli.run("check")
    assert "problem" not in checked.stdout, checked.stdout
    assert len(cli.json("search", "red", "-n", "10")) == 4


def _bad_bundle(root: Path, colour_bundle: Path, what: str) -> Path:
    bundle = Path(shutil.copytree(colour_bundle, root / what))
    if what == "huge-size":
        (bundle / "visual" / "preprocess_cfg.json").write_text('{"size": 100000}')
    elif what == "huge-config":
        (bundle / "config.json").write_text('{"embed_dim": 16' + " " * 5_000_000 + "}")
    elif what == "nan-std":
        (bundle / "visual" / "preprocess_cfg.json").write_text('{"std": [NaN, 1, 1]}')
    return bundle


@pytest.mark.parametrize(("what", "message"), [
    ("huge-size", "'size' must be a whole number from 1 to 2048"),
    ("huge-config", "config.json is at most 4 MB"), ("nan-std", "'std' must be a number")])
def test_every_bad_bundle_is_one_line(tmp_path: Path, colour_bundle: Path, what: str,
                                      message: str) -> None:
    bundle = _bad_bundle(tmp_path, colour_bundle, what)
    cli = Cli(tmp_path / "home", bundle)
    _one_line(cli.run("models", "install", str(bundle), check=False), message)
    _one_line(cli.run("--model", str(bundle), "search", "red", check=False), message)


def test_a_file_where_models_go_is_one_line(tmp_path: Path, colour_bundle: Path) -> None:
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "models").write_text("a file")
    cli = Cli(tmp_path / "home", colour_bundle)
    _one_line(cli.run("models", "install", str(colour_bundle), check=False),
              "models: it is a file, not a folder")
