"""`clipview PHOTO_OR_FOLDER...` (the menu entry's ``Exec=clipview %F``) beside the commands:
a first positional argument naming a command runs it, any other is a path for the app."""

from __future__ import annotations

import pytest

from clipview.cli.desktop import parse_arguments
from clipview.cli.parser import build_parser


def parse(*argv: str):  # type: ignore[no-untyped-def]
    return parse_arguments(build_parser(), list(argv))


def test_paths_open_the_app() -> None:
    args = parse("/photos/a.jpg", "/photos/Holiday")
    assert args.command is None and args.open_paths == ["/photos/a.jpg", "/photos/Holiday"]


def test_global_options_mix_with_paths() -> None:
    args = parse("--model", "/m", "a.jpg", "--device", "cpu", "b", "--home=/h", "-v")
    assert args.open_paths == ["a.jpg", "b"] and str(args.model) == "/m"
    assert args.device == "cpu" and str(args.home) == "/h" and args.verbose


def test_an_abbreviated_option_still_takes_its_value() -> None:
    args = parse("--mod", "/m", "x.png")
    assert str(args.model) == "/m" and args.open_paths == ["x.png"]


def test_commands_are_commands() -> None:
    index = parse("index", "/photos")
    assert index.command == "index" and index.paths == ["/photos"] and index.open_paths == []
    search = parse("--home", "/h", "search", "red", "--json")
    assert search.command == "search" and search.query == "red" and search.json
    assert parse("desktop-install", "--uninstall").uninstall


def test_double_dash_opens_a_file_named_like_a_command() -> None:
    args = parse("--", "index", "search")
    assert args.command is None and args.open_paths == ["index", "search"]


def test_query_value_is_not_a_command() -> None:
    args = parse("--query", "index")
    assert args.command is None and args.query == "index" and args.open_paths == []


def test_nothing_opens_the_app_empty() -> None:
    args = parse()
    assert args.command is None and args.open_paths == []


def test_unknown_options_are_still_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        parse("--no-such-option", "a.jpg")
    assert exit_info.value.code == 2 and "--no-such-option" in capsys.readouterr().err
