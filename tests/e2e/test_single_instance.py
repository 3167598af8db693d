"""Two real app processes on one library: the second hands its photo to the first and exits 0
within 2 s; a socket left by an app killed with SIGKILL does not stop the next launch."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers.paths import REPO
from tests.helpers.synthetic_bundle import colour_photo

LOGGER = "INFO clipview.gui.single_instance:"


@pytest.fixture()
def env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """The apps' environment: offscreen, and every user folder inside the test's own."""
    runtime = tempfile.mkdtemp(prefix="cv-", dir="/tmp")   # short: a socket path is short
    yield {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO),
           "XDG_RUNTIME_DIR": runtime, "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "CLIPVIEW_LOG_DIR": str(tmp_path / "log")}
    shutil.rmtree(runtime, ignore_errors=True)


def _app(home: Path, env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "clipview", "--home", str(home), *args],
                            cwd=home.parent, env=env, text=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for_line(env: dict[str, str], text: str, process: subprocess.Popen[str]) -> str:
    """The first line of the log that contains ``text`` (and the process's pid)."""
    log = Path(env["CLIPVIEW_LOG_DIR"]) / "clipview.log"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()[1]
        lines = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
        found = [line for line in lines if f" {process.pid} " in line and text in line]
        if found:
            return found[0]
        time.sleep(0.05)
    raise AssertionError(f"no {text!r} from {process.pid} in {log}")


def _second_launch(home: Path, env: dict[str, str], *paths: str) -> float:
    """Run ``clipview --home HOME PATHS``; how long it took (it must exit 0)."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "clipview", "--home", str(home), *paths],
                          cwd=home.parent, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return time.monotonic() - started


def test_a_second_launch_hands_its_photo_to_the_running_app(
        tmp_path: Path, env: dict[str, str], colour_bundle: Path) -> None:
    home = tmp_path / "home"
    colour_photo(tmp_path / "probe.jpg", "green")
    first = _app(home, env, "--model", str(colour_bundle), "--device", "cpu")
    try:
        _wait_for_line(env, f"{LOGGER} listening for other launches", first)
        took = _second_launch(home, env, "probe.jpg")   # relative to its own folder
        print(f"the second launch took {took:.2f} s")
        assert took < 2.0
        _wait_for_line(env, f"another launch handed over ['{tmp_path / 'probe.jpg'}']", first)
        assert first.poll() is None
    finally:
        first.kill()
        first.communicate()


def test_a_socket_left_by_a_killed_app_does_not_stop_the_next_launch(
        tmp_path: Path, env: dict[str, str]) -> None:
    home = tmp_path / "home"
    first = _app(home, env)
    listening = _wait_for_line(env, f"{LOGGER} listening for other launches at ", first)
    socket_file = Path(listening.rsplit(" at ", 1)[1])
    os.kill(first.pid, signal.SIGKILL)
    first.communicate()
    assert socket_file.is_socket()   # stale: nobody listens on it
    second = _app(home, env)
    try:
        _wait_for_line(env, f"{LOGGER} listening for other launches at {socket_file}", second)
        assert _second_launch(home, env, str(tmp_path)) < 2.0
        _wait_for_line(env, f"another launch handed over ['{tmp_path}']", second)
    finally:
        second.kill()
        second.communicate()
