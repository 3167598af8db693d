"""GUI heartbeat: the real window (offscreen), a 10 ms timer on the GUI thread, p99 and
max gap while it indexes photos with the ViT-B/32 bundle, and while it scrolls a grid of
100 000 results. Run by run.py in its own process:

    QT_QPA_PLATFORM=offscreen python -m tests.benchmarks.bench_gui HOME BUNDLE PHOTOS
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import numpy as np


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from clipview.core.search.search import SearchResult
    from clipview.gui.controller import Options
    from clipview.gui.launch import build, start

    home, bundle, photos = (Path(a) for a in sys.argv[1:4])
    app = QApplication.instance() or QApplication([])
    store = QSettings(str(home.parent / "gui-settings.ini"), QSettings.Format.IniFormat)
    options = Options(home, str(bundle), "cpu")
    window, controller = build(options, store)
    window.resize(1400, 900)
    window.show()
    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    def wait(condition, timeout: float) -> None:  # type: ignore[no-untyped-def]
        ends = time.monotonic() + timeout
        while not condition() and time.monotonic() < ends:
            app.processEvents()
            time.sleep(0.002)

    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(beat)
    indexed = []
    controller.indexingFinished.connect(lambda summary: indexed.append(summary))
    start(window, controller, options, store)
    wait(lambda: len(indexed) >= 1, 120)  # opening runs a first (empty) pass
    heartbeat.start()
    last[0] = time.perf_counter()
    controller.add_folders([str(photos)])  # what dropping the folder does
    window.search.run("a dog on a beach")  # queries and thumbnails run during indexing
    wait(lambda: len(indexed) >= 2, 600)
    indexing = list(gaps)
    gaps.clear()
    fake = [SearchResult(i, str(home / f"missing-{i}.jpg"), 1.0 - i / 200000, None)
            for i in range(100_000)]
    controller.model.set_results(fake)
    bar = window.view.verticalScrollBar()
    steps = [0]

    def scroll() -> None:  # a wheel step per frame, down the grid and round again
        steps[0] += 1
        bar.setValue(0 if bar.value() >= bar.maximum() else bar.value() + bar.singleStep() * 3)

    scroller = QTimer()
    scroller.setInterval(16)
    scroller.timeout.connect(scroll)
    wait(lambda: window.view.indexAt(window.view.rect().center()).isValid(), 30)
    gaps.clear()
    last[0] = time.perf_counter()
    scroller.start()
    wait(lambda: False, 8)
    scroller.stop()
    step = steps[0]
    scrolling = list(gaps)
    heartbeat.stop()
    controller.shutdown()
    print(json.dumps({"indexing": _stats(indexing), "scrolling": _stats(scrolling),
                      "indexed": [getattr(s, "indexed", None) for s in indexed],
                      "scroll_steps": step}))


def _stats(gaps: list[float]) -> dict[str, float | int | None]:
    if not gaps:
        return {"p99_ms": None, "max_ms": None, "beats": 0}
    values = np.asarray(gaps) * 1000
    return {"p99_ms": round(float(np.percentile(values, 99)), 1),
            "max_ms": round(float(values.max()), 1), "beats": len(values)}


if __name__ == "__main__":
    main()
