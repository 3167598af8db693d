"""The thumbnail cache is private (folders 0700, files 0600, whatever the umask) and holds
no sizes above the largest tier."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from clipview.gui.thumbnails import TIERS, cache_file, make_thumbnail
from tests.helpers.synthetic_bundle import colour_photo


def test_cache_files_are_private(tmp_path: Path) -> None:
    photo = colour_photo(tmp_path / "red.png", "red", size=(300, 200))
    old = os.umask(0o022)
    try:
        make_thumbnail(str(photo), 128, tmp_path / "cache")
    finally:
        os.umask(old)
    stored = cache_file(tmp_path / "cache", str(photo), 128)
    assert stored is not None and stored.is_file()
    modes = {p: stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "cache").rglob("*")}
    modes[tmp_path / "cache"] = stat.S_IMODE((tmp_path / "cache").stat().st_mode)
    assert modes == {p: 0o600 if p.is_file() else 0o700 for p in modes}


def test_sizes_above_the_largest_tier_are_not_cached(tmp_path: Path) -> None:
    photo = colour_photo(tmp_path / "red.png", "red", size=(1500, 1000))
    image = make_thumbnail(str(photo), 1024, tmp_path / "cache")
    assert max(image.width(), image.height()) == 1024 and TIERS[-1] < 1024
    assert not (tmp_path / "cache").exists()
