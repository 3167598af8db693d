"""What a screen reader says of a control: its accessible name (what it is, in a few
words) and, where the name alone is not enough, its description.

Qt names a button or a check box by its text and describes a widget by its tooltip when
neither is set; a field, a slider, a list or a progress bar has no name of its own, and an
icon-only button or one showing a sign ("×", "◀") is read as the sign. Those get ``name``.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtWidgets import QWidget

W = TypeVar("W", bound=QWidget)


def name(widget: W, text: str, description: str = "") -> W:
    """Give ``widget`` the accessible name ``text`` (and ``description``); ``widget`` back."""
    widget.setAccessibleName(text)
    if description:
        widget.setAccessibleDescription(description)
    return widget
