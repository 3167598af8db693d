"""The app's face on the desktop: the window icon, and the desktop file name that Wayland
compositors use as the window's app id (X11 matches ``StartupWMClass=clipview`` instead,
which Qt takes from the application name "clipview")."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QIcon

from clipview.desktop import APP_ID, ICON_SIZES, resource_dir


def app_icon() -> QIcon:
    """The icon at every shipped size (PNGs: no SVG plugin needed)."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(resource_dir() / "icons" / str(size) / f"{APP_ID}.png"),
                     QSize(size, size))
    return icon


def apply_identity(app: QGuiApplication) -> None:
    """Call right after creating the QApplication, before any window exists."""
    app.setWindowIcon(app_icon())
    QGuiApplication.setDesktopFileName(APP_ID)
