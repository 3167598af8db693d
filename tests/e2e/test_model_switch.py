"""Acceptance: switching models without losing search (issue 8).

Two synthetic models with the same right answers and different dims are installed in the
library's models folder. While the library switches from one to the other and back, another
process searches again and again: every answer is right, the switch completes, and going
back to the first model encodes nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from clipview.core.library.library import open_library
from clipview.core.library.model_switch import build_target
from clipview.core.models.store import ModelStore
from clipview.core.progress import Phase
from tests.helpers.library_data import PALETTE, Cli, colour_folder
from tests.helpers.paths import REPO
from tests.helpers.synthetic_bundle import build_colour_bundle, colour_photo

TOTAL = sum(PALETTE.values())
NO_MODEL_ENV = {"CLIPVIEW_MODEL": ""}  # commands use the library's own choice


@pytest.fixture()
def library(tmp_path: Path, tokenizer_dir: Path) -> tuple[Cli, Path]:
    home = tmp_path / "home"
    build_colour_bundle(home / "models" / "colour-a", name="colour-a")
    build_colour_bundle(home / "models" / "colour-b", name="colour-b", dim=24, seed=11)
    colour_folder(tmp_path / "photos")
    return Cli(home, Path()), tmp_path / "photos"


def _run(cli: Cli, *args: str) -> subprocess.CompletedProcess[str]:
    return cli.run(*args, env=NO_MODEL_ENV)


def _json(cli: Cli, *args: str) -> Any:
    return json.loads(_run(cli, *args, "--json").stdout)


class SearchLoop:
    """``tests/helpers/search_loop.py`` in its own process (once ``start`` is called)."""

    def __init__(self, home: Path, folder: Path) -> None:
        self.home = home
        self.log, self.stop = folder / "searches.jsonl", folder / "stop"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO), **NO_MODEL_ENV}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.search_loop", str(self.home), "red",
             str(self.log), str(self.stop)], cwd=REPO, env=env)

    def records(self) -> list[dict[str, Any]]:
        if not self.log.exists():
            return []
        text = self.log.read_text(encoding="utf-8")
        return [json.loads(line) for line in text[: text.rfind("\n") + 1].splitlines()]

    def wait_for_more(self, seen: int, timeout: float = 60) -> int:
        """Wait until at least one more search than ``seen`` has answered."""
        deadline = time.monotonic() + timeout
        while len(self.records()) <= seen:
            assert self.process is not None and self.process.poll() is None, \
                "the search loop died"
            assert time.monotonic() < deadline, "no search answered in time"
            time.sleep(0.05)
        return len(self.records())

    def finish(self) -> list[dict[str, Any]]:
        self.stop.touch()
        assert self.process is not None and self.process.wait(timeout=60) == 0
        return self.records()


@pytest.fixture()
def search_loop(library: tuple[Cli, Path], tmp_path: Path) -> Iterator[SearchLoop]:
    loop = SearchLoop(library[0].home, tmp_path)
    try:
        yield loop
    finally:
        loop.stop.touch()
        if loop.process is not None and loop.process.poll() is None:
            loop.process.wait(timeout=60)


def _build_while_searching(home: Path, loop: SearchLoop) -> int:
    """The GUI's background job (``build_target``), one batch at a time, each followed by
    at least one search in the other process; returns how many searches answered."""
    seen = loop.wait_for_more(0)
    batches = 0
    with open_library(home, ModelStore(home).resolve(), device="cpu") as library:
        for progress in build_target(library, device="cpu", batch_size=4):
            if progress.phase is Phase.ENCODING and progress.done:
                batches += 1
                seen = loop.wait_for_more(seen)
    assert batches == -(-TOTAL // 4)
    return seen


def test_search_answers_throughout_a_switch_and_back(
        library: tuple[Cli, Path], search_loop: SearchLoop) -> None:
    cli, photos = library
    assert "using colour-a" in _run(cli, "models", "use", "colour-a").stdout
    assert _json(cli, "index", str(photos))["indexed"] == TOTAL
    out = _run(cli, "models", "use", "colour-b").stdout
    assert f"switching to colour-b: 0/{TOTAL}" in out
    status = _json(cli, "status")
    assert status["model"] == "colour-a" and status["dim"] == 16
    assert status["target_model"] == {"name": "colour-b", "done": 0, "total": TOTAL}
    assert {"home", "folders", "images", "skipped", "model_key", "device", "device_note",
            "index"} <= set(status)
    assert set(status["runtime"]) == {"onnxruntime", "providers", "device", "gpu", "reason"}
    search_loop.start()  # from here on, another process searches "red" again and again

    during = _build_while_searching(cli.home, search_loop)  # the switch
    status = _json(cli, "status")
    assert status["model"] == "colour-b" and status["dim"] == 24
    assert status["target_model"] is None

    assert "using colour-a" in _run(cli, "models", "use", "colour-a").stdout  # back: instant
    summary = _json(cli, "index")
    assert summary["indexed"] == 0 and "target_model" not in summary  # encodes nothing
    assert _json(cli, "status")["model"] == "colour-a"
    assert [r["path"].rsplit("/", 1)[1][:3] for r in _json(cli, "search", "red", "-n", "4")
            ] == ["red"] * 4

    _run(cli, "models", "use", "colour-b")  # complete too: instant
    colour_photo(photos / "new" / "red_9.png", "red", seed=99)
    assert _json(cli, "index")["indexed"] == 1  # with colour-b
    assert f"switching to colour-a: {TOTAL}/{TOTAL + 1}" in \
        _run(cli, "models", "use", "colour-a").stdout
    summary = _json(cli, "index")  # colour-b is up to date; then colour-a's one photo
    assert summary["indexed"] == 0
    assert summary["target_model"] == {"name": "colour-a", "indexed": 1, "done": TOTAL + 1,
                                       "total": TOTAL + 1, "in_use": True}
    search_loop.wait_for_more(len(search_loop.records()))

    records = search_loop.finish()
    assert [r for r in records if "error" in r or r["colours"] != ["red"] * 4] == []
    assert {r["model"] for r in records} == {"colour-a", "colour-b"}
    assert during > -(-TOTAL // 4)


def test_models_list_coverage_and_remove_vectors(library: tuple[Cli, Path]) -> None:
    cli, photos = library
    _run(cli, "models", "use", "colour-a")
    _json(cli, "index", str(photos))
    _run(cli, "models", "use", "colour-b")
    coverage = {r["name"]: r["coverage"] for r in _json(cli, "models", "list")
                if r["installed"]}
    assert coverage == {"colour-a": 1.0, "colour-b": 0.0}
    assert _json(cli, "index")["target_model"]["in_use"]  # the CLI builds the target
    _run(cli, "models", "use", "colour-a")
    out = _run(cli, "models", "remove", "colour-b", "--vectors").stdout
    assert f"{TOTAL} vectors dropped" in out
    assert not list((cli.home / "index").glob("colour-b-*"))
    refused = cli.run("models", "remove", "colour-a", "--vectors", check=False,
                      env=NO_MODEL_ENV)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.strip().splitlines() == [
        "clipview: error: colour-a is the model in use and no other installed model covers "
        "the library: 'clipview models use OTHER' and 'clipview index' first, or remove it "
        "anyway with --force"]
    assert (cli.home / "models" / "colour-a").is_dir()
    _run(cli, "models", "remove", "colour-a", "--vectors", "--force")
    assert _json(cli, "models", "list") and not (cli.home / "models" / "colour-a").exists()
