"""The real app, spawned to a screen and timed from outside (issue 20, "Opening a big
library"): a virtual X display (Xvfb) with a window manager (openbox), ``clipview`` started
as a person starts it, ``CLIPVIEW_TRACE`` marks read back (``clipview.gui.trace``), and the
quit driven with the real keyboard shortcut (xdotool sends Ctrl+Q to the focused window).

- ``timeline_s``: from spawning the process to the timeline's first screen painted.
- ``first_answer_s``: from spawning ``clipview --query …`` to its first answer painted.
- ``max_gap_ms``: the GUI thread's longest freeze (heartbeat) from the window shown until
  ``SETTLE_S`` after the first screen (the graph loads in the background meanwhile).
- ``quit_s``: from the Ctrl+Q key press to the process's end, while the library opens
  (its graph loading), while the int8 copy is made and while 12 MP photos are encoded.
- ``rss_mb``: the app's resident memory (now and peak) ``SETTLE_S`` after the first screen,
  the graph read by then.

Each library runs in its own scratch settings, cache and log folders; the int8 decision is
recorded as fp32 for the big library (its vectors are fp32: the app must not re-encode it).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from tests.benchmarks.bench_data import ROOT, say

SETTLE_S = 15.0        # watched this long after the first screen: the graph is read by then
QUERY = "a dog running on a beach"
Event = dict[str, Any]


@contextlib.contextmanager
def screen(number: int = 87) -> Iterator[dict[str, str]]:
    """An X display with a window manager; yields the environment that uses it."""
    display = f":{number}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1600x1000x24", "-nolisten",
                             "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = dict(os.environ) | {"DISPLAY": display}
    env.pop("QT_QPA_PLATFORM", None)
    time.sleep(1.0)
    wm = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    try:
        yield env
    finally:
        for process in (wm, xvfb):
            process.terminate()
            process.wait(10)


def scratch_env(env: dict[str, str], scratch: Path, home: Path) -> dict[str, str]:
    """Own settings, cache and logs for one library's runs (kept between its runs)."""
    return env | {"XDG_CONFIG_HOME": str(scratch / "config"),
                  "XDG_CACHE_HOME": str(scratch / "cache"),
                  "CLIPVIEW_LOG_DIR": str(scratch / "logs"), "CLIPVIEW_HOME": str(home),
                  "PYTHONPATH": str(ROOT)}


def record_fp32(bundle: Path, env: dict[str, str]) -> None:
    """Record "fp32" as the int8 decision in ``env``'s cache: no int8 job, no re-encoding."""
    code = ("import sys; from clipview.core.models import precision as p; "
            "from clipview.core.models.bundle import load_bundle; b = load_bundle(sys.argv[1]); "
            "slot = p.int8_root() / p.identity(b); slot.mkdir(parents=True, exist_ok=True); "
            "p.record(slot, p.fp32(b, 'benchmark: fp32 vectors'))")
    subprocess.run([sys.executable, "-c", code, str(bundle)], env=env, check=True, cwd=ROOT)


def make_int8(bundle: Path, env: dict[str, str]) -> None:
    """Make (or find) the int8 copy in ``env``'s cache, as the app would in the background."""
    code = ("import sys; from clipview.core.models.bundle import load_bundle; "
            "from clipview.core.models.quantize import make_int8; "
            "[None for _ in make_int8(load_bundle(sys.argv[1]))]")
    subprocess.run([sys.executable, "-c", code, str(bundle)], env=env, check=True, cwd=ROOT)


class App:
    """One spawned app and its trace."""

    def __init__(self, bundle: Path, env: dict[str, str], trace: Path,
                 query: str | None = None) -> None:
        trace.unlink(missing_ok=True)
        self.trace = trace
        command = [sys.executable, "-m", "clipview", "--model", str(bundle)]
        command += ["--query", query] if query else []
        self.spawned = time.time()
        self.process = subprocess.Popen(command, env=env | {"CLIPVIEW_TRACE": str(trace)},
                                        cwd=ROOT, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)

    def events(self) -> list[Event]:
        if not self.trace.exists():
            return []
        lines = self.trace.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.endswith("}")]

    def wait_for(self, wanted: Callable[[Event], bool], timeout: float) -> Event | None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            found = next((e for e in self.events() if wanted(e)), None)
            if found is not None:
                return found
            time.sleep(0.05)
        return None

    def quit(self, env: dict[str, str]) -> float | None:
        """Ctrl+Q to the app's window (activated first, not timed); seconds to its end."""
        window = _window_of(self.process.pid, env)
        if window is None:
            self.kill()
            return None
        subprocess.run(["xdotool", "windowactivate", window], env=env, check=False,
                       capture_output=True)
        time.sleep(0.5)
        pressed = time.monotonic()
        subprocess.run(["xdotool", "key", "--clearmodifiers", "ctrl+q"], env=env, check=False)
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.kill()
            return None
        return time.monotonic() - pressed

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(10)


def _window_of(pid: int, env: dict[str, str]) -> str | None:
    for _ in range(50):
        found = subprocess.run(["xdotool", "search", "--pid", str(pid), "--onlyvisible",
                                "--name", "clipview"], env=env, capture_output=True, text=True)
        ids = found.stdout.split()
        if ids:
            return ids[-1]
        time.sleep(0.1)
    return None


def _painted(mode: str) -> Callable[[Event], bool]:
    return lambda e: e["event"] == "painted" and e["mode"] == mode and e["tiles"] > 0


def open_big(bundle: Path, home: Path, scratch: Path, env: dict[str, str]) -> dict[str, Any]:
    """Timeline, first answer, longest freeze and quit on an existing library."""
    env = scratch_env(env, scratch, home)
    record_fp32(bundle, env)
    trace = scratch / "trace.jsonl"
    app = App(bundle, env, trace)
    first = app.wait_for(_painted("browse"), 120)
    timeline = None if first is None else round(first["t"] - app.spawned, 2)
    time.sleep(SETTLE_S)
    gaps = _gaps(app.events(), first)
    rss = _rss_mb(app.process.pid)   # the timeline shown, the graph read by now
    quit_s = app.quit(env)
    answer = App(bundle, env, trace, query=QUERY)
    found = answer.wait_for(_painted("search"), 120)
    first_answer = None if found is None else round(found["t"] - answer.spawned, 2)
    answer.quit(env)
    return {"timeline_s": timeline, "first_answer_s": first_answer, "max_gap_ms": gaps,
            "quit_s_opening": None if quit_s is None else round(quit_s, 2), "rss_mb": rss}


def _rss_mb(pid: int) -> dict[str, float] | None:
    """The process's resident memory now and at its peak (VmRSS, VmHWM), in MB."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines()
    except OSError:
        return None
    fields = {line.split(":")[0]: line.split()[1] for line in lines if line.startswith("Vm")}
    return {"now": round(int(fields["VmRSS"]) / 1024, 1),
            "peak": round(int(fields["VmHWM"]) / 1024, 1)}


def _gaps(events: list[Event], first: Event | None) -> float | None:
    """The longest heartbeat gap from the window's start up to now (None: never shown)."""
    if first is None:
        return None
    return max((e["ms"] for e in events if e["event"] == "gap"), default=0.0)


def quit_while_indexing(bundle: Path, photos: Path, scratch: Path,
                        env: dict[str, str]) -> dict[str, Any]:
    """Quit while the int8 copy is made (a fresh cache), then while 12 MP photos are
    encoded (the copy made): seconds from Ctrl+Q to the end, each."""
    shutil.rmtree(scratch, ignore_errors=True)
    home = scratch / "home"
    env = scratch_env(env, scratch, home)
    add = ("import sys; from clipview.core.library.folders import open_shelf; "
           "lib = open_shelf(sys.argv[1]); "
           "lib.add_folder(sys.argv[2]); lib.close()")
    subprocess.run([sys.executable, "-c", add, str(home), str(photos)], env=env, check=True,
                   cwd=ROOT)
    measured: dict[str, Any] = {}
    for name in ("quit_s_making_int8", "quit_s_indexing"):
        if name == "quit_s_indexing":
            make_int8(bundle, env)
        app = App(bundle, env, scratch / "trace.jsonl")
        if name == "quit_s_indexing":   # photos being encoded
            app.wait_for(lambda e: e["event"] == "encoding" and 0 < e["done"] < e["total"], 120)
        else:   # the int8 job (quantising) is busy 2 s after the first screen
            app.wait_for(lambda e: e["event"] == "results", 60)
            time.sleep(2.0)
        seconds = app.quit(env)
        measured[name] = None if seconds is None else round(seconds, 2)
        say(f"app: {name} {measured[name]}")
    return measured


def main() -> None:
    bundle, home, photos, scratch = (Path(a) for a in sys.argv[1:5])
    with screen() as env:
        big = open_big(bundle, home, scratch / "big", env)
        say(f"app: {big}")
        busy = quit_while_indexing(bundle, photos, scratch / "busy", env)
    print(json.dumps(big | busy))


if __name__ == "__main__":
    main()
