"""Thumbnails: made off the GUI thread, cached on disk by the catalog's digest (an offline
photo still has its thumbnail), else invalidated by mtime; failed ones asked again; the
desktop's shared thumbnail shown instead of a decode; the disk cache kept under its cap."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from clipview.core.catalog.digests import FileFacts
from clipview.core.media.shared_thumbs import file_uri, thumbnail_name
from clipview.core.media.thumb_cache import ThumbCache
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
    return FileFacts(1, digest, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


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


def _unreadable_photo(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xd8 not a JPEG any decoder reads " * 40)
    return path


def _shared_thumbnail(cache_home: Path, photo: Path, colour: tuple[int, int, int]) -> None:
    """What a file manager leaves in $XDG_CACHE_HOME/thumbnails/normal for ``photo``."""
    meta = PngInfo()
    meta.add_text("Thumb::URI", file_uri(photo))
    meta.add_text("Thumb::MTime", str(int(photo.stat().st_mtime)))
    target = cache_home / "thumbnails" / "normal" / thumbnail_name(file_uri(photo))
    target.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (120, 90), colour).save(target, "PNG", pnginfo=meta)


def test_the_desktops_thumbnail_is_shown_without_decoding_the_photo(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    photo = _unreadable_photo(tmp_path / "photos" / "a b é.jpg")
    _shared_thumbnail(tmp_path / "xdg", photo, (20, 40, 220))
    alone = ThumbnailLoader(tmp_path / "alone", threads=1, shared=False)
    with qtbot.waitSignal(alone.ready, timeout=10000):
        assert alone.pixmap(str(photo), 128) is None
    assert alone.is_broken(str(photo))   # decoding it fails: what follows is the desktop's
    alone.shutdown()
    loader = ThumbnailLoader(tmp_path / "cache", threads=1)
    with qtbot.waitSignal(loader.ready, timeout=10000):
        assert loader.pixmap(str(photo), 128) is None
    shown = loader.pixmap(str(photo), 128)
    assert shown is not None and not loader.is_broken(str(photo))
    image = shown.toImage()
    assert (image.width(), image.height()) == (120, 90)
    blue = image.pixelColor(60, 45)
    assert blue.blue() > 180 and blue.red() < 60
    kept = cache_file(tmp_path / "cache", str(photo), 128)   # kept in clipview's cache too
    assert kept is not None and kept.is_file()
    loader.shutdown()


def test_the_loaders_disk_cache_stays_under_its_cap(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    photos = [colour_photo(tmp_path / f"p{i}.jpg", "red", size=(400, 300), seed=i)
              for i in range(12)]
    cap = 20_000
    loader = ThumbnailLoader(tmp_path / "cache", threads=1, cache_cap=cap, shared=False)
    for photo in photos:
        with qtbot.waitSignal(loader.ready, timeout=10000):
            loader.pixmap(str(photo), 256)
    assert loader.cache is not None
    loader.cache.wait(timeout=30)
    sizes = [p.stat().st_size for p in (tmp_path / "cache").rglob("*.jpg")]
    assert 0 < sum(sizes) <= cap and len(sizes) < len(photos)   # 12 would be over it
    first = cache_file(tmp_path / "cache", str(photos[0]), 256)
    assert first is not None and not first.is_file()   # the oldest, never asked again
    loader.shutdown()


def test_an_offline_photo_shows_its_largest_kept_thumbnail(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    photo = colour_photo(tmp_path / "drive" / "p.jpg", "green", size=(800, 600))
    facts = _facts(photo)
    make_thumbnail(str(photo), 256, tmp_path / "cache", facts=facts)
    (tmp_path / "drive").rename(tmp_path / "unplugged")
    loader = ThumbnailLoader(tmp_path / "cache", threads=1, facts=lambda path: facts,
                             shared=False)
    with qtbot.waitSignal(loader.ready, timeout=10000):
        assert loader.largest_kept(str(photo)) is None
    kept = loader.largest_kept(str(photo))
    assert kept is not None and (kept.width(), kept.height()) == (256, 192)
    loader.shutdown()


def test_a_new_loader_trims_what_an_earlier_run_left(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    earlier = ThumbCache(tmp_path / "cache")
    for i in range(10):
        earlier.store(f"entry {i}", b"x" * 1000)
    loader = ThumbnailLoader(tmp_path / "cache", threads=1, cache_cap=5000, shared=False)
    assert loader.cache is not None
    loader.cache.wait(timeout=30)   # counted and trimmed off the GUI thread, from the start
    assert sum(p.stat().st_size for p in (tmp_path / "cache").rglob("*.jpg")) <= 5000
    loader.shutdown()


def test_a_thumbnail_made_before_encoding_is_found_again_offline(tmp_path: Path) -> None:
    """A photo listed but not yet encoded has no digest: its thumbnail is kept under its path
    and stamp; once the catalog knows the digest, and the drive is unplugged, that one is
    still found (not decoded again from a file that is not there)."""
    from clipview.gui.thumbnails import make_thumbnail

    photo = colour_photo(tmp_path / "drive" / "red.jpg", "red")
    info = photo.stat()
    made = make_thumbnail(str(photo), 128, tmp_path / "cache")   # no facts yet
    facts = FileFacts(1, "digest-known-later", info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    (tmp_path / "drive").rename(tmp_path / "unplugged")
    found = make_thumbnail(str(photo), 128, tmp_path / "cache", facts=facts)
    assert found.size() == made.size() and not found.isNull()
