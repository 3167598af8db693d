"""`clipview models ...` in a subprocess against a hub on 127.0.0.1 (HF_ENDPOINT)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.hub_server import HubServer
from tests.helpers.library_data import Cli, colour_folder, colour_of

NAME = "ViT-B-32__laion2b-s34b-b79k"


@pytest.fixture()
def hub(colour_bundle: Path) -> Iterator[HubServer]:
    with HubServer() as server:
        server.state.add_folder(f"immich-app/{NAME}", colour_bundle)
        yield server


def _cli(tmp_path: Path, url: str, **env: str) -> tuple[Cli, dict[str, str]]:
    base = {"CLIPVIEW_MODEL": "", "HF_ENDPOINT": url, "HF_HOME": str(tmp_path / "hf"),
            "HF_HUB_OFFLINE": "0", **env}
    return Cli(tmp_path / "home", tmp_path / "unused"), base


def _one_line(result: subprocess.CompletedProcess[str], code: int, *texts: str) -> None:
    assert result.returncode == code, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert all(text in lines[0] for text in texts), lines[0]


def test_installed_by_name_then_index_and_search_without_model(
        hub: HubServer, tmp_path: Path) -> None:
    import json

    cli, env = _cli(tmp_path, hub.url)
    summary = json.loads(cli.run("models", "install", NAME, "--json", env=env).stdout)
    assert summary["name"] == NAME and summary["commit"] == "a" * 40
    assert summary["in_use"] and "visual/model.onnx" in summary["files"]
    listing = json.loads(cli.run("models", "list", "--json", env=env).stdout)
    row = next(r for r in listing if r["name"] == NAME)
    assert row["installed"] and row["in_use"] and row["repo"] == f"immich-app/{NAME}"
    assert {"dim", "size_bytes", "languages"} <= set(row) and row["recommended"] == "cpu"
    assert not any(r["installed"] for r in listing if r["name"] != NAME)
    photos = colour_folder(tmp_path / "photos")
    cli.run("index", str(tmp_path / "photos"), "--json", env=env)
    results = json.loads(cli.run("search", "red", "-n", "4", "--json", env=env).stdout)
    assert [colour_of(r["path"]) for r in results] == ["red"] * len(photos["red"])


def test_use_verify_remove(hub: HubServer, tmp_path: Path, colour_bundle: Path) -> None:
    cli, env = _cli(tmp_path, hub.url)
    cli.run("models", "install", NAME, env=env)
    out = cli.run("models", "install", str(colour_bundle), "--name", "mine", env=env).stdout
    assert "installed mine" in out
    _one_line(cli.run("search", "red", check=False, env=env), 1,
              "several models are installed")  # status works without a model
    cli.run("models", "use", "mine", env=env)
    assert "mine" in cli.run("status", env=env).stdout
    assert "mine: ok" in cli.run("models", "verify", env=env).stdout
    (tmp_path / "home" / "models" / "mine" / "config.json").write_text("{}")
    failed = cli.run("models", "verify", "mine", check=False, env=env)
    assert failed.returncode == 1 and "config.json has changed" in failed.stdout
    cli.run("models", "remove", "mine", env=env)
    assert not (tmp_path / "home" / "models" / "mine").exists()
    assert NAME in cli.run("status", env=env).stdout  # the only one left is used again


@pytest.mark.parametrize("how", ["offline", "server down"])
def test_no_hub_gives_one_line_and_exit_1(hub: HubServer, tmp_path: Path, how: str) -> None:
    extra = {"HF_HUB_OFFLINE": "1"} if how == "offline" else \
        {"HF_ENDPOINT": "http://127.0.0.1:9"}
    cli, env = _cli(tmp_path, hub.url, **extra)
    result = cli.run("models", "install", NAME, check=False, env=env)
    _one_line(result, 1, f"cannot download immich-app/{NAME}", "clipview models install DIR",
              "clipview-export")
    assert not (tmp_path / "home" / "models" / NAME).exists()


@pytest.mark.parametrize("args", [["models"], ["models", "install"], ["models", "bogus"]])
def test_usage_errors_exit_2(tmp_path: Path, args: list[str]) -> None:
    result = Cli(tmp_path, tmp_path).run(*args, check=False)
    assert result.returncode == 2 and "usage:" in result.stderr


def test_unknown_source_and_model_are_one_line(tmp_path: Path) -> None:
    cli, env = _cli(tmp_path, "http://127.0.0.1:9")
    _one_line(cli.run("models", "install", "no-such-thing", check=False, env=env), 1,
              "not a catalogue model")
    _one_line(cli.run("models", "use", "nothing", check=False, env=env), 1,
              "neither an installed model nor a folder")
    _one_line(cli.run("search", "red", check=False, env=env), 1, "models install")
