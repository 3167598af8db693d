"""Thumbnails: made off the GUI thread, cached on disk by the catalog's digest (an offline
photo still has its thumbnail), else invalidated by mtime; failed ones asked again."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from PIL import Image

from clipview.core.catalog.digests import FileFacts
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


def _facts(path: Path, digest: str = "d" * 32) -> FileFacts:
    info = path.stat()
    return FileFacts(1, digest, info.st_size, info.st_mtime_ns)


def test_an_offline_photo_is_found_by_its_catalog_digest(tmp_path: Path) -> None:
    photo = colour_photo(tmp_path / "drive" / "p.jpg", "red", size=(800, 600))
    facts = _facts(photo)
    made = make_thumbnail(str(photo), 128, tmp_path / "cache", facts=facts)
    stored = cache_file(tmp_path / "cache", str(photo), 128, facts=facts)
    assert stored is not None and stored.is_file()
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600   # private, as every cache file
    (tmp_path / "drive").rename(tmp_path / "unplugged")   # the folder is offline now
    assert cache_file(tmp_path / "cache", str(photo), 128) is None  # no file, no facts
    assert cache_file(tmp_path / "cache", str(photo), 128, facts=facts) == stored
    shown = make_thumbnail(str(photo), 128, tmp_path / "cache", facts=facts)
    assert (shown.width(), shown.height()) == (made.width(), made.height())
    moved = tmp_path / "unplugged" / "p.jpg"
    assert cache_file(tmp_path / "cache", str(moved), 128, facts=facts) == stored  # same bytes
    assert cache_file(tmp_path / "cache", str(moved), 256, facts=facts) != stored
    assert cache_file(tmp_path / "cache", str(moved), 128, 2.0, facts) != stored  # a frame


def test_a_file_changed_since_indexing_is_not_keyed_by_its_old_digest(tmp_path: Path) -> None:
    photo = colour_photo(tmp_path / "p.jpg", "red")
    facts = _facts(photo)
    by_digest = cache_file(tmp_path / "cache", str(photo), 128, facts=facts)
    colour_photo(photo, "blue", size=(50, 40))   # rewritten, not indexed again yet
    os.utime(photo, ns=(10**18, 10**18))
    now = cache_file(tmp_path / "cache", str(photo), 128, facts=facts)
    assert now is not None and now != by_digest
    assert now == cache_file(tmp_path / "cache", str(photo), 128)   # by path and mtime


def test_failed_thumbnails_are_asked_again_on_retry(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    photo = colour_photo(tmp_path / "drive" / "a.png", "green")
    other = colour_photo(tmp_path / "elsewhere" / "b.png", "red")
    (tmp_path / "drive").rename(tmp_path / "away")
    other.unlink()
    loader = ThumbnailLoader(tmp_path / "cache", threads=1,
                             facts=lambda path: None)
    for path in (photo, other):
        with qtbot.waitSignal(loader.ready, timeout=10000):
            assert loader.pixmap(str(path), 128) is None
        assert loader.is_broken(str(path))
    (tmp_path / "away").rename(tmp_path / "drive")   # back
    with qtbot.waitSignal(loader.ready, timeout=10000) as repaint:
        loader.retry(str(tmp_path / "drive"))
    assert repaint.args == [str(photo)] and loader.is_broken(str(other))
    with qtbot.waitSignal(loader.ready, timeout=10000):
        assert loader.pixmap(str(photo), 128) is None   # asked again
    assert loader.pixmap(str(photo), 128) is not None and not loader.is_broken(str(photo))
    loader.shutdown()
