"""The GUI thread keeps running while a few hundred real photos are indexed."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import numpy as np
from PIL import Image
from PySide6.QtCore import QTimer

from clipview.gui.controller import Controller
from clipview.gui.main_window import MainWindow
from tests.gui.test_app import drop_urls


def test_heartbeat_never_stalls_while_indexing(qtbot, app_window: tuple[MainWindow, Controller],  # type: ignore[no-untyped-def]
                                               shared_photos: Path, tmp_path: Path) -> None:
    window, controller = app_window
    folder = tmp_path / "photos"  # links to 300 real JPEGs and 40 copies of 3 MP PNGs
    for source in sorted(shared_photos.rglob("*.jpg"))[:300]:
        target = folder / source.parent.name / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(source)
    y, x = np.mgrid[0:1500, 0:2000]
    big = []
    for i in range(4):
        pixels = np.stack([(x + i) % 256, (2 * y) % 256, ((x + y) // 3) % 256], -1)
        big.append(tmp_path / f"big{i}.png")
        Image.fromarray(pixels.astype(np.uint8)).save(big[-1], compress_level=1)
    (folder / "large").mkdir()
    for n in range(40):   # copies: links to one file are one photo
        shutil.copyfile(big[n % len(big)], folder / "large" / f"scan{n:03d}.png")
    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer()
    heartbeat.setInterval(10)
    heartbeat.timeout.connect(beat)
    heartbeat.start()
    with qtbot.waitSignal(controller.indexingFinished, timeout=120000) as finished:
        drop_urls(window, [folder])
        window.search.run("orange")  # queries and thumbnails run during indexing too
    heartbeat.stop()
    assert finished.args[0].indexed == 340
    print(f"heartbeat: {len(gaps)} beats, max gap {max(gaps) * 1000:.0f} ms")
    assert len(gaps) >= 10 and max(gaps) < 0.200
    shutil.rmtree(folder)
