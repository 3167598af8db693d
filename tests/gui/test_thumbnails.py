"""Thumbnails: made off the GUI thread, cached on disk, invalidated by mtime."""

from __future__ import annotations

import os
from pathlib import Path

from PIL import Image

from clipview.gui.thumbnails import ThumbnailLoader, cache_file, make_thumbnail, tier_for
from tests.helpers.synthetic_bundle import colour_photo


def test_tiers() -> None:
    assert [tier_for(s) for s in (64, 128, 129, 300, 900)] == [128, 128, 256, 512, 512]


def test_disk_cache_and_mtime_invalidation(tmp_path: Path) -> None:
    photo = colour_photo(tmp_path / "p.jpg", "red", size=(800, 600))
    image = make_thumbnail(str(photo), 128, tmp_path / "cache")
    assert (image.width(), image.height()) == (128, 96)
    first = cache_file(tmp_path / "cache", str(photo), 128)
    assert first is not None and first.is_file()
    os.utime(photo, ns=(10**18, 10**18))
    second = cache_file(tmp_path / "cache", str(photo), 128)
    assert second != first and not second.is_file()  # type: ignore[union-attr]


def test_exif_orientation_in_thumbnails(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.new("RGB", (300, 200), (0, 0, 255)).save(tmp_path / "r.jpg", exif=exif)
    image = make_thumbnail(str(tmp_path / "r.jpg"), 128, None)
    assert image.width() < image.height()


def test_loader_delivers_and_drops_old_requests(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    loader = ThumbnailLoader(tmp_path / "cache", threads=1)
    photo = colour_photo(tmp_path / "a.png", "green")
    assert loader.pixmap(str(photo), 128) is None  # not yet: asked the pool
    with qtbot.waitSignal(loader.ready, timeout=10000) as ready:
        pass
    assert ready.args == [str(photo)]
    assert loader.pixmap(str(photo), 128) is not None
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"nope")
    with qtbot.waitSignal(loader.ready, timeout=10000):
        loader.pixmap(str(bad), 128)
    assert loader.is_broken(str(bad))
    others = [colour_photo(tmp_path / f"o{i}.png", "red", seed=i) for i in range(50)]
    for path in others:
        loader.pixmap(str(path), 256)
    loader.new_generation()  # a new query: the queued requests are dropped
    loader.wait_idle()
    qtbot.wait(50)
    delivered = [p for p in others if loader.pixmap(str(p), 256) is not None]
    assert len(delivered) < len(others)
    loader.shutdown()
