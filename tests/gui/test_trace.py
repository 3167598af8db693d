"""CLIPVIEW_TRACE: the marks the app benchmark reads (bench_app) — results shown, freezes of
the GUI thread, the shutdown — and nothing at all without the variable."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from clipview.core.search.search import SearchResult
from clipview.gui import trace
from clipview.gui.controller import Controller
from clipview.gui.main_window import MainWindow


def _events(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_the_trace_marks_answers_and_freezes(  # type: ignore[no-untyped-def]
        qtbot, app_window: tuple[MainWindow, Controller], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window, controller = app_window
    path = tmp_path / "trace.jsonl"
    monkeypatch.setenv(trace.TRACE_VARIABLE, str(path))
    marks = trace.attach(window, controller)
    assert marks is not None
    qtbot.wait(50)   # the heartbeat runs
    time.sleep(0.3)  # the GUI thread is blocked: a gap of about 300 ms
    qtbot.wait(50)
    rows = [SearchResult(i, str(tmp_path / f"p{i}.jpg"), 0.0, 1e9) for i in range(3)]
    controller.model.set_results(rows, "browse")
    controller.grid.resultsShown.emit(3)
    qtbot.waitUntil(lambda: any(e["event"] == "painted" for e in _events(path)), timeout=5000)
    marks.stop()
    events = _events(path)
    assert events[0]["event"] == "start" and events[-1]["event"] == "shutdown"
    gaps = [float(str(e["ms"])) for e in events if e["event"] == "gap"]
    assert gaps and 250 < max(gaps) < 2000
    assert any(e["event"] == "results" and e["mode"] == "browse" and e["tiles"] == 3
               for e in events)


def test_no_trace_without_the_variable(  # type: ignore[no-untyped-def]
        app_window: tuple[MainWindow, Controller], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(trace.TRACE_VARIABLE, raising=False)
    assert trace.attach(*app_window) is None
