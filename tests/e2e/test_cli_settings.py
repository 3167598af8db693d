"""One configuration: the CLI takes its model and device from the library's settings.json (which
the app writes too) unless told otherwise; ``status`` works with no model at all."""

from __future__ import annotations

import json
from pathlib import Path

from clipview.core.models.settings import update_settings
from tests.helpers.library_data import PALETTE, Cli, colour_folder

NO_MODEL = {"CLIPVIEW_MODEL": ""}


def _status(cli: Cli, *args: str, env: dict[str, str] | None = None) -> dict[str, object]:
    result = cli.run("status", "--json", *args, env=env)
    found: dict[str, object] = json.loads(result.stdout)
    return found


def test_device_comes_from_the_settings(tmp_path: Path, colour_bundle: Path) -> None:
    cli = Cli(tmp_path / "home", colour_bundle)
    auto = _status(cli)
    # auto differs from cpu on every machine: CUDA runs, or a note says why not
    assert auto["device"] == "cuda" or auto["device_note"], auto
    update_settings(tmp_path / "home", device="cpu")  # what the app saves
    remembered = _status(cli)
    assert (remembered["device"], remembered["device_note"]) == ("cpu", "")
    overridden = _status(cli, "--device", "auto")
    assert (overridden["device"], overridden["device_note"]) == (
        auto["device"], auto["device_note"])


def test_an_unknown_device_in_the_settings_is_one_clear_line(tmp_path: Path,
                                                              colour_bundle: Path) -> None:
    update_settings(tmp_path / "home", device="tpu")
    result = Cli(tmp_path / "home", colour_bundle).run("status", check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        "clipview: error: the library's settings.json names the device 'tpu'; use one of "
        "auto, cpu, cuda (or pass --device)"]


def test_model_comes_from_the_settings(tmp_path: Path, colour_bundle: Path) -> None:
    cli = Cli(tmp_path / "home", colour_bundle)
    update_settings(tmp_path / "home", model=str(colour_bundle))  # as the app chooses it
    assert _status(cli, env=NO_MODEL)["model"] == "synthetic-colour"


def test_status_without_any_model_creates_nothing(tmp_path: Path, colour_bundle: Path) -> None:
    cli = Cli(tmp_path / "home", colour_bundle)
    plain = cli.run("status", env=NO_MODEL)
    assert "model    none chosen" in plain.stdout and "photos   0 indexed" in plain.stdout
    report = _status(cli, env=NO_MODEL)
    assert report["model"] is None and report["folders"] == [] and report["images"] == 0
    assert not (tmp_path / "home").exists()


def test_status_without_a_model_shows_the_catalog(tmp_path: Path, colour_bundle: Path) -> None:
    photos = tmp_path / "photos"
    colour_folder(photos)
    cli = Cli(tmp_path / "home", colour_bundle)
    cli.run("index", str(photos), "--exclude", "*/set1/*")
    report = _status(cli, env=NO_MODEL)
    indexed = sum((count + 1) // 2 for count in PALETTE.values())  # set0 holds n = 0, 2, …
    assert report["model"] is None and report["images"] == indexed
    folders = report["folders"]
    assert isinstance(folders, list) and len(folders) == 1
    assert {k: folders[0][k] for k in ("path", "images", "skipped", "excludes")} == {
        "path": str(photos.resolve()), "images": indexed, "skipped": 0,
        "excludes": ["*/set1/*"]}
    plain = cli.run("status", env=NO_MODEL).stdout
    assert f"folder   {photos.resolve()} ({indexed} photos)" in plain
    assert "excluding */set1/*" in plain and "none chosen" in plain


def test_a_named_model_that_is_missing_is_still_an_error(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home", tmp_path / "no-bundle")
    result = cli.run("status", check=False)
    assert result.returncode == 1 and "does not exist" in result.stderr


def test_index_without_a_model_tracks_the_folder_and_says_indexing_waits(
        tmp_path: Path, colour_bundle: Path) -> None:
    photos = tmp_path / "photos"
    colour_folder(photos)
    cli = Cli(tmp_path / "home", colour_bundle)
    waiting = cli.run("index", str(photos), "--exclude", "*/set1/*", check=False, env=NO_MODEL)
    assert waiting.returncode == 1 and waiting.stdout == "", waiting
    [line] = waiting.stderr.strip().splitlines()
    assert line.startswith(f"clipview: error: {photos}: tracked, not indexed yet; indexing "
                           "waits for a model (no model bundle: none is installed; run "
                           "'clipview models install "), line
    report = _status(cli, env=NO_MODEL)
    folders = report["folders"]
    assert isinstance(folders, list)
    assert [(f["path"], f["images"], f["excludes"]) for f in folders] == [
        (str(photos.resolve()), 0, ["*/set1/*"])]
    summary = cli.json("index")   # a model now (CLIPVIEW_MODEL): the folder is indexed
    assert summary["indexed"] == sum((count + 1) // 2 for count in PALETTE.values())


def test_a_damaged_settings_file_is_one_clear_line(tmp_path: Path, colour_bundle: Path) -> None:
    (tmp_path / "home").mkdir()
    (tmp_path / "home" / "settings.json").write_text("{not json", encoding="utf-8")
    for args in (("status",), ("index", str(tmp_path))):
        result = Cli(tmp_path / "home", colour_bundle).run(*args, check=False, env=NO_MODEL)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        [line] = result.stderr.strip().splitlines()
        assert "settings.json is not valid JSON" in line and "fix or delete it" in line
