"""Menu entry and icons for pip installs: writes the .desktop file, the icons and the AppStream
metainfo into the XDG user data directory (``$XDG_DATA_HOME``, default ``~/.local/share``).

No Qt here: the CLI's ``clipview desktop-install [--uninstall]`` calls :func:`install` and
:func:`uninstall`; the frozen app's tarball carries the same files laid out for ``~/.local``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from clipview.core.errors import ClipviewError
from clipview.core.paths import expand_user
from clipview.core.private_files import replace_file

APP_ID = "io.github.clipview.clipview"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# characters that make the Desktop Entry spec require a quoted Exec argument
_RESERVED = re.compile(r"[\s\"'\\><~|&;$*?#()`]")

log = logging.getLogger(__name__)


class DesktopInstallError(ClipviewError):
    """The menu entry could not be written or removed."""


def resource_dir() -> Path:
    """The desktop files shipped inside the package (wheel, editable install or frozen app)."""
    return Path(__file__).resolve().parent / "resources"


def xdg_data_home(explicit: Path | None = None) -> Path:
    """``explicit``, else ``$XDG_DATA_HOME`` when absolute (the spec ignores relative ones),
    else ``~/.local/share``."""
    if explicit is not None:
        return expand_user(explicit)
    env = os.environ.get("XDG_DATA_HOME", "")
    if env and os.path.isabs(env):
        return Path(env)
    return expand_user("~/.local/share", hint="set HOME, or XDG_DATA_HOME to a full path, "
                       "for the menu entry")


def running_command() -> list[str]:
    """How to start the clipview that is running now: the AppImage it runs from (its runtime
    sets ``$APPIMAGE``; the executable is inside a mount that goes away), the frozen
    executable, the ``clipview`` console script, else ``python -m clipview``."""
    if getattr(sys, "frozen", False):
        appimage = os.environ.get("APPIMAGE", "")
        if os.path.isabs(appimage) and os.path.isfile(appimage):
            return [appimage]
        return [os.path.abspath(sys.executable)]
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "clipview" and script.is_file():
        return [str(script.resolve())]
    found = shutil.which("clipview")
    if found:
        return [os.path.abspath(found)]
    return [os.path.abspath(sys.executable), "-m", "clipview"]


def quote_exec_arg(arg: str) -> str:
    """One argument of an Exec key: quoted and escaped as the Desktop Entry spec says, then
    with backslashes doubled once more for the string-value escaping of the file format."""
    if not arg:
        return '""'
    if _RESERVED.search(arg):
        inner = re.sub(r'(["`$\\])', r"\\\1", arg)
        arg = f'"{inner}"'
    return arg.replace("\\", "\\\\")


def desktop_entry(command: list[str]) -> str:
    """The shipped .desktop file with ``Exec`` (and ``TryExec``) pointing at ``command``."""
    template = (resource_dir() / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    exec_value = " ".join(quote_exec_arg(part) for part in command) + " %F"
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={exec_value}"
        elif line.startswith("TryExec="):
            continue
        lines.append(line)
        if line.startswith("Exec=") and os.path.isabs(command[0]):
            lines.append("TryExec=" + command[0].replace("\\", "\\\\"))
    return "\n".join(lines) + "\n"


def planned_files(home: Path) -> dict[Path, Path | None]:
    """Destination → shipped source (None for the generated .desktop file)."""
    icons = resource_dir() / "icons"
    hicolor = home / "icons" / "hicolor"
    files: dict[Path, Path | None] = {
        home / "applications" / f"{APP_ID}.desktop": None,
        home / "metainfo" / f"{APP_ID}.metainfo.xml":
            resource_dir() / f"{APP_ID}.metainfo.xml",
        hicolor / "scalable" / "apps" / f"{APP_ID}.svg": icons / f"{APP_ID}.svg",
    }
    for size in ICON_SIZES:
        files[hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"] = \
            icons / str(size) / f"{APP_ID}.png"
    return files


def install(data_home: Path | None = None, exec_path: str | None = None) -> list[Path]:
    """Write the menu entry, icons and metainfo; returns the files written.

    ``exec_path`` is the program the menu entry starts (default: the running clipview)."""
    home = xdg_data_home(data_home)
    command = [exec_path] if exec_path else running_command()
    if any("\n" in part or "\r" in part for part in command):
        raise DesktopInstallError(f"cannot start a program whose path holds a newline: {command}")
    written = []
    try:
        for target, source in planned_files(home).items():
            data = (desktop_entry(command).encode("utf-8") if source is None
                    else source.read_bytes())
            _write(target, data)
            written.append(target)
    except OSError as exc:
        raise DesktopInstallError(f"cannot install the menu entry into {home}: {exc}") from exc
    _refresh(home)
    return written


def uninstall(data_home: Path | None = None) -> list[Path]:
    """Remove exactly the files :func:`install` writes; returns those that were there."""
    home = xdg_data_home(data_home)
    removed = []
    try:
        for target in planned_files(home):
            if target.is_file() or target.is_symlink():
                target.unlink()
                removed.append(target)
    except OSError as exc:
        raise DesktopInstallError(f"cannot remove the menu entry from {home}: {exc}") from exc
    _refresh(home)
    return removed


def _write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    replace_file(target, data, mode=0o644)  # menus and icons are read by the desktop too


def _refresh(home: Path) -> None:
    """Tell the desktop: the MIME cache for "Open with", and a new mtime for icon caches.
    Both are optional niceties; their absence or failure changes nothing installed."""
    applications = home / "applications"
    tool = shutil.which("update-desktop-database")
    if tool and applications.is_dir():
        try:
            subprocess.run([tool, "-q", str(applications)], check=False, timeout=30,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError) as exc:
            log.info("update-desktop-database failed: %s", exc)
    with contextlib.suppress(OSError):
        os.utime(home / "icons" / "hicolor")
