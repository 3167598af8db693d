"""Library files are private whatever the umask: folders 0700, files 0600; a home that
others could read is tightened on open (and the log says so)."""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

import clipview
from clipview.core import logs
from clipview.core.models.settings import Settings, save_settings
from tests.helpers.synthetic_bundle import colour_photo


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture()
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_library_files_are_private(tmp_path: Path, colour_bundle: Path, umask_022: None,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    colour_photo(tmp_path / "photos" / "red.png", "red")
    home = tmp_path / "home"
    with clipview.open_library(home, colour_bundle, device="cpu") as library:
        library.add_folder(tmp_path / "photos")
        for _ in library.index():
            pass
        save_settings(home, Settings(model="x"))
        open_files = [home / "catalog.sqlite", home / "catalog.sqlite-wal",
                      home / "catalog.sqlite-shm", home / "library.lock",
                      home / "settings.json", library.vectors.path,
                      library.vectors.stamp_path]
        assert {str(p): mode(p) for p in open_files} == {str(p): 0o600 for p in open_files}
        assert mode(home) == 0o700 and mode(library.vectors.path.parent) == 0o700
    monkeypatch.setenv("CLIPVIEW_LOG_DIR", str(tmp_path / "logs" / "clipview"))
    root = logging.getLogger()
    try:
        log = logs.configure(stderr=False)
        logging.getLogger("clipview.test").info("written")
        assert mode(log.parent) == 0o700 and mode(log) == 0o600
    finally:
        for handler in [h for h in root.handlers if getattr(h, "_clipview", False)]:
            root.removeHandler(handler)
            handler.close()


def test_a_home_others_can_read_is_tightened(tmp_path: Path, colour_bundle: Path,
                                             umask_022: None,
                                             caplog: pytest.LogCaptureFixture) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    with clipview.open_library(home, colour_bundle, device="cpu"):
        pass
    (home / "catalog.sqlite").chmod(0o644)
    with caplog.at_level(logging.WARNING), \
            clipview.open_library(home, colour_bundle, device="cpu"):
        pass
    assert mode(home) == 0o700 and mode(home / "catalog.sqlite") == 0o600
    messages = " ".join(r.getMessage() for r in caplog.records)
    assert "made it private" in messages and str(home / "catalog.sqlite") in messages
