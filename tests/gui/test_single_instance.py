"""One app per library: a later launch hands its paths to the running window over a private
local socket (its message, its name, a stale socket, what the window does with the paths).
Two real processes: tests/e2e/test_single_instance.py."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from clipview.gui.controller import Controller
from clipview.gui.launch import follow_launches, serve
from clipview.gui.main_window import MainWindow
from clipview.gui.single_instance import (
    Handover,
    HandoverError,
    HandoverServer,
    claim,
    decode,
    encode,
    socket_name,
)
from tests.gui.test_app import index_folder, shown_colours
from tests.gui.test_open_with import OFFSCREEN_DIALOG, answer_question
from tests.helpers.library_data import colour_folder
from tests.helpers.synthetic_bundle import colour_photo

Window = tuple[MainWindow, Controller]
# the offscreen platform cannot raise a window: its note is not a problem of the app
NO_RAISE = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture()
def runtime(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private runtime folder of this test (short: a socket's path has ~100 bytes)."""
    folder = Path(tempfile.mkdtemp(prefix="cv-", dir="/tmp"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_the_message_is_one_line_of_json_with_absolute_paths(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    line = encode(Handover(("a.jpg", "sub/b.png", "file:///x/c%20d.jpg"), "cats", "token-1"))
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert json.loads(line)["protocol"] == 1
    assert decode(line.rstrip(b"\n")) == Handover(
        (str(tmp_path / "a.jpg"), str(tmp_path / "sub" / "b.png"), "file:///x/c%20d.jpg"),
        "cats", "token-1")


@pytest.mark.parametrize("line", [b"\xff\xfe", b"not json", b"[1, 2]",
                                  b'{"protocol": 2, "paths": []}',
                                  b'{"protocol": 1, "paths": "a.jpg"}',
                                  b'{"protocol": 1, "paths": [1]}',
                                  b'{"protocol": 1, "paths": [], "query": 3}'])
def test_other_messages_are_refused(line: bytes) -> None:
    with pytest.raises(HandoverError):
        decode(line)


def test_the_socket_name_follows_the_library_home(runtime: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (tmp_path / "link").symlink_to(home)
    name = socket_name(home)
    assert Path(name).parent == runtime
    assert socket_name(home / ".") == socket_name(tmp_path / "link") == name
    assert socket_name(tmp_path / "other") != name


def test_inside_a_flatpak_the_instances_share_the_apps_runtime_folder(
        runtime: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLATPAK_ID", "io.github.clipview.clipview")
    assert Path(socket_name(tmp_path)).parent == runtime   # no shared folder: the sandbox's
    shared = runtime / "app" / "io.github.clipview.clipview"
    shared.mkdir(parents=True)
    assert Path(socket_name(tmp_path)).parent == shared
    monkeypatch.setenv("FLATPAK_ID", "../elsewhere")
    assert Path(socket_name(tmp_path)).parent == runtime


def _stale_socket(path: str) -> None:
    """What an app killed with SIGKILL leaves: a socket file nobody listens on."""
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead.bind(path)
    dead.close()


def test_a_stale_socket_does_not_stop_a_launch_and_the_new_one_is_private(
        qtbot, runtime: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    _stale_socket(socket_name(home))
    first = claim(home, Handover())
    assert not first.handed_over   # nobody answered: this launch is the app
    server = HandoverServer(first.name)
    assert server.listen(first.lock)
    mode = os.stat(server.server.fullServerName()).st_mode
    assert stat.S_ISSOCK(mode) and stat.S_IMODE(mode) & 0o077 == 0
    got: list[Handover] = []
    server.received.connect(got.append)
    photo = str(tmp_path / "p.jpg")
    assert claim(home, Handover((photo,))).handed_over
    qtbot.waitUntil(lambda: got == [Handover((photo,))], timeout=5000)
    server.close()
    assert not os.path.exists(first.name)


def _serve(home: Path, window: MainWindow, controller: Controller) -> HandoverServer:
    """What launch() does when no app runs on ``home``."""
    server = serve(claim(home, Handover()), QApplication.instance())  # type: ignore[arg-type]
    assert server is not None
    follow_launches(server, window, controller)
    return server


@NO_RAISE
def test_a_photo_from_a_later_launch_is_searched_in_the_running_window(
        qtbot, app_window: Window, runtime: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, controller = app_window
    colour_folder(tmp_path / "photos")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    server = _serve(controller.options.home, window, controller)
    window.showMinimized()
    probe = colour_photo(tmp_path / "elsewhere" / "probe.png", "green", seed=77)
    assert claim(controller.options.home, Handover((str(probe),))).handed_over
    qtbot.waitUntil(lambda: window.refs.texts() == ["probe.png"]   # as `clipview probe.png`
                    and shown_colours(controller)[:4] == ["green"] * 4, timeout=10000)
    qtbot.waitUntil(lambda: not window.isMinimized() and window.isActiveWindow())
    server.close()


@NO_RAISE
@OFFSCREEN_DIALOG
def test_a_folder_from_a_later_launch_is_offered_for_indexing(
        qtbot, app_window: Window, runtime: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, controller = app_window
    colour_folder(tmp_path / "photos")
    server = _serve(controller.options.home, window, controller)
    seen: list[str] = []
    answer_question("Index", seen)
    with qtbot.waitSignal(controller.indexingFinished, timeout=60000):
        assert claim(controller.options.home,
                     Handover((str(tmp_path / "photos"),))).handed_over
    assert seen[0].startswith("Index this folder?\n" + str(tmp_path / "photos"))
    assert [f for f in controller.session.library().folders()] == [str(tmp_path / "photos")]  # type: ignore[union-attr]
    server.close()
