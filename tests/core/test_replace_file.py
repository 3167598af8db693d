"""``replace_file``: the one way a file is replaced atomically (settings, stamps, manifests,
pasted images, thumbnails, menu entries)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from clipview.core import private_files
from clipview.core.private_files import replace_file


def test_a_file_is_replaced_whole_and_private(tmp_path: Path) -> None:
    target = tmp_path / "settings.json"
    target.write_text("old")
    replace_file(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert os.listdir(tmp_path) == ["settings.json"]   # no temporary left


def test_a_failed_replace_keeps_the_old_file_and_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "manifest.json"
    target.write_text("old")

    def refuse(source: object, destination: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(private_files.os, "replace", refuse)
    with pytest.raises(OSError):
        replace_file(target, b"new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["manifest.json"]


def test_a_cache_file_is_not_synced_and_a_shared_one_gets_its_mode(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[int] = []
    monkeypatch.setattr(private_files.os, "fsync", synced.append)
    replace_file(tmp_path / "thumb.jpg", b"jpeg", durable=False)
    assert synced == []
    replace_file(tmp_path / "app.desktop", b"[Desktop Entry]", mode=0o644)
    assert len(synced) == 1
    assert stat.S_IMODE((tmp_path / "app.desktop").stat().st_mode) == 0o644
