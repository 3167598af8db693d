"""The log file: every CLI failure is one line on stderr and a traceback in the log;
``-v`` shows the details on stderr too; catalog problems are said plainly."""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

import pytest

from clipview import cli
from clipview.core import logs
from tests.helpers.library_data import Cli, colour_folder


def _log(folder: Path) -> str:
    return (folder / "clipview.log").read_text()


def test_failure_is_one_line_and_a_traceback_in_the_log(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    result = Cli(tmp_path / "home", tmp_path / "no-bundle").run(
        "status", check=False, env={"CLIPVIEW_LOG_DIR": str(logs)})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    log = _log(logs)
    assert "clipview status failed" in log and "Traceback" in log and "does not exist" in log
    assert (logs / "clipview.log").stat().st_mode & 0o777 == 0o600


def test_verbose_puts_the_details_on_stderr(tmp_path: Path) -> None:
    result = Cli(tmp_path / "home", tmp_path / "no-bundle").run(
        "-v", "status", check=False, env={"CLIPVIEW_LOG_DIR": str(tmp_path / "logs")})
    assert result.returncode == 1
    assert "Traceback" in result.stderr and "clipview: error:" in result.stderr
    after = Cli(tmp_path / "home", tmp_path / "no-bundle").run(
        "status", "--verbose", check=False, env={"CLIPVIEW_LOG_DIR": str(tmp_path / "l2")})
    assert "Traceback" in after.stderr  # also after the command, like --home


def test_damaged_catalog_is_one_clear_line(tmp_path: Path, colour_bundle: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "catalog.sqlite").write_bytes(b"not a database at all " * 300)
    result = Cli(home, colour_bundle).run("status", check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "catalog is damaged" in line and "bug" not in line


def test_status_json_keys_are_unchanged(tmp_path: Path, colour_bundle: Path) -> None:
    colour_folder(tmp_path / "photos", {"red": 1})
    cli_run = Cli(tmp_path / "home", colour_bundle)
    cli_run.run("index", str(tmp_path / "photos"))
    report = cli_run.json("status")
    assert list(report) == ["home", "folders", "images", "skipped", "model", "model_key",
                            "dim", "device", "device_note", "index",
                            # added since, after the original keys: switching, runtime,
                            # types, photos listed and waiting to be encoded
                            "target_model", "runtime", "types", "waiting"]
    assert list(report["folders"][0]) == ["path", "images", "skipped", "offline",
                                          "offline_reason", "excludes"]
    assert list(report["index"]) == ["file", "count", "generation"]
    assert list(cli_run.json("check")) == ["ok", "problems", "repaired", "images",
                                           "duplicates", "repairs", "notes"]


def test_unexpected_errors_are_one_line_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """A bug (not a ClipviewError) still ends as one line; the traceback is in the log."""
    monkeypatch.setenv("CLIPVIEW_LOG_DIR", str(tmp_path / "logs"))

    def broken(args: argparse.Namespace) -> int:
        raise ValueError("something clipview did not expect")

    monkeypatch.setattr(cli, "run_command", broken)
    try:
        assert cli.main(["status"]) == 1
    finally:
        for handler in list(logging.getLogger().handlers):
            if getattr(handler, "_clipview", False):
                logging.getLogger().removeHandler(handler)
                handler.close()
        assert logs.log_file() == tmp_path / "logs" / "clipview.log"
    [line] = capsys.readouterr().err.strip().splitlines()
    assert "unexpected ValueError: something clipview did not expect" in line
    assert "this is a bug" in line
    assert "ValueError" in _log(tmp_path / "logs")


def test_no_command_without_the_app_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main([])
    assert exited.value.code == 2
