"""Removable chips: the active scope and filters above the grid, and the reference photos of
a search (Find similar, More/Less like this, an image dropped) beside the search text."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QToolButton, QWidget

from clipview.gui.accessible import name


@dataclass(frozen=True)
class ChipSpec:
    """What one chip shows and what removing it means (``key`` is given back). ``icon``
    names one of ICONS (drawn by the style: no emoji, which stock fonts show as a box)."""

    key: str
    text: str
    tooltip: str = ""
    pixmap: QPixmap | None = None
    icon: str = ""


ICONS = {"folder": QStyle.StandardPixmap.SP_DirIcon,
         "dates": QStyle.StandardPixmap.SP_FileDialogDetailedView,
         "types": QStyle.StandardPixmap.SP_FileIcon}
_THEME_ICONS = {"dates": "x-office-calendar"}   # the desktop's own, where it has one
ICON_SIZE = 16


def chip_icon(widget: QWidget, name: str) -> QIcon:
    """The icon a chip of kind ``name`` shows: the desktop theme's, else the style's."""
    fallback = widget.style().standardIcon(ICONS[name])
    theme = _THEME_ICONS.get(name)
    return QIcon.fromTheme(theme, fallback) if theme else fallback


class Chip(QFrame):
    removed = Signal(str)   # key

    def __init__(self, spec: ChipSpec) -> None:
        super().__init__()
        self.spec = spec
        self.setObjectName("chip")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#chip { border-radius: 10px; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 1, 2, 1)
        layout.setSpacing(4)
        self.image = QLabel()
        pixmap = spec.pixmap
        if pixmap is None and spec.icon:
            pixmap = chip_icon(self, spec.icon).pixmap(ICON_SIZE, ICON_SIZE)
        if pixmap is not None:
            self.image.setPixmap(pixmap)
        self.image.setVisible(pixmap is not None)
        self.label = QLabel(spec.text)
        close = QToolButton()
        close.setText("×")
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Remove"))
        name(close, self.tr("Remove {chip}").format(chip=spec.text))   # not "times"
        name(self, spec.text)   # its tooltip (the path, the range) describes it
        close.clicked.connect(lambda: self.removed.emit(spec.key))
        self.close_button = close
        for widget in (self.image, self.label, close):
            layout.addWidget(widget)
        self.setToolTip(spec.tooltip or spec.text)

    def set_pixmap(self, pixmap: QPixmap) -> None:
        self.image.setPixmap(pixmap)
        self.image.setVisible(True)


class ChipBar(QWidget):
    """A row of chips; hidden when empty."""

    removed = Signal(str)   # key of the chip whose × was clicked

    def __init__(self, lead: str = "") -> None:
        super().__init__()
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.lead = QLabel(lead)
        self.lead.setVisible(bool(lead))
        self._layout.addWidget(self.lead)
        self._layout.addStretch(1)
        self.chips: list[Chip] = []
        self.setVisible(False)

    def set_chips(self, specs: list[ChipSpec], extra: Callable[[Chip], None] | None = None
                  ) -> None:
        for chip in self.chips:
            self._layout.removeWidget(chip)
            chip.deleteLater()
        self.chips = []
        for spec in specs:
            chip = Chip(spec)
            chip.removed.connect(self.removed)
            if extra is not None:
                extra(chip)
            self._layout.insertWidget(self._layout.count() - 1, chip)
            self.chips.append(chip)
        self.setVisible(bool(specs))

    def texts(self) -> list[str]:
        return [chip.spec.text for chip in self.chips]

    def chip(self, key: str) -> Chip | None:
        return next((c for c in self.chips if c.spec.key == key), None)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), max(hint.height(), 26))
