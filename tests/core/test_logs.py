"""Where clipview keeps things, and its log: a private rotating file, stderr on request."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from logging.handlers import RotatingFileHandler
from pathlib import Path

import pytest

from clipview.core import logs, paths


@pytest.fixture
def log_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "state" / "log"
    monkeypatch.setenv("CLIPVIEW_LOG_DIR", str(folder))
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield folder
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.getLogger("clipview").setLevel(logging.NOTSET)


def _ours() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if getattr(h, "_clipview", False)]


def test_configure_writes_a_private_rotating_file(log_folder: Path) -> None:
    path = logs.configure(stderr=False)
    assert path == logs.log_file() == log_folder / "clipview.log"
    logging.getLogger("clipview.test").info("hello from the test")
    logging.getLogger("clipview.test").debug("not without verbose")
    for handler in _ours():
        handler.flush()
    text = path.read_text()
    assert "hello from the test" in text and "not without verbose" not in text
    assert log_folder.stat().st_mode & 0o777 == 0o700
    assert path.stat().st_mode & 0o777 == 0o600
    [handler] = _ours()
    assert isinstance(handler, RotatingFileHandler)
    assert (handler.maxBytes, handler.backupCount) == (1_000_000, 3)
    handler.doRollover()
    assert (log_folder / "clipview.log.1").stat().st_mode & 0o777 == 0o600
    assert path.stat().st_mode & 0o777 == 0o600


def test_verbose_and_stderr(log_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    logs.configure(verbose=True, stderr=True)
    logs.configure(verbose=True, stderr=True)  # again: handlers replaced, not doubled
    assert len(_ours()) == 2
    logging.getLogger("clipview.test").debug("details")
    assert "details" in capsys.readouterr().err
    for handler in _ours():
        handler.flush()
    assert "details" in logs.log_file().read_text()


def test_unwritable_log_dir_does_not_stop_the_program(tmp_path: Path, log_folder: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder should be")
    monkeypatch.setenv("CLIPVIEW_LOG_DIR", str(blocker / "log"))
    assert logs.configure(stderr=False) == blocker / "log" / "clipview.log"
    logging.getLogger("clipview.test").warning("goes nowhere, raises nothing")


def test_paths_follow_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLIPVIEW_HOME", str(tmp_path / "lib"))
    monkeypatch.setenv("CLIPVIEW_LOG_DIR", str(tmp_path / "logs"))
    assert paths.default_home() == tmp_path / "lib"
    assert paths.log_dir() == tmp_path / "logs"
    monkeypatch.delenv("CLIPVIEW_HOME")
    monkeypatch.delenv("CLIPVIEW_LOG_DIR")
    assert paths.default_home().name == "clipview"
    assert "clipview" in paths.log_dir().parts and "clipview" in paths.cache_dir().parts


def test_no_home_folder_logs_inside_the_library_given_else_nowhere(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HOME", "CLIPVIEW_HOME", "CLIPVIEW_LOG_DIR", "XDG_STATE_HOME",
                 "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # no passwd entry either
    monkeypatch.setattr(paths, "_fallback", [])
    with pytest.raises(paths.NoHomeError, match="--home"):
        paths.default_home()
    assert logs.configure(stderr=False) is None  # no file, and the program goes on
    logging.getLogger("clipview.test").warning("goes nowhere, raises nothing")
    paths.use_library_home(tmp_path / "lib")
    assert paths.cache_dir() == tmp_path / "lib" / "cache"
    assert logs.configure(stderr=False) == tmp_path / "lib" / "logs" / "clipview.log"
