"""Light, dark, or the desktop's own scheme.

"system" follows the desktop's colour scheme (Qt ≥ 6.5 ``styleHints().colorScheme()``) and
keeps following it (``colorSchemeChanged``): a dark desktop gets the dark palette below, a
light (or unknown) one the platform's own style and palette. "light" and "dark" use the Fusion
style with a complete palette (text, highlight, links, disabled text, tooltips), so they look
the same on every desktop. Wiring::

    apply_theme(app, settings.value("theme", "system"))
    view_menu.addMenu(theme_menu(window, current, lambda c: (save(c), apply_theme(app, c))))
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QPalette
from PySide6.QtWidgets import QApplication, QMenu, QWidget

from clipview.gui.translation import translate

CHOICES: tuple[tuple[str, object], ...] = (   # labels translated in the menu
    ("system", QT_TRANSLATE_NOOP("Theme", "Follow the system")),
    ("light", QT_TRANSLATE_NOOP("Theme", "Light")), ("dark", QT_TRANSLATE_NOOP("Theme", "Dark")))
_CHOICE_PROPERTY = "clipviewTheme"
_NATIVE_STYLE_PROPERTY = "clipviewNativeStyle"
_FOLLOWING_PROPERTY = "clipviewFollowsScheme"

Role, Group = QPalette.ColorRole, QPalette.ColorGroup

# (role, active/inactive colour, disabled colour or None for the same)
DARK: tuple[tuple[QPalette.ColorRole, str, str | None], ...] = (
    (Role.Window, "#2b2b2e", None), (Role.WindowText, "#e8e8ea", "#7c7c82"),
    (Role.Base, "#1e1e21", "#252528"), (Role.AlternateBase, "#262629", None),
    (Role.Text, "#e8e8ea", "#7c7c82"), (Role.PlaceholderText, "#9a9aa0", "#6a6a70"),
    (Role.Button, "#36363a", "#2f2f32"), (Role.ButtonText, "#e8e8ea", "#7c7c82"),
    (Role.BrightText, "#ff6b6b", None), (Role.ToolTipBase, "#3c3c41", None),
    (Role.ToolTipText, "#f2f2f4", None), (Role.Highlight, "#2f6bc4", "#4a4a50"),
    (Role.HighlightedText, "#ffffff", "#a8a8ae"), (Role.Link, "#78b4ff", "#5a7ca8"),
    (Role.LinkVisited, "#c09cff", "#7f6aa8"), (Role.Light, "#4a4a4f", None),
    (Role.Midlight, "#404045", None), (Role.Mid, "#303034", None),
    (Role.Dark, "#1a1a1c", None), (Role.Shadow, "#000000", None),
)
LIGHT: tuple[tuple[QPalette.ColorRole, str, str | None], ...] = (
    (Role.Window, "#f2f2f3", None), (Role.WindowText, "#1c1c1e", "#9c9ca1"),
    (Role.Base, "#ffffff", "#f4f4f5"), (Role.AlternateBase, "#f6f6f8", None),
    (Role.Text, "#1c1c1e", "#9c9ca1"), (Role.PlaceholderText, "#6c6c72", "#a8a8ad"),
    (Role.Button, "#e9e9eb", "#efeff0"), (Role.ButtonText, "#1c1c1e", "#9c9ca1"),
    (Role.BrightText, "#c62828", None), (Role.ToolTipBase, "#fffbe6", None),
    (Role.ToolTipText, "#1c1c1e", None), (Role.Highlight, "#2f6fd0", "#c9c9ce"),
    (Role.HighlightedText, "#ffffff", "#6c6c72"), (Role.Link, "#1a5fb4", "#7c9ccc"),
    (Role.LinkVisited, "#7b3fb3", "#a98cc4"), (Role.Light, "#ffffff", None),
    (Role.Midlight, "#e2e2e5", None), (Role.Mid, "#b9b9be", None),
    (Role.Dark, "#9d9da3", None), (Role.Shadow, "#4f4f55", None),
)


def palette(scheme: str) -> QPalette:
    """The complete dark or light palette (any other ``scheme`` is light)."""
    result = QPalette()
    for role, colour, disabled in DARK if scheme == "dark" else LIGHT:
        for group in (Group.Active, Group.Inactive):
            result.setColor(group, role, QColor(colour))
        result.setColor(Group.Disabled, role, QColor(disabled or colour))
    accent = getattr(Role, "Accent", None)  # Qt ≥ 6.6
    if accent is not None:
        for group in (Group.Active, Group.Inactive, Group.Disabled):
            result.setColor(group, accent, result.color(group, Role.Highlight))
    return result


def system_scheme(app: QApplication) -> str:
    """The desktop's scheme: "dark", "light", or "unknown" (Qt < 6.5, or not told)."""
    hints = app.styleHints()
    if not hasattr(hints, "colorScheme"):
        return "unknown"
    scheme = hints.colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return "dark"
    return "light" if scheme == Qt.ColorScheme.Light else "unknown"


def apply_theme(app: QApplication, choice: str) -> None:
    """Use ``choice``: "system", "light" or "dark" (anything else counts as "system")."""
    choice = choice if choice in ("light", "dark") else "system"
    if app.property(_NATIVE_STYLE_PROPERTY) is None:
        app.setProperty(_NATIVE_STYLE_PROPERTY, app.style().name())
    app.setProperty(_CHOICE_PROPERTY, choice)
    _follow_scheme_changes(app)
    _request_scheme(app, choice)  # native title bars follow on Windows and macOS
    if choice == "system":
        _apply_system(app)
    else:
        _apply_fusion(app, choice)


def _apply_system(app: QApplication) -> None:
    if system_scheme(app) == "dark":
        _apply_fusion(app, "dark")  # not every native style has a dark palette
        return
    app.setStyle(str(app.property(_NATIVE_STYLE_PROPERTY)))
    app.setPalette(QPalette())  # back to the style's and platform's own palette


def _apply_fusion(app: QApplication, scheme: str) -> None:
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    app.setPalette(palette(scheme))


def _request_scheme(app: QApplication, choice: str) -> None:
    hints = app.styleHints()
    if not hasattr(hints, "setColorScheme"):  # Qt < 6.8
        return
    if choice == "system":
        hints.unsetColorScheme()
    else:
        hints.setColorScheme(Qt.ColorScheme.Dark if choice == "dark" else Qt.ColorScheme.Light)


def _follow_scheme_changes(app: QApplication) -> None:
    hints = app.styleHints()
    if app.property(_FOLLOWING_PROPERTY) or not hasattr(hints, "colorSchemeChanged"):
        return
    app.setProperty(_FOLLOWING_PROPERTY, True)
    hints.colorSchemeChanged.connect(lambda _scheme: scheme_changed(app))


def scheme_changed(app: QApplication) -> None:
    """The desktop switched light/dark: follow it when the choice is "system"."""
    if app.property(_CHOICE_PROPERTY) == "system":
        _apply_system(app)


def current_scheme(app: QApplication) -> str:
    """"dark" or "light": what the application looks like now (its window colour)."""
    window = app.palette().color(Group.Active, Role.Window)
    return "dark" if window.lightnessF() < 0.5 else "light"


def current_choice(app: QApplication) -> str:
    """The choice last given to apply_theme ("system" before any)."""
    choice = app.property(_CHOICE_PROPERTY)
    return choice if isinstance(choice, str) else "system"


def theme_menu(parent: QWidget | None, current: str,
               on_choice: Callable[[str], None]) -> QMenu:
    """A "Theme" menu with the three choices (checkable, one checked); choosing one calls
    ``on_choice(choice)``, which should apply (and remember) it."""
    menu = QMenu(translate("Theme", "&Theme"), parent)
    group = QActionGroup(menu)
    group.setExclusive(True)
    for choice, label in CHOICES:
        action = QAction(translate("Theme", str(label)), menu)
        action.setCheckable(True)
        action.setData(choice)
        action.setChecked(choice == current or (choice == "system" and current not in
                                                ("light", "dark")))
        action.triggered.connect(lambda _checked=False, c=choice: on_choice(c))
        group.addAction(action)
        menu.addAction(action)
    return menu
