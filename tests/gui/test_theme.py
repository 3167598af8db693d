"""Light, dark and system themes: readable palettes, a menu that switches, scheme changes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from clipview.gui import theme
from clipview.gui.theme import apply_theme, current_choice, current_scheme, theme_menu

Role, Group = QPalette.ColorRole, QPalette.ColorGroup


def luminance(colour: QColor) -> float:
    """WCAG relative luminance, 0 (black) … 1 (white)."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF()))


def contrast(one: QColor, other: QColor) -> float:
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.fixture()
def app(qapp: QApplication) -> Iterator[QApplication]:
    """The shared application, given back as the other tests expect it."""
    style, window = qapp.style().name(), qapp.palette().color(Role.Window)
    yield qapp
    apply_theme(qapp, "system")
    assert qapp.style().name() == style
    assert qapp.palette().color(Role.Window) == window


def _readable(pal: QPalette) -> None:
    for back, front in ((Role.Window, Role.WindowText), (Role.Base, Role.Text),
                        (Role.Button, Role.ButtonText), (Role.Highlight, Role.HighlightedText),
                        (Role.ToolTipBase, Role.ToolTipText), (Role.Base, Role.Link)):
        assert contrast(pal.color(Group.Active, back), pal.color(Group.Active, front)) >= 4.5, (
            back, front)
    # disabled text is quieter than enabled text, but still there
    for back, front in ((Role.Window, Role.WindowText), (Role.Base, Role.Text)):
        disabled = contrast(pal.color(Group.Disabled, back), pal.color(Group.Disabled, front))
        assert 1.8 <= disabled < contrast(pal.color(Group.Active, back),
                                          pal.color(Group.Active, front))


def test_dark_has_a_dark_window_and_light_text(app: QApplication, qtbot) -> None:  # type: ignore[no-untyped-def]
    apply_theme(app, "dark")
    pal = app.palette()
    assert luminance(pal.color(Role.Window)) < 0.05
    assert luminance(pal.color(Role.WindowText)) > 0.7
    assert luminance(pal.color(Role.Base)) < 0.05 and luminance(pal.color(Role.Text)) > 0.7
    assert app.style().name().lower() == "fusion"
    assert current_scheme(app) == "dark" and current_choice(app) == "dark"
    _readable(pal)
    label = QLabel("text")  # new widgets get it too
    qtbot.addWidget(label)
    assert luminance(label.palette().color(Role.WindowText)) > 0.7


def test_light_is_the_opposite(app: QApplication) -> None:
    apply_theme(app, "light")
    pal = app.palette()
    assert luminance(pal.color(Role.Window)) > 0.8
    assert luminance(pal.color(Role.WindowText)) < 0.05
    assert current_scheme(app) == "light"
    _readable(pal)


def test_menu_switches_between_the_three(app: QApplication) -> None:
    chosen: list[str] = []

    def choose(choice: str) -> None:
        chosen.append(choice)
        apply_theme(app, choice)

    menu = theme_menu(None, "system", choose)
    actions = {action.data(): action for action in menu.actions()}
    assert set(actions) == {"system", "light", "dark"}
    assert all(a.isCheckable() for a in actions.values())
    assert [c for c, a in actions.items() if a.isChecked()] == ["system"]
    actions["dark"].trigger()
    assert chosen == ["dark"] and current_scheme(app) == "dark"
    assert [c for c, a in actions.items() if a.isChecked()] == ["dark"]
    actions["light"].trigger()
    assert chosen == ["dark", "light"] and current_scheme(app) == "light"
    actions["system"].trigger()
    assert [c for c, a in actions.items() if a.isChecked()] == ["system"]
    menu.deleteLater()


def test_system_follows_the_desktop_scheme(app: QApplication,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    desktop = {"scheme": "light"}
    monkeypatch.setattr(theme, "system_scheme", lambda _app: desktop["scheme"])
    apply_theme(app, "system")
    assert current_scheme(app) == "light"
    desktop["scheme"] = "dark"  # the desktop switches to dark: Qt says so
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert current_scheme(app) == "dark"
    apply_theme(app, "light")  # a fixed choice is not overridden by the desktop
    app.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
    assert current_scheme(app) == "light"
    desktop["scheme"] = "light"
