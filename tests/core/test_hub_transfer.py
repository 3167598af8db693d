"""The download loop (issue 17, item 12): a cancel is noticed at once, the speed and the
time left are reported, and huggingface_hub's own lines never reach the terminal."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from huggingface_hub import constants

from clipview.core.models import hub
from clipview.core.models.store import ModelStore
from clipview.core.progress import CancelToken
from tests.helpers.hub_server import HubServer

REPO = "immich-app/colour"


@pytest.fixture()
def server(colour_bundle: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    with HubServer() as running:
        big = bytes(range(256)) * (8 << 10)   # 2 MB: long enough to watch its speed
        running.state.add_folder(REPO, colour_bundle, extra={"visual/extra.onnx": big})
        monkeypatch.setenv("HF_ENDPOINT", running.url)
        monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
        yield running


def test_cancel_ends_the_download_at_once_on_a_slow_line(server: HubServer,
                                                         tmp_path: Path) -> None:
    server.state.throttle = 400_000   # 0.4 MB/s: the 2 MB file takes five seconds
    token = CancelToken()
    steps = hub.download(REPO, tmp_path / "staging", cancel=token)
    for step in steps:
        if step.phase == "downloading" and step.file == "visual/extra.onnx" \
                and step.done_bytes > 0:
            break
    asked = time.monotonic()
    token.cancel()
    with pytest.raises(hub.DownloadCancelled):
        next(steps)
    assert time.monotonic() - asked < 0.5


def test_the_download_reports_a_smoothed_speed_and_time_left(server: HubServer,
                                                             tmp_path: Path) -> None:
    server.state.throttle = 2_000_000
    steps = [s for s in ModelStore(tmp_path / "home").install(REPO)
             if s.phase == "downloading"]
    rated = [s for s in steps if s.bytes_per_s > 0]
    assert rated and all(0.3e6 < s.bytes_per_s < 8e6 for s in rated)   # about 2 MB/s
    left = [s.seconds_left for s in rated]
    assert all(x is not None and x >= 0 for x in left) and left[0] > left[-1]  # type: ignore


def test_transfer_rate_smooths_samples() -> None:
    now = [0.0]
    rate = hub.TransferRate(clock=lambda: now[0])
    for second in range(1, 5):
        now[0] = second * 1.0
        rate.add(1_000_000)
    assert rate.value == pytest.approx(1e6)
    now[0] = 5.0
    assert rate.add(5_000_000) == pytest.approx(0.3 * 5e6 + 0.7 * 1e6)   # not a jump to 5


def test_a_resumed_download_writes_nothing_to_the_terminal(
        server: HubServer, tmp_path: Path, capfd: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    from huggingface_hub.utils import logging as hub_logging

    hub_logging._configure_library_root_logger()   # as huggingface_hub does on import
    monkeypatch.setattr("huggingface_hub.file_download.time.sleep", lambda s: None)
    server.state.drop_once.add(f"{REPO}:visual/extra.onnx")   # cut half-way: resumed
    with caplog.at_level(logging.INFO, logger="clipview"):
        steps = list(ModelStore(tmp_path / "home").install(REPO))
    assert steps[-1].model is not None   # resumed and installed
    assert any("range" in h for h in server.state.gets("/visual/extra.onnx"))
    err = capfd.readouterr().err
    assert "Error while downloading" not in err and "resume" not in err.lower(), err
    assert any("Trying to resume" in r.getMessage() for r in caplog.records)   # in our log
