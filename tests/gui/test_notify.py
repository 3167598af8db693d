"""Desktop notifications: a long job that ends while the window is not seen is told to the
notification service on the session bus (a private dbus-daemon and a stand-in service
here), with exactly the signature real servers check; one that ends in view is not; no bus
or no service is a line in the log."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from clipview.core.models.quantize import Int8Progress
from clipview.core.progress import CancelToken, IndexSummary
from clipview.desktop import APP_ID
from clipview.gui import notify
from clipview.gui.controller import Controller
from clipview.gui.jobs import Job, JobKind, once
from clipview.gui.main_window import MainWindow
from clipview.gui.session_bus import BusError, Notification, bus_address
from tests.helpers.library_data import colour_folder
from tests.helpers.paths import REPO

Window = tuple[MainWindow, Controller]
BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={folder}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


@pytest.fixture()
def session_bus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private session bus (no service files: nothing real is started on it)."""
    daemon_program = shutil.which("dbus-daemon")
    if daemon_program is None:
        pytest.skip("dbus-daemon is not installed (Debian/Ubuntu: apt-get install dbus-daemon)")
    folder = tmp_path / "daemon"
    folder.mkdir()
    config = tmp_path / "bus.conf"
    config.write_text(BUS_CONFIG.format(folder=folder), encoding="utf-8")
    daemon = subprocess.Popen([daemon_program, f"--config-file={config}", "--print-address",
                               "--nofork"], stdout=subprocess.PIPE, text=True)
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    yield address
    daemon.kill()
    daemon.communicate()


@pytest.fixture()
def notifications(session_bus: str, tmp_path: Path) -> Iterator[Path]:
    """The stand-in notification service on the private bus; the file of its calls."""
    record = tmp_path / "notify.jsonl"
    service = subprocess.Popen([sys.executable, "-m", "tests.helpers.fake_notifications",
                                str(record)], cwd=REPO, stdout=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(REPO),
                                    "QT_QPA_PLATFORM": "offscreen"})
    assert service.stdout is not None
    assert service.stdout.readline().strip() == "ready"
    yield record
    service.kill()
    service.communicate()


def calls(record: Path) -> list[dict[str, Any]]:
    if not record.exists():
        return []
    return [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]


def index(qtbot, controller: Controller, folder: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(controller.indexingFinished, timeout=60000):
        controller.add_folders([str(folder)])


def test_indexing_that_ends_unseen_is_notified(qtbot, app_window: Window, tmp_path: Path,  # type: ignore[no-untyped-def]
                                               notifications: Path) -> None:
    window, controller = app_window
    notify.attach(window, controller)
    window.hide()   # as minimised, or another app in front
    colour_folder(tmp_path / "photos")
    index(qtbot, controller, tmp_path / "photos")
    qtbot.waitUntil(lambda: bool(calls(notifications)), timeout=10000)
    [call] = calls(notifications)
    assert call["signature"] == "susssasa{sv}i"   # what GDBus-based servers insist on
    assert (call["app_name"], call["replaces_id"], call["icon"]) == ("clipview", 0, APP_ID)
    assert call["summary"] == "Indexing finished: 22 photos"
    assert call["body"] == "Up to date: 22 new" and call["timeout"] == -1


def test_an_end_seen_in_the_window_is_not_notified(qtbot, app_window: Window,  # type: ignore[no-untyped-def]
                                                   tmp_path: Path, notifications: Path) -> None:
    window, controller = app_window
    notify.attach(window, controller)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    colour_folder(tmp_path / "seen", {"red": 2})
    index(qtbot, controller, tmp_path / "seen")
    window.showMinimized()
    colour_folder(tmp_path / "unseen", {"blue": 3})
    index(qtbot, controller, tmp_path / "unseen")
    qtbot.waitUntil(lambda: bool(calls(notifications)), timeout=10000)
    # sent in order, one after the other: the first run's would be in the file before
    assert [c["summary"] for c in calls(notifications)] == ["Indexing finished: 3 photos"]


def test_a_model_installed_unseen_is_notified(qtbot, app_window: Window,  # type: ignore[no-untyped-def]
                                              colour_bundle: Path, notifications: Path) -> None:
    window, controller = app_window
    notify.attach(window, controller)
    window.hide()
    downloads = controller.models.downloads
    with qtbot.waitSignal(downloads.installed, timeout=60000):
        assert downloads.start(str(colour_bundle), name="colour-copy")
    qtbot.waitUntil(lambda: bool(calls(notifications)), timeout=10000)
    assert [(c["summary"], c["body"]) for c in calls(notifications)] == [
        ("Model download finished", "colour-copy is installed")]


def _logged(caplog: pytest.LogCaptureFixture, text: str) -> bool:
    return any(text in r.getMessage() and r.levelno == logging.INFO for r in caplog.records)


def test_no_service_or_no_bus_is_a_line_in_the_log(qtbot, session_bus: str, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                   caplog: pytest.LogCaptureFixture,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    caplog.set_level(logging.INFO, logger="clipview.gui.notify")
    note = Notification("clipview", APP_ID, "Indexing finished: 1 photo")
    notify.send_in_background(note)   # a bus, nobody serving notifications on it
    qtbot.waitUntil(lambda: _logged(caplog, "org.freedesktop.DBus.Error.ServiceUnknown"))
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS")
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))   # no bus there either
    with pytest.raises(BusError):
        bus_address()
    notify.send_in_background(note)
    qtbot.waitUntil(lambda: _logged(caplog, "no session bus"))
    assert QApplication.activeModalWidget() is None   # never a dialog


def _job(kind: JobKind, label: str = "") -> Job[Any]:
    return Job(kind, once(lambda _library, _token: None), CancelToken(), label)


def test_what_each_end_says(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    notifier = notify.Notifier(window, send=lambda note: None)
    indexed = _job(JobKind.INDEX)
    indexed.result, indexed.done = IndexSummary(indexed=1, unchanged=5), True
    assert notifier.ending(indexed) == ("Indexing finished: 1 photo", "Up to date: 1 new")
    nothing_new = _job(JobKind.INDEX)
    nothing_new.result, nothing_new.done = IndexSummary(unchanged=6), True
    failed = _job(JobKind.INDEX)
    failed.error = "Indexing failed: the disk is full"
    assert notifier.ending(nothing_new) is None
    assert notifier.ending(failed) == ("Indexing failed: the disk is full", "")
    recorded, made = _job(JobKind.INT8, "ViT-B-32"), _job(JobKind.INT8, "ViT-B-32")
    notifier.progressed(recorded, Int8Progress("done", 1, 1))   # read from the record
    for step in (Int8Progress("quantising", 0, 9, "the image encoder"),
                 Int8Progress("done", 1, 1)):
        notifier.progressed(made, step)
    recorded.done = made.done = True
    assert notifier.ending(recorded) is None
    assert notifier.ending(made) == ("ViT-B-32 runs in fp32 on this CPU: no int8 copy", "")
    built, cancelled = _job(JobKind.BUILD), _job(JobKind.BUILD)
    built.result, built.done = IndexSummary(indexed=4), True
    cancelled.result, cancelled.done = IndexSummary(indexed=1, cancelled=True), True
    cancelled.token.cancel()
    assert notifier.ending(built) == ("The new model's vectors are built", "")
    assert notifier.ending(cancelled) is None
    watched = _job(JobKind.WATCH)
    watched.result, watched.done = IndexSummary(indexed=3), True
    assert notifier.ending(watched) is None   # the watched folders' updates are no news
