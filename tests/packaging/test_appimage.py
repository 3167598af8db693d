"""The AppImage (``bash packaging/build.sh`` makes ``dist/clipview-<version>-<arch>.AppImage``),
run with an empty environment as a person's double-click would: mounted with FUSE where this
machine has it, and with ``--appimage-extract-and-run`` (what a container or a machine without
FUSE uses). Slow (it indexes and searches), so marked ``slow``; skipped when not built.

    python -m pytest tests/packaging/test_appimage.py -m slow
    CLIPVIEW_APPIMAGE=/path/to/clipview.AppImage python -m pytest ...   # another build
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from clipview import __version__
from tests.helpers.library_data import PALETTE, colour_folder, colour_of
from tests.helpers.paths import REPO
from tests.packaging.frozen_app import bare_env

APP_ID = "io.github.clipview.clipview"


def _built() -> Path | None:
    given = os.environ.get("CLIPVIEW_APPIMAGE")
    if given:
        return Path(given)
    found = sorted((REPO / "dist").glob("clipview-*.AppImage"))
    return found[-1] if found else None


APPIMAGE = _built()
FUSE = os.path.exists("/dev/fuse") and bool(shutil.which("fusermount3")
                                             or shutil.which("fusermount"))
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(APPIMAGE is None or not APPIMAGE.is_file(),
                       reason="no AppImage in dist/: build it with `bash packaging/build.sh` "
                       "(or set CLIPVIEW_APPIMAGE)"),
]
MODES = [pytest.param("fuse", marks=pytest.mark.skipif(not FUSE, reason="no FUSE here")),
         "extract-and-run"]


def appimage(home: Path, mode: str, *args: str, timeout: float = 300
             ) -> subprocess.CompletedProcess[str]:
    """The AppImage with only HOME, offscreen Qt and (extract-and-run) the runtime's switch;
    PATH holds fusermount, which the runtime looks for there."""
    extra = {"PATH": "/usr/bin:/bin"}
    if mode == "extract-and-run":
        extra["APPIMAGE_EXTRACT_AND_RUN"] = "1"
    return subprocess.run([*bare_env(home, **extra), str(APPIMAGE), *args],
                          capture_output=True, text=True, timeout=timeout, cwd=home)


def test_it_is_a_type_2_appimage() -> None:
    assert APPIMAGE is not None
    with APPIMAGE.open("rb") as image:
        head = image.read(16)
    assert head[:4] == b"\x7fELF" and head[8:11] == b"AI\x02"
    assert os.access(APPIMAGE, os.X_OK)


@pytest.mark.parametrize("mode", MODES)
def test_it_indexes_and_answers_a_search(tmp_path: Path, colour_bundle: Path, mode: str) -> None:
    (tmp_path / "home").mkdir()
    colour_folder(tmp_path / "photos")
    options = ["--home", str(tmp_path / "library"), "--model", str(colour_bundle)]
    home = tmp_path / "home"
    version = appimage(home, mode, "--version")
    assert version.returncode == 0 and __version__ in version.stdout, version.stderr
    indexed = appimage(home, mode, "index", str(tmp_path / "photos"), "--json", *options)
    assert indexed.returncode == 0, indexed.stderr
    assert json.loads(indexed.stdout)["indexed"] == sum(PALETTE.values())
    found = appimage(home, mode, "search", "red", "-n", "3", "--json", *options)
    assert found.returncode == 0, found.stderr
    assert [colour_of(hit["path"]) for hit in json.loads(found.stdout)] == ["red"] * 3
    assert not list(tmp_path.rglob("DeveloperTools"))   # no ONNX Runtime telemetry


@pytest.fixture(scope="module")
def listing(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The paths inside the AppImage's squashfs (unsquashfs at the runtime's own offset)."""
    if not shutil.which("unsquashfs"):
        pytest.skip("no unsquashfs (Debian: squashfs-tools)")
    home = tmp_path_factory.mktemp("offset")
    offset = appimage(home, "extract-and-run", "--appimage-offset")
    assert offset.returncode == 0, offset.stderr
    listed = subprocess.run(["unsquashfs", "-o", offset.stdout.strip(), "-lc", str(APPIMAGE)],
                            capture_output=True, text=True, timeout=120, check=True)
    return {line.removeprefix("squashfs-root/") for line in listed.stdout.splitlines()}


def test_it_carries_the_menu_entry_icons_metainfo_and_licences(listing: set[str]) -> None:
    for path in ("AppRun", f"{APP_ID}.desktop", f"{APP_ID}.png", ".DirIcon",
                 f"usr/share/applications/{APP_ID}.desktop",
                 f"usr/share/metainfo/{APP_ID}.metainfo.xml",
                 f"usr/share/icons/hicolor/256x256/apps/{APP_ID}.png",
                 f"usr/share/icons/hicolor/scalable/apps/{APP_ID}.svg",
                 "usr/lib/clipview/clipview",
                 "usr/lib/clipview/_internal/licences/COPYING",
                 "usr/lib/clipview/_internal/licences/index.json"):
        assert path in listing, path


def test_its_menu_entry_is_valid(tmp_path: Path, listing: set[str]) -> None:
    assert APPIMAGE is not None
    if not shutil.which("desktop-file-validate"):
        pytest.skip("no desktop-file-validate (Debian: desktop-file-utils)")
    offset = appimage(tmp_path, "extract-and-run", "--appimage-offset").stdout.strip()
    inside = f"usr/share/applications/{APP_ID}.desktop"
    subprocess.run(["unsquashfs", "-o", offset, "-q", "-d", str(tmp_path / "root"),
                    str(APPIMAGE), inside], capture_output=True, check=True, timeout=120)
    entry = tmp_path / "root" / inside
    text = entry.read_text(encoding="utf-8")
    assert "Exec=clipview %F" in text and f"X-AppImage-Version={__version__}" in text
    validated = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True,
                               text=True, timeout=60)
    assert validated.returncode == 0, validated.stdout + validated.stderr
