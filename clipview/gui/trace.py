"""Timing marks of a running app, for the benchmark that spawns it (``bench_app``).

Off unless ``CLIPVIEW_TRACE`` names a file: then the app appends one JSON line per mark,
``{"t": <time.time()>, "event": …}``, so that another process can measure the real app:
``shown`` (the window), ``results`` (each answer the grid shows: its mode and tiles; the
first browse one is the timeline's first screen), ``encoding`` (an index run's reports:
done of total), ``gap`` (the GUI thread did not run its
heartbeat timer for more than ``GAP_MS``: a freeze, with its length), ``shutdown`` (the
workers stopped). Nothing is traced and no timer runs otherwise.
"""

from __future__ import annotations

import json
import logging
import os
import time
from typing import Any

from PySide6.QtCore import QObject, QTimer

from clipview.core.progress import Phase, Progress
from clipview.gui.controller import Controller
from clipview.gui.main_window import MainWindow
from clipview.gui.results_model import BROWSE

logger = logging.getLogger(__name__)

TRACE_VARIABLE = "CLIPVIEW_TRACE"
BEAT_MS = 10    # the heartbeat's interval
GAP_MS = 50     # a longer wait between two beats is written down


class Trace(QObject):
    """Writes the marks to ``path`` (line-buffered: a killed app keeps what it wrote)."""

    def __init__(self, path: str, window: MainWindow, controller: Controller) -> None:
        super().__init__(window)
        self._out = open(path, "a", encoding="utf-8", buffering=1)  # noqa: SIM115 - app-long
        self._last = time.monotonic()
        self._beat = QTimer(self)
        self._beat.setInterval(BEAT_MS)
        self._beat.timeout.connect(self._heartbeat)
        self._beat.start()
        self.controller = controller
        controller.resultsShown.connect(self._results)
        controller.progressShown.connect(self._progress)
        self.mark("start", pid=os.getpid())

    def mark(self, event: str, **fields: Any) -> None:
        try:
            self._out.write(json.dumps({"t": time.time(), "event": event, **fields}) + "\n")
        except (OSError, ValueError):   # a full disk or a closed file: timing is not worth it
            logger.debug("trace mark %s not written", event)

    def _heartbeat(self) -> None:
        now = time.monotonic()
        waited_ms = (now - self._last) * 1000 - BEAT_MS
        self._last = now
        if waited_ms > GAP_MS:
            self.mark("gap", ms=round(waited_ms, 1))

    def _results(self, shown: int) -> None:
        mode = "browse" if self.controller.model.mode == BROWSE else "search"
        self.mark("results", mode=mode, tiles=shown)
        QTimer.singleShot(0, lambda: self.mark("painted", mode=mode, tiles=shown))

    def _progress(self, value: object) -> None:
        if isinstance(value, Progress) and value.phase is Phase.ENCODING:
            self.mark("encoding", done=value.done, total=value.total)

    def stop(self) -> None:
        self._beat.stop()
        self.mark("shutdown")
        self._out.close()


def attach(window: MainWindow, controller: Controller) -> Trace | None:
    """A Trace when ``CLIPVIEW_TRACE`` is set (None otherwise, or when it cannot be opened)."""
    path = os.environ.get(TRACE_VARIABLE)
    if not path:
        return None
    try:
        return Trace(path, window, controller)
    except OSError as exc:
        logger.warning("cannot write the trace %s: %s", path, exc)
        return None
