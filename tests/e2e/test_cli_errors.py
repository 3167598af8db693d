"""Exit codes and one-line messages for expected errors; two writers cannot collide."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.helpers.library_data import Cli, colour_folder
from tests.helpers.paths import REPO


def _one_clear_line(result: subprocess.CompletedProcess[str], code: int, text: str) -> None:
    assert result.returncode == code, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and text in lines[0], result.stderr


def test_help_lists_commands(tmp_path: Path, colour_bundle: Path) -> None:
    out = Cli(tmp_path, colour_bundle).run("--help").stdout
    for command in ("index", "search", "similar", "status", "forget", "check", "--home",
                    "--model", "--device"):
        assert command in out
    assert "--device" in Cli(tmp_path, colour_bundle).run("search", "--help").stdout


def test_missing_model(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "home", tmp_path / "no-bundle")
    _one_clear_line(cli.run("status", check=False), 1, "does not exist")
    unset = cli.run("search", "red", check=False, env={"CLIPVIEW_MODEL": ""})  # status
    # works without a model (tests/e2e/test_cli_settings.py); search needs one
    _one_clear_line(unset, 1, "no model bundle")


def test_unusable_home(tmp_path: Path, colour_bundle: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    cli = Cli(tmp_path / "file" / "home", colour_bundle)
    _one_clear_line(cli.run("status", check=False), 1, "cannot use")


def test_no_such_folder_and_unknown_forget(tmp_path: Path, colour_bundle: Path) -> None:
    cli = Cli(tmp_path / "home", colour_bundle)
    _one_clear_line(cli.run("index", str(tmp_path / "nope"), check=False), 1,
                    "no such folder")
    _one_clear_line(cli.run("forget", str(tmp_path), check=False), 1, "not a folder of")
    _one_clear_line(cli.run("similar", str(tmp_path / "x.jpg"), check=False), 1,
                    "no such photo")
    _one_clear_line(cli.run("search", "red", "--after", "someday", check=False), 2,
                    "cannot read the date")


@pytest.mark.parametrize("args", [["search"], ["bogus"], ["search", "x", "-n", "many"],
                                  ["--device", "tpu", "status"]])
def test_usage_errors_exit_2(tmp_path: Path, colour_bundle: Path, args: list[str]) -> None:
    result = Cli(tmp_path, colour_bundle).run(*args, check=False)
    assert result.returncode == 2 and "usage:" in result.stderr


def test_global_options_before_or_after_command(tmp_path: Path, colour_bundle: Path) -> None:
    cli = Cli(tmp_path / "unused", tmp_path / "unused-bundle")
    home = tmp_path / "real-home"
    before = cli.run("--home", str(home), "--model", str(colour_bundle), "--device", "cpu",
                     "status", "--json")
    after = cli.run("status", "--json", "--home", str(home), "--model", str(colour_bundle))
    assert f'"home": "{home}"' in before.stdout and f'"home": "{home}"' in after.stdout


HOLDER = textwrap.dedent("""
    import sys, time, pathlib
    import clipview
    from clipview.core.progress import CancelToken
    home, bundle, photos, flag = sys.argv[1:5]
    library = clipview.open_library(home, bundle, device="cpu")
    library.add_folder(photos)
    token = CancelToken()
    for progress in library.index(token, batch_size=2):
        if progress.phase == "encoding" and progress.done >= 2 and not token.paused:
            token.pause()
            print("paused", flush=True)
            while not pathlib.Path(flag).exists():
                time.sleep(0.05)
            token.resume()
    print("finished", flush=True)
""")


def test_second_writer_gets_a_clear_message(tmp_path: Path, colour_bundle: Path) -> None:
    colour_folder(tmp_path / "photos")
    flag = tmp_path / "go"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(tmp_path / "home"), str(colour_bundle),
         str(tmp_path / "photos"), str(flag)], cwd=REPO, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "paused"
        cli = Cli(tmp_path / "home", colour_bundle)
        second = cli.run("index", str(tmp_path / "photos"), check=False)
        _one_clear_line(second, 1, "another clipview process")
        assert cli.run("search", "red", "-n", "1").returncode == 0  # readers are welcome
    finally:
        flag.touch()
        out, err = holder.communicate(timeout=120)
    assert holder.returncode == 0 and "finished" in out, err
    assert Cli(tmp_path / "home", colour_bundle).json("check")["ok"]
