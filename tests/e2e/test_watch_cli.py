"""``clipview watch`` in a subprocess: adds the folder, catches up, indexes what is copied in,
and ends cleanly (exit 0, index saved, ``check`` passes) on SIGTERM and on SIGINT."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

import pytest

from tests.helpers.library_data import Cli, colour_folder
from tests.helpers.paths import REPO
from tests.helpers.synthetic_bundle import colour_photo

TIMEOUT = 90.0


def _next_event(stream: IO[str], deadline: float) -> dict[str, Any]:
    line = stream.readline()
    assert line, "clipview watch ended early"
    assert time.monotonic() < deadline
    event: dict[str, Any] = json.loads(line)
    return event


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
def test_watch_indexes_changes_and_stops_cleanly(tmp_path: Path, colour_bundle: Path,
                                                 stop_signal: signal.Signals) -> None:
    photos = tmp_path / "photos"
    made = colour_folder(photos, {"red": 2, "blue": 2})
    cli = Cli(tmp_path / "home", colour_bundle)
    env = {**os.environ, "CLIPVIEW_HOME": str(cli.home), "CLIPVIEW_MODEL": str(colour_bundle),
           "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "clipview", "watch", str(photos), "--settle", "0.3", "--json"],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + TIMEOUT
        catch_up = _next_event(process.stdout, deadline)
        assert (catch_up["event"], catch_up["indexed"]) == ("indexed", 4)
        watching = _next_event(process.stdout, deadline)
        assert watching["event"] == "watching"
        assert [f["mode"] for f in watching["folders"]] == ["native"]
        new = colour_photo(photos / "set0" / "green_new.png", "green")
        changed = _next_event(process.stdout, deadline)
        assert (changed["event"], changed["indexed"]) == ("indexed", 1)
        assert str(new.parent.resolve()) in changed["dirs"]
        process.send_signal(stop_signal)
        out, err = process.communicate(timeout=TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0, err
    assert json.loads(out.splitlines()[-1])["event"] == "stopped"
    assert "Traceback" not in err
    status = cli.json("status")
    assert status["images"] == sum(len(v) for v in made.values()) + 1
    assert cli.run("check").returncode == 0


@pytest.mark.parametrize("poll", ["1e-9", "0.1", "nan", "inf"])
def test_a_poll_interval_that_would_burn_cpu_is_a_usage_error(tmp_path: Path,
                                                              colour_bundle: Path,
                                                              poll: str) -> None:
    result = Cli(tmp_path / "home", colour_bundle).run("watch", "--poll", poll, check=False,
                                                       timeout=60)
    assert result.returncode == 2 and "usage:" in result.stderr, result.stderr
    assert "--poll" in result.stderr.strip().splitlines()[-1]
    assert not (tmp_path / "home").exists()  # refused before the library is opened
