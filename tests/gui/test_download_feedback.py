"""The first-run download's feedback (issue 17, item 12): speed and time left while it runs,
"cancelled" at once after Cancel, on a slow line (the hub on 127.0.0.1, throttled)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from huggingface_hub import constants
from PySide6.QtWidgets import QMainWindow
from pytestqt.qtbot import QtBot

from clipview.core.models import catalogue as model_catalogue
from clipview.core.models.store import ModelStore
from clipview.gui.first_run import FirstRunDialog
from tests.helpers.hub_server import HubServer

CPU = model_catalogue.recommended("cpu")


@pytest.fixture()
def slow_hub(colour_bundle: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    with HubServer() as server:
        big = bytes(range(256)) * (16 << 10)   # 4 MB at 0.5 MB/s: eight seconds
        server.state.add_folder(CPU.repo, colour_bundle, extra={"visual/extra.onnx": big})
        server.state.throttle = 500_000
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
        yield server


@pytest.fixture()
def first_run(qtbot: QtBot, tmp_path: Path) -> Iterator[FirstRunDialog]:
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    dialog = FirstRunDialog(ModelStore(tmp_path / "home"), window, gpu=False)
    dialog.show()
    yield dialog
    dialog.shutdown()


def test_speed_and_time_left_show_and_cancel_says_so_at_once(
        qtbot: QtBot, slow_hub: HubServer, first_run: FirstRunDialog) -> None:
    first_run.download_button.click()
    qtbot.waitUntil(lambda: "MB/s" in first_run.status.text(), timeout=20000)
    text = first_run.status.text()
    assert text.startswith("Downloading ") and " left" in text and "about " in text
    asked = time.monotonic()
    with qtbot.waitSignal(first_run.downloads.cancelled, timeout=1000):
        first_run.cancel_button.click()
        assert first_run.status.text() == "Cancelling the download…"   # said at once
        assert not first_run.cancel_button.isEnabled()
    assert first_run.status.text() == "Download cancelled."
    assert time.monotonic() - asked < 1.0
    qtbot.waitUntil(lambda: not first_run.downloads.busy, timeout=1000)
    assert first_run.download_button.isEnabled()
    assert first_run.download_button.text() == "Resume download"
