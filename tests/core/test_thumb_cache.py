"""clipview's thumbnail cache: a cap kept by evicting the entries served least recently,
counted without a scan on every write, keyed so that an edited file's entry is never
served, removing nothing but its own entries, and only slower on a read-only or full disk."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest

from clipview.core.media import thumb_cache
from clipview.core.media.file_stamp import stamp_of
from clipview.core.media.thumb_cache import (
    LOW_WATER,
    TOUCH_AFTER_S,
    ThumbCache,
    entry_key,
    entry_path,
)

ENTRY = 1000   # bytes of each test entry


def _fill(root: Path, count: int) -> list[str]:
    """``count`` entries of ENTRY bytes, k0 served longest ago (an hour apart each)."""
    cache = ThumbCache(root, cap_bytes=1 << 40)
    keys = [f"k{i}" for i in range(count)]
    now = time.time()
    for i, key in enumerate(keys):
        cache.store(key, bytes([i]) * ENTRY)
        age = now - 3600.0 * (count - i)
        os.utime(entry_path(root, key), (age, age))
    return keys


def _kept(root: Path, keys: list[str]) -> list[str]:
    return [key for key in keys if entry_path(root, key).is_file()]


def _on_disk(root: Path) -> int:
    return sum(path.stat().st_size for path in root.rglob("*.jpg"))


def test_eviction_keeps_the_cap_and_evicts_the_least_recently_served_first(
        tmp_path: Path) -> None:
    keys = _fill(tmp_path / "thumbs", 20)
    cache = ThumbCache(tmp_path / "thumbs", cap_bytes=10 * ENTRY)
    assert cache.read("k0") == bytes([0]) * ENTRY and cache.read("k1") is not None  # served
    removed = cache.trim()
    kept = _kept(tmp_path / "thumbs", keys)
    # down to LOW_WATER of the cap: the two served and the 7 made last stay
    assert kept == ["k0", "k1"] + [f"k{i}" for i in range(13, 20)]
    assert removed == 11 * ENTRY
    assert cache.total == _on_disk(tmp_path / "thumbs") == 9 * ENTRY
    assert cache.total <= LOW_WATER * cache.cap_bytes


def test_a_served_entry_survives_a_trim(tmp_path: Path) -> None:
    keys = _fill(tmp_path / "thumbs", 2)   # k0 older than k1
    cache = ThumbCache(tmp_path / "thumbs", cap_bytes=ENTRY + ENTRY // 2)
    before = entry_path(tmp_path / "thumbs", "k0").stat().st_mtime
    assert cache.read("k0") is not None
    assert entry_path(tmp_path / "thumbs", "k0").stat().st_mtime > before + TOUCH_AFTER_S
    cache.trim()
    assert _kept(tmp_path / "thumbs", keys) == ["k0"]


def test_storing_over_the_cap_trims_in_the_background_without_a_scan_per_write(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ThumbCache(tmp_path / "thumbs", cap_bytes=10 * ENTRY)
    scans: list[int] = []
    counted = ThumbCache.entries
    monkeypatch.setattr(ThumbCache, "entries", lambda self: scans.append(1) or counted(self))
    for i in range(10):
        cache.store(f"k{i}", b"x" * ENTRY)
    assert scans == [] and cache.total == 10 * ENTRY   # at the cap: counted, not scanned
    for i in range(10, 40):
        cache.store(f"k{i}", b"x" * ENTRY)
    cache.wait(timeout=30)
    assert 1 <= len(scans) <= 20          # a scan per trim (a tenth of the cap), not per write
    assert _on_disk(tmp_path / "thumbs") <= cache.cap_bytes
    cache.trim()   # a count is exact (the running total may count a file stored mid-scan twice)
    assert cache.total == _on_disk(tmp_path / "thumbs")
    cache.close()


def test_the_startup_count_finds_what_an_earlier_run_left(tmp_path: Path) -> None:
    keys = _fill(tmp_path / "thumbs", 12)
    cache = ThumbCache(tmp_path / "thumbs", cap_bytes=10 * ENTRY)
    cache.start()   # counted and trimmed on its own thread
    cache.wait(timeout=30)
    assert _kept(tmp_path / "thumbs", keys) == [f"k{i}" for i in range(3, 12)]
    assert cache.total == 9 * ENTRY
    cache.close()


def _rewrite_keeping_mtime(path: Path, data: bytes) -> None:
    """Edit ``path`` and put its mtime back (``cp -p``, ``touch -r``): only the ctime
    tells; it is set again until the clock's tick has moved on."""
    before = path.stat()
    path.write_bytes(data)
    deadline = time.monotonic() + 5
    while os.stat(path).st_ctime_ns == before.st_ctime_ns and time.monotonic() < deadline:
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert after.st_ctime_ns != before.st_ctime_ns


def test_an_edited_file_is_never_served_its_old_entry(tmp_path: Path) -> None:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"old content")
    recorded = stamp_of(photo.stat())   # what the catalog recorded when it indexed it
    cache = ThumbCache(tmp_path / "thumbs")
    by_path = entry_key(str(photo), 128)
    by_digest = entry_key(str(photo), 128, None, "d" * 32, recorded)
    assert by_path is not None and by_digest is not None and by_path != by_digest
    cache.store(by_path, b"thumbnail of the old content")
    cache.store(by_digest, b"thumbnail of the old content")
    _rewrite_keeping_mtime(photo, b"new content")
    now_by_path = entry_key(str(photo), 128)
    assert now_by_path not in (None, by_path) and cache.read(now_by_path) is None
    # the catalog's digest is of the old content: not used while the file differs from it
    assert entry_key(str(photo), 128, None, "d" * 32, recorded) == now_by_path
    cache.store(now_by_path, b"thumbnail of the new content")   # made again
    assert cache.read(now_by_path) == b"thumbnail of the new content"
    photo.unlink()   # offline: the catalog's digest is all there is to go by
    assert entry_key(str(photo), 128, None, "d" * 32, recorded) == by_digest
    assert entry_key(str(photo), 128) is None


def test_a_catalog_without_ctime_keys_by_the_file_while_it_is_there(tmp_path: Path) -> None:
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"content")
    older = stamp_of(photo.stat())._replace(ctime_ns=None)   # an older clipview's record
    assert entry_key(str(photo), 128, None, "d" * 32, older) == entry_key(str(photo), 128)


def test_a_trim_removes_only_its_own_entries(tmp_path: Path) -> None:
    root, outside = tmp_path / "thumbs", tmp_path / "outside"
    outside.mkdir()
    keys = _fill(root, 3)
    name = "ab" * 20 + ".jpg"
    victims = [outside / name, root / "notes.txt", root / "zz" / name]
    for path in victims + [root / "cd" / "readme.txt"]:
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"y" * ENTRY)
    os.utime(outside / name, (1.0, 1.0))                          # older than every entry
    (root / "ef").symlink_to(outside, target_is_directory=True)   # a folder link: not followed
    (root / "cd" / name).symlink_to(outside / name)               # a file link: left alone
    stale = root / "cd" / f".{name}.123.456.tmp"                  # a dead writer's temporary
    fresh = root / "cd" / f".{'cd' * 20}.jpg.124.457.tmp"         # one being written now
    for path in (stale, fresh):
        path.write_bytes(b"t")
    os.utime(stale, (1.0, 1.0))
    cache = ThumbCache(root, cap_bytes=1)
    assert {entry.path for entry in cache.entries()} == {entry_path(root, k) for k in keys}
    cache.trim()
    assert _kept(root, keys) == []
    assert all(path.is_file() for path in victims + [root / "cd" / "readme.txt", fresh])
    assert (root / "cd" / name).is_symlink() and (root / "ef").is_symlink()
    assert not stale.exists()


def test_a_full_disk_costs_speed_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      caplog: pytest.LogCaptureFixture) -> None:
    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(thumb_cache, "replace_file", full)
    cache = ThumbCache(tmp_path / "thumbs", cap_bytes=ENTRY)
    for i in range(3):
        cache.store(f"k{i}", b"x" * ENTRY)   # logged, not raised
    assert cache.read("k0") is None and cache.total == 0
    assert sum("cannot write the thumbnail cache" in r.message for r in caplog.records) == 1


def test_a_read_only_cache_is_served_and_its_trim_ends(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    keys = _fill(tmp_path / "thumbs", 3)

    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(thumb_cache.os, "utime", read_only)
    monkeypatch.setattr(thumb_cache.os, "unlink", read_only)
    cache = ThumbCache(tmp_path / "thumbs", cap_bytes=ENTRY)
    assert cache.read("k0") == bytes([0]) * ENTRY   # served, its mtime not renewed
    cache.start()
    cache.wait(timeout=30)   # the trim removed nothing, logged it and ended
    assert _kept(tmp_path / "thumbs", keys) == keys and cache.total == 3 * ENTRY
    cache.close()


def test_a_missing_cache_folder_is_an_empty_cache(tmp_path: Path) -> None:
    cache = ThumbCache(tmp_path / "nowhere" / "thumbs", cap_bytes=ENTRY)
    assert cache.entries() == [] and cache.trim() == 0 and cache.read("k") is None
    with pytest.raises(ValueError):
        ThumbCache(tmp_path, cap_bytes=0)
