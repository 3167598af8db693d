"""Without HOME and with a uid that has no password entry (a container), commands run with
``--home`` (logs inside the library) and say in one line what is missing without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.homeless import homeless_runner


@pytest.fixture()
def run_homeless() -> object:
    run = homeless_runner()
    return lambda *args, **kw: run("-m", "clipview", *args, **kw)


def test_home_option_works_without_a_home_folder(run_homeless: object, tmp_path: Path) -> None:
    result = run_homeless("--home", str(tmp_path / "lib"), "status")  # type: ignore[operator]
    assert result.returncode == 0, result.stderr
    assert f"library  {tmp_path / 'lib'}" in result.stdout and "Traceback" not in result.stderr
    assert (tmp_path / "lib" / "logs" / "clipview.log").is_file()  # the log went inside


def test_without_home_and_without_the_option_one_line_says_what_to_do(
        run_homeless: object) -> None:
    for args in (["status"], ["models", "list"]):
        result = run_homeless(*args)  # type: ignore[operator]
        lines = result.stderr.strip().splitlines()
        assert result.returncode == 1 and len(lines) == 1, result.stderr
        assert "cannot find your home folder" in lines[0] and "--home" in lines[0]


def _one_line(result: object) -> str:
    lines = result.stderr.strip().splitlines()  # type: ignore[attr-defined]
    assert result.returncode == 1 and len(lines) == 1, result.stderr  # type: ignore[attr-defined]
    assert "this is a bug" not in lines[0] and "Traceback" not in lines[0]
    return str(lines[0])


def test_a_tilde_without_a_home_folder_is_one_clear_line(run_homeless: object,
                                                         tmp_path: Path) -> None:
    lib = str(tmp_path / "lib")
    for args, env in ((["--home", "~/x", "status"], {}),
                      (["status"], {"CLIPVIEW_HOME": "~/x"}),
                      (["--home", lib, "--model", "~/m", "status"], {}),
                      (["--home", lib, "status"], {"CLIPVIEW_MODEL": "~/m"}),
                      (["--home", lib, "models", "install", "~/p"], {}),
                      (["--home", lib, "index", "~/p"], {})):
        result = run_homeless(*args, env=env, cwd=str(tmp_path))  # type: ignore[operator]
        line = _one_line(result)
        assert "cannot expand '~/" in line and "give a full path" in line, args
        assert "HOME is not set" in line and "54321" in line
    assert not (tmp_path / "~").exists()  # never a literal '~' folder


def test_desktop_install_without_a_home_folder_is_one_clear_line(
        run_homeless: object, tmp_path: Path) -> None:
    result = run_homeless("--home", str(tmp_path / "lib"), "desktop-install")  # type: ignore[operator]
    assert "XDG_DATA_HOME" in _one_line(result)
