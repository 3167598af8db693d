"""No text in the GUI needs an emoji font: stock fonts (DejaVu) draw emoji as a box (▯), so
chips and labels use icons from the style instead."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from PySide6.QtGui import QRawFont

from clipview.gui.chips import ICONS, Chip, ChipSpec
from tests.helpers.paths import REPO

GUI = REPO / "clipview" / "gui"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
EMOJI_RANGES = ((0x1F000, 0x1FAFF),   # emoji, pictographs, transport, symbols and pictographs
                (0x2700, 0x27BF),     # dingbats
                (0xFE00, 0xFE0F),     # variation selectors (emoji presentation)
                (0x1F1E6, 0x1F1FF))   # regional indicators (flags)


def gui_strings() -> list[tuple[str, int, str]]:
    """(file, line, text) of every string constant in clipview/gui (f-string parts too)."""
    found = []
    for source in sorted(GUI.glob("*.py")):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.append((source.name, node.lineno, node.value))
    return found


def is_emoji(char: str) -> bool:
    return any(low <= ord(char) <= high for low, high in EMOJI_RANGES)


def test_no_gui_string_holds_an_emoji() -> None:
    strings = gui_strings()
    assert len(strings) > 500   # the scan sees the GUI's texts
    emoji = [(name, line, text) for name, line, text in strings if any(map(is_emoji, text))]
    assert emoji == []


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu Sans is not installed here")
def test_every_character_of_the_gui_is_in_dejavu_sans(qapp) -> None:  # type: ignore[no-untyped-def]
    font = QRawFont(str(DEJAVU), 12)
    assert font.isValid()
    assert not font.supportsCharacter(0x1F4C1)   # the check can fail: no folder emoji there
    missing = {(name, line, char) for name, line, text in gui_strings() for char in text
               if ord(char) > 0x7F and not font.supportsCharacter(ord(char))}
    assert missing == set()


def test_chips_show_style_icons(qtbot) -> None:  # type: ignore[no-untyped-def]
    for name in ICONS:
        chip = Chip(ChipSpec(name, "some text", icon=name))
        qtbot.addWidget(chip)
        assert not chip.image.pixmap().isNull() and chip.image.isVisibleTo(chip)
        assert not any(map(is_emoji, chip.label.text()))
    plain = Chip(ChipSpec("best", "best matches only"))
    qtbot.addWidget(plain)
    assert not plain.image.isVisibleTo(plain)
