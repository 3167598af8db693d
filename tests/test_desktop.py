"""The menu entry, icons and metainfo: shipped files validate, `clipview desktop-install`
writes them into $XDG_DATA_HOME (CLI in a subprocess) and `--uninstall` takes them away."""

from __future__ import annotations

import fnmatch
import mimetypes
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from clipview import desktop
from clipview.core.media.scanner import MEDIA_SUFFIXES, RAW_SUFFIXES
from clipview.desktop import APP_ID, ICON_SIZES, install, planned_files, resource_dir, uninstall
from tests.helpers.paths import REPO

SHIPPED_DESKTOP = resource_dir() / f"{APP_ID}.desktop"
SHIPPED_METAINFO = resource_dir() / f"{APP_ID}.metainfo.xml"


def entry(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if "=" in line)


def exec_argv(value: str) -> list[str]:
    """Undo the file format's and the Exec key's escaping (spec: "The Exec key"): string
    escapes first, then arguments split on spaces, double-quoted ones unescaped."""
    text = re.sub(r"\\(.)", lambda m: {"s": " ", "n": "\n", "t": "\t", "r": "\r"}.get(
        m.group(1), m.group(1)), value)
    pattern = r'"((?:[^"\\]|\\[\\"`$])*)"|(\S+)'
    return [re.sub(r'\\([\\"`$])', r"\1", quoted) if quoted else bare
            for quoted, bare in re.findall(pattern, text)]


def run_cli(*args: str, data_home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "XDG_DATA_HOME": str(data_home), "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "clipview", *args], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("path", [SHIPPED_DESKTOP], ids=["shipped"])
def test_desktop_file_validates(path: Path) -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate not installed (apt-get install desktop-file-utils)")
    result = subprocess.run([tool, str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_metainfo_validates() -> None:
    tool = shutil.which("appstreamcli")
    if tool is None:
        pytest.skip("appstreamcli not installed (apt-get install appstream)")
    result = subprocess.run([tool, "validate", "--no-net", str(SHIPPED_METAINFO)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_shipped_files_agree_with_each_other() -> None:
    fields = entry(SHIPPED_DESKTOP)
    assert fields["Exec"] == "clipview %F" and fields["Icon"] == APP_ID
    assert fields["StartupWMClass"] == "clipview"  # Qt's WM_CLASS: the application name
    assert fields["GenericName"] == "Photo Search"
    assert set(fields["Categories"].strip(";").split(";")) >= {"Graphics", "Photography",
                                                               "Viewer"}
    assert {"image/jpeg", "image/png", "image/heic", "inode/directory"} <= set(
        fields["MimeType"].strip(";").split(";"))
    root = ET.parse(SHIPPED_METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    for image in root.iter("image"):  # screenshots are the README's, in the repository
        name = image.text.rsplit("/resources/screenshots/", 1)[1]  # type: ignore[union-attr]
        assert (REPO / "resources" / "screenshots" / name).is_file(), name


# MIME types of the suffixes Python's own table does not know (camera RAW files, HEIF and
# AVIF): the names shared-mime-info registers; for .3fr .erf .iiq .rwl .srw, which it does
# not (2.2), the names other tables use
EXPLICIT_MIME = {
    ".cr2": "image/x-canon-cr2", ".cr3": "image/x-canon-cr3", ".crw": "image/x-canon-crw",
    ".nef": "image/x-nikon-nef", ".nrw": "image/x-nikon-nrw", ".arw": "image/x-sony-arw",
    ".srf": "image/x-sony-srf", ".sr2": "image/x-sony-sr2", ".dng": "image/x-adobe-dng",
    ".raf": "image/x-fuji-raf", ".orf": "image/x-olympus-orf", ".rw2": "image/x-panasonic-rw2",
    ".pef": "image/x-pentax-pef", ".srw": "image/x-samsung-srw", ".x3f": "image/x-sigma-x3f",
    ".3fr": "image/x-hasselblad-3fr", ".iiq": "image/x-phaseone-iiq",
    ".rwl": "image/x-leica-rwl", ".erf": "image/x-epson-erf", ".kdc": "image/x-kodak-kdc",
    ".mrw": "image/x-minolta-mrw", ".heic": "image/heic", ".heif": "image/heif",
    ".avif": "image/avif", ".m4v": "video/mp4", ".mkv": "video/x-matroska",
}
SHARED_MIME_INFO = Path("/usr/share/mime/packages/freedesktop.org.xml")


def shared_mime_globs() -> dict[str, set[str]]:
    """suffix → the types the desktop's own MIME database (shared-mime-info) gives it."""
    if not SHARED_MIME_INFO.is_file():
        return {}
    namespace = "{http://www.freedesktop.org/standards/shared-mime-info}"
    found: dict[str, set[str]] = {}
    for kind in ET.parse(SHARED_MIME_INFO).getroot().iter(f"{namespace}mime-type"):
        for glob in kind.iter(f"{namespace}glob"):
            pattern = glob.get("pattern", "").lower()
            if pattern.startswith("*.") and "*" not in pattern[1:]:
                found.setdefault(pattern[1:], set()).add(kind.get("type", ""))
    return found


def mime_types_of(suffix: str, shared: dict[str, set[str]]) -> set[str]:
    python_table = mimetypes.MimeTypes(filenames=())  # Python's own, not /etc/mime.types
    guessed = python_table.guess_type(f"photo{suffix}", strict=False)[0]
    return ({guessed} if guessed else set()) | shared.get(suffix, set()) | (
        {EXPLICIT_MIME[suffix]} if suffix in EXPLICIT_MIME else set())


def test_every_suffix_clipview_indexes_opens_with_it() -> None:
    """Photos, RAW files and videos: "Open with" offers clipview for all it indexes."""
    declared = set(entry(SHIPPED_DESKTOP)["MimeType"].strip(";").split(";"))
    shared = shared_mime_globs()
    missing = {}
    for suffix in sorted(MEDIA_SUFFIXES):
        types = mime_types_of(suffix, shared)
        assert types, f"no MIME type known for {suffix}: add it to EXPLICIT_MIME"
        if not types <= declared:
            missing[suffix] = sorted(types - declared)
    assert not missing, missing
    assert {"image/x-dcraw", "inode/directory"} <= declared  # RAW files known only as RAW
    assert EXPLICIT_MIME.keys() >= RAW_SUFFIXES


def test_icons_exist_at_every_size_and_are_drawn() -> None:
    for size in ICON_SIZES:
        with Image.open(resource_dir() / "icons" / str(size) / f"{APP_ID}.png") as icon:
            assert icon.size == (size, size) and icon.mode == "RGBA"
            alpha = icon.getchannel("A")
            assert alpha.getextrema() == (0, 255)  # transparent corners, an opaque plate


def test_package_data_ships_every_installed_file() -> None:
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["clipview"]
    package = REPO / "clipview"
    sources = [SHIPPED_DESKTOP] + [s for s in planned_files(Path("/x")).values() if s]
    for source in sources:
        relative = source.relative_to(package).as_posix()
        assert any(fnmatch.fnmatch(relative, pattern) for pattern in globs), relative


def test_cli_installs_into_xdg_data_home_and_uninstalls(tmp_path: Path) -> None:
    data = tmp_path / "data"
    result = run_cli("desktop-install", data_home=data)
    assert result.returncode == 0, result.stderr
    installed = data / "applications" / f"{APP_ID}.desktop"
    argv = exec_argv(entry(installed)["Exec"])
    assert argv[-1] == "%F"
    program = Path(argv[0])
    assert program.is_absolute() and os.access(program, os.X_OK), argv
    started = subprocess.run([*argv[:-1], "--version"], capture_output=True, text=True,
                             env={**os.environ, "PYTHONPATH": str(REPO)}, timeout=120)
    assert started.stdout.startswith("clipview "), started.stderr
    for size in ICON_SIZES:
        png = data / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert png.read_bytes() == (resource_dir() / "icons" / str(size) /
                                    f"{APP_ID}.png").read_bytes()
    assert (data / "icons/hicolor/scalable/apps" / f"{APP_ID}.svg").is_file()
    assert (data / "metainfo" / f"{APP_ID}.metainfo.xml").read_bytes() == \
        SHIPPED_METAINFO.read_bytes()
    removed = run_cli("desktop-install", "--uninstall", data_home=data)
    assert removed.returncode == 0 and "removed 11 files" in removed.stdout, removed
    assert not [p for p in data.rglob(f"{APP_ID}*")]


def test_exec_path_with_spaces_and_quotes_round_trips(tmp_path: Path) -> None:
    odd = '/opt/my apps/clip "view" $HOME\\bin'
    install(tmp_path, exec_path=odd)
    installed = tmp_path / "applications" / f"{APP_ID}.desktop"
    assert exec_argv(entry(installed)["Exec"]) == [odd, "%F"]
    tool = shutil.which("desktop-file-validate")
    if tool is not None:
        result = subprocess.run([tool, str(installed)], capture_output=True, text=True)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_uninstall_removes_only_its_own_files(tmp_path: Path) -> None:
    other = tmp_path / "icons" / "hicolor" / "48x48" / "apps" / "other-app.png"
    other.parent.mkdir(parents=True)
    other.write_bytes(b"not ours")
    written = install(tmp_path, exec_path="/usr/bin/clipview")
    assert len(written) == len(ICON_SIZES) + 3
    assert sorted(uninstall(tmp_path)) == sorted(written)
    assert other.read_bytes() == b"not ours"
    assert uninstall(tmp_path) == []  # nothing left: nothing to do, no error


def test_data_home_follows_xdg_rules(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert desktop.xdg_data_home() == tmp_path
    monkeypatch.setenv("XDG_DATA_HOME", "relative/dir")  # the spec says: ignore it
    assert desktop.xdg_data_home() == Path.home() / ".local" / "share"
    assert desktop.xdg_data_home(tmp_path / "x") == tmp_path / "x"


def test_a_frozen_app_points_the_menu_at_itself(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    frozen = tmp_path / "dist" / "clipview"
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(frozen))
    assert desktop.running_command() == [str(frozen)]


def test_an_appimage_points_the_menu_at_the_appimage(monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    """Inside an AppImage the executable lies in a mount that goes away when it quits: the
    menu entry starts the AppImage file itself (its runtime sets $APPIMAGE)."""
    appimage = tmp_path / "clipview-0.1.0-x86_64.AppImage"
    appimage.write_bytes(b"\x7fELF")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", "/tmp/.mount_clipviXYZ/usr/lib/clipview/clipview")
    monkeypatch.setenv("APPIMAGE", str(appimage))
    assert desktop.running_command() == [str(appimage)]
    monkeypatch.setenv("APPIMAGE", "relative.AppImage")   # not a path a menu can start
    assert desktop.running_command() == ["/tmp/.mount_clipviXYZ/usr/lib/clipview/clipview"]


def test_an_unwritable_data_home_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(desktop.DesktopInstallError, match="cannot install the menu entry"):
        install(blocker, exec_path="/usr/bin/clipview")
