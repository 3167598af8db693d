"""The View ▸ Theme and Help menus, and what About says about the open library."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from clipview.gui.help import add_help_menu
from clipview.gui.main_window import MainWindow
from clipview.gui.session import ModelInfo
from clipview.gui.theme import apply_theme, theme_menu
from clipview.gui.translation import translate


def add_menus(window: MainWindow, settings: QSettings,
              about: Callable[[], dict[str, str]]) -> None:
    """Theme (in the View menu, remembered in the settings) and Help."""

    def choose(choice: str) -> None:
        settings.setValue("theme", choice)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, choice)

    current = str(settings.value("theme", "system"))
    window.view_menu.addMenu(theme_menu(window, current, choose))
    add_help_menu(window, about)


def about_info(info: ModelInfo | None, home: str) -> dict[str, str]:
    model, library = translate("About", "Model"), translate("About", "Library")
    if info is None:
        return {model: translate("About", "none chosen yet"), library: home}
    device = translate("About", "CPU") if info.device == "cpu" else info.device.upper()
    return {model: info.name,
            translate("About", "Device"): device + (f" ({info.note})" if info.note else ""),
            library: info.home}
