"""Indexing killed with SIGKILL at several points, then resumed: nothing lost or doubled."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

from tests.helpers.library_data import Cli
from tests.helpers.paths import REPO

PHOTOS = 240


def _noisy_photos(root: Path) -> None:
    rng = np.random.default_rng(3)
    for n in range(PHOTOS):
        pixels = rng.integers(0, 255, (600, 800, 3), dtype=np.uint8)
        folder = root / f"roll{n % 4}"
        folder.mkdir(parents=True, exist_ok=True)
        Image.fromarray(pixels).save(folder / f"p{n:04d}.jpg", quality=85)


def _vectors(home: Path) -> int:
    try:
        with sqlite3.connect(f"file:{home / 'catalog.sqlite'}?mode=ro", uri=True,
                             timeout=5) as db:
            return int(db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])
    except sqlite3.Error:
        return 0


def _start(cli: Cli, folder: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "CLIPVIEW_HOME": str(cli.home), "CLIPVIEW_MODEL": str(cli.bundle),
           "PYTHONPATH": str(REPO)}
    return subprocess.Popen([sys.executable, "-m", "clipview", "index", str(folder),
                             "--batch-size", "8", "--json"], cwd=REPO, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _kill_when(process: subprocess.Popen[str], home: Path, at_least: int) -> None:
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        if _vectors(home) >= at_least:
            break
        time.sleep(0.01)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)


def test_sigkill_then_resume(tmp_path: Path, colour_bundle: Path) -> None:
    _noisy_photos(tmp_path / "photos")
    cli = Cli(tmp_path / "home", colour_bundle)
    seen = []
    for at_least in (0, 8, 60, 150):
        _kill_when(_start(cli, tmp_path / "photos"), cli.home, at_least)
        seen.append(_vectors(cli.home))
    print("vectors after each kill:", seen)
    assert seen[-1] < PHOTOS, "the runs finished before they could be killed"
    summary = cli.json("index", str(tmp_path / "photos"))
    assert summary["skipped"] == []
    assert summary["indexed"] + seen[-1] == PHOTOS
    report = cli.json("check")
    assert report["ok"] and report["problems"] == [] and report["duplicates"] == 0
    status = cli.json("status")
    assert status["images"] == PHOTOS == status["index"]["count"]
    assert len(cli.json("search", "red", "-n", "500")) == PHOTOS
