"""The graph loads off the GUI thread (issue 20): while its read is held, the window stays
live — its timers fire, a search is answered (from the mapped file) and shown — and the
read runs on the index's own thread, never on the GUI's."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer

import clipview
from clipview.core.search import vector_index
from clipview.gui.controller import Options
from tests.gui.test_app import open_window, search, shown_colours
from tests.helpers.library_data import colour_folder, run_index


def test_the_window_answers_while_the_graph_loads(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, colour_bundle: Path, store: QSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vector_index, "EXACT_BELOW", 0)   # a small library, read as a big one
    monkeypatch.setattr(vector_index, "GRAPH_GRACE_S", 0.0)
    home = tmp_path / "home"
    colour_folder(tmp_path / "photos")
    with clipview.open_library(home, colour_bundle, "cpu") as library:
        library.add_folder(tmp_path / "photos")
        run_index(library)
    release, readers = threading.Event(), []
    real_read = vector_index.read_graph

    def held_read(*args: object, **kwargs: object) -> object:
        readers.append(threading.current_thread())
        assert release.wait(30)
        return real_read(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(vector_index, "read_graph", held_read)
    try:
        window, controller = open_window(qtbot, Options(home, str(colour_bundle), "cpu"), store)
        search(qtbot, window, controller, "red")   # the first search starts the graph's read
        qtbot.waitUntil(lambda: bool(readers), timeout=20000)
        ticks: list[int] = []
        timer = QTimer()
        timer.timeout.connect(lambda: ticks.append(1))
        timer.start(10)
        qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=5000)   # the event loop runs
        search(qtbot, window, controller, "blue")   # answered while the read is held
        assert shown_colours(controller)[:3] == ["blue"] * 3
        library = controller.session.library()
        assert library is not None and not library.vectors.graph_loaded
        assert readers[0] is not threading.main_thread()
        timer.stop()
    finally:
        release.set()
    qtbot.waitUntil(lambda: library.vectors.graph_loaded, timeout=20000)
    search(qtbot, window, controller, "green")
    assert shown_colours(controller)[:3] == ["green"] * 3
    controller.shutdown()
