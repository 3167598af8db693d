"""The command line under faults: one clear line and the documented exit code, never a
traceback; offline folders in status; read-only and damaged libraries; names that are not
UTF-8; a closed pipe; no ONNX Runtime noise."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.helpers.library_data import Cli
from tests.helpers.paths import REPO
from tests.helpers.synthetic_bundle import colour_photo


def one_line(result: subprocess.CompletedProcess[str], code: int, text: str) -> None:
    assert result.returncode == code, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and text in lines[0], result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.fixture()
def cli(tmp_path: Path, colour_bundle: Path) -> Cli:
    for n, colour in enumerate(["red", "blue", "green", "white", "black", "yellow"]):
        colour_photo(tmp_path / "photos" / f"{colour}.png", colour, seed=n)
    runner = Cli(tmp_path / "home", colour_bundle)
    runner.run("index", str(tmp_path / "photos"))
    return runner


def test_status_shows_offline_folders(cli: Cli, tmp_path: Path) -> None:
    root = tmp_path / "photos"
    shutil.move(root, tmp_path / "unplugged")
    root.mkdir()  # the mount point of a drive that is away
    assert cli.run("index", str(root)).returncode == 0  # named while offline: accepted
    folder = cli.json("status")["folders"][0]
    assert folder["offline"] is True and "empty" in folder["offline_reason"]
    text = cli.run("status").stdout
    assert "offline: " in text and "still be searched" in text
    assert len(cli.json("search", "red")) == 6


def test_search_is_quiet_on_success(cli: Cli) -> None:
    """No ONNX Runtime warnings or telemetry notes on stderr."""
    result = cli.run("search", "red", "-n", "2")
    assert result.stderr == "" and len(result.stdout.splitlines()) == 2


@pytest.mark.parametrize(("option", "value", "text"), [
    ("--after", "0001", "out of the range"), ("--before", "99999", "cannot read the date"),
    ("--after", "1899-12", "out of the range")])
def test_dates_out_of_range_are_usage_errors(cli: Cli, option: str, value: str,
                                             text: str) -> None:
    one_line(cli.run("search", "red", option, value, check=False), 2, text)


def test_a_closed_pipe_is_quiet(cli: Cli) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before anything is written
    env = {**os.environ, "CLIPVIEW_HOME": str(cli.home), "CLIPVIEW_MODEL": str(cli.bundle),
           "PYTHONPATH": str(REPO)}
    try:
        result = subprocess.run([sys.executable, "-m", "clipview", "status", "--json"],
                                cwd=REPO, stdout=write, stderr=subprocess.PIPE, env=env,
                                timeout=300)
    finally:
        os.close(write)
    assert result.returncode == 141 and result.stderr == b""
    piped = subprocess.run(f"{sys.executable} -m clipview status --json | head -1",
                           shell=True, cwd=REPO, capture_output=True, text=True, env=env,
                           timeout=300)
    assert piped.stdout == "{\n" and piped.stderr == ""


def test_undecodable_names_on_the_command_line(tmp_path: Path, colour_bundle: Path) -> None:
    folder = os.path.join(os.fsencode(tmp_path), b"caf\xe9")
    raw = os.path.join(folder, b"r\xe9d.png")
    os.makedirs(folder)
    colour_photo(Path(os.fsdecode(raw)), "red")
    colour_photo(Path(os.fsdecode(folder)) / "blue.png", "blue")
    cli = Cli(tmp_path / "home", colour_bundle)
    cli.run("index", os.fsdecode(folder))
    found = cli.run("search", "red", "--json").stdout
    found.encode("utf-8")  # valid UTF-8, and valid JSON
    paths = [item["path"] for item in json.loads(found)]
    assert os.fsencode(paths[0]) == raw and "\\udce9" in found
    similar = json.loads(cli.run("similar", paths[0], "--json").stdout)
    assert [os.fsencode(item["path"]) for item in similar][-1:] == [
        os.path.join(folder, b"blue.png")]
    status = cli.run("status", "--json").stdout
    assert os.fsencode(json.loads(status)["folders"][0]["path"]) == folder
    text = subprocess.run([sys.executable, "-m", "clipview", "search", "red", "-n", "1"],
                          cwd=REPO, capture_output=True, timeout=300,
                          env={**os.environ, "CLIPVIEW_HOME": str(cli.home),
                               "CLIPVIEW_MODEL": str(cli.bundle), "PYTHONPATH": str(REPO)})
    assert text.returncode == 0 and text.stderr == b""
    assert text.stdout.rstrip(b"\n").endswith(raw)  # the real bytes, usable by other tools


def test_text_output_never_fails_to_encode(cli: Cli, tmp_path: Path) -> None:
    colour_photo(tmp_path / "photos" / "été.png", "red")
    cli.run("index", str(tmp_path / "photos"))
    result = cli.run("search", "red", "-n", "7", env={"PYTHONIOENCODING": "ascii"})
    assert "\\xe9t\\xe9.png" in result.stdout and result.stderr == ""


def corrupt(catalog: Path) -> None:
    with sqlite3.connect(catalog) as db:
        size = int(db.execute("PRAGMA page_size").fetchone()[0])
    db.close()
    pages = catalog.stat().st_size // size
    noise = np.random.default_rng(3).integers(0, 256, size * (pages - 1), np.uint8)
    with catalog.open("r+b") as handle:
        handle.seek(size)
        handle.write(noise.tobytes())


def test_a_damaged_catalog(cli: Cli) -> None:
    corrupt(cli.home / "catalog.sqlite")
    one_line(cli.run("search", "red", check=False), 1,
             "the library's catalog is damaged; run `clipview check --repair` or restore "
             "a backup")
    for args in (["check"], ["check", "--repair"]):
        result = cli.run(*args, check=False)
        assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
        assert "damaged" in result.stdout and result.stderr == ""
    (cli.home / "catalog.sqlite").write_bytes(b"not a database at all" * 300)
    result = cli.run("check", check=False)
    assert result.returncode == 1 and "damaged" in result.stdout
    assert "Traceback" not in result.stderr


def test_index_on_a_read_only_library(cli: Cli, tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("a read-only bind mount needs root (chmod is covered in tests/core)")
    view = tmp_path / "backup"
    view.mkdir()
    if subprocess.run(["mount", "--bind", str(cli.home), str(view)],
                      capture_output=True).returncode != 0:
        pytest.skip("this machine does not allow bind mounts")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], check=True)
        backup = Cli(view, cli.bundle)
        assert len(backup.json("search", "red")) == 6
        assert backup.json("status")["images"] == 6
        one_line(backup.run("index", str(tmp_path / "photos"), check=False), 1,
                 "is read-only")
    finally:
        subprocess.run(["umount", str(view)], check=True)


def test_onnx_runtime_failure_is_one_line(tmp_path: Path, colour_bundle: Path) -> None:
    """A text encoder that fails while running (a Reshape that cannot be done) raises a
    RuntimeError inside ONNX Runtime: one line, exit 1, no traceback."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    bundle = shutil.copytree(colour_bundle, tmp_path / "bundle")
    graph = helper.make_graph(
        [helper.make_node("Cast", ["text"], ["floats"], to=TensorProto.FLOAT),
         helper.make_node("Reshape", ["floats", "shape"], ["embedding"])],
        "broken_textual",
        [helper.make_tensor_value_info("text", TensorProto.INT32, ["batch", "sequence"])],
        [helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", 16])],
        [numpy_helper.from_array(np.array([-1, 16], np.int64), "shape")])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)],
                                ir_version=10), str(bundle / "textual" / "model.onnx"))
    colour_photo(tmp_path / "photos" / "red.png", "red")
    cli = Cli(tmp_path / "home", bundle)
    cli.run("index", str(tmp_path / "photos"))
    one_line(cli.run("search", "red", check=False), 1, "ONNX Runtime failed to run")
