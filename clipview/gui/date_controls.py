"""Toolbar filters: a date-range picker, the timeline's year/month jump, and the type filter."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QTime, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QMenu,
    QPushButton,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from clipview.gui.date_sections import Header


class DateRangeButton(QToolButton):
    """"Dates…": pick a first and last day; emits ``rangeChanged(after, before)`` in unix
    seconds (before = the day after the last day), or (None, None) when cleared."""

    rangeChanged = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        self.setText("Dates…")
        self.setToolTip("Only photos taken between two days")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        panel = QWidget()
        form = QFormLayout(panel)
        self.first = QDateEdit(QDate.currentDate().addYears(-1))
        self.last = QDateEdit(QDate.currentDate())
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow("From", self.first)
        form.addRow("To", self.last)
        buttons = QHBoxLayout()
        self.apply = QPushButton("Apply")
        self.clear = QPushButton("Clear")
        buttons.addWidget(self.clear)
        buttons.addWidget(self.apply)
        form.addRow(buttons)
        action = QWidgetAction(menu)
        action.setDefaultWidget(panel)
        menu.addAction(action)
        self.setMenu(menu)
        self.apply.clicked.connect(self._apply)
        self.clear.clicked.connect(self.clear_range)

    def set_range(self, first: QDate, last: QDate) -> None:
        self.first.setDate(first)
        self.last.setDate(last)
        self._apply()

    def _apply(self) -> None:
        first, last = sorted([self.first.date(), self.last.date()], key=lambda d: d.toJulianDay())
        after = QDateTime(first, QTime(0, 0)).toSecsSinceEpoch()
        before = QDateTime(last.addDays(1), QTime(0, 0)).toSecsSinceEpoch()
        self.menu().hide()
        self.rangeChanged.emit(float(after), float(before))

    def clear_range(self) -> None:
        self.menu().hide()
        self.rangeChanged.emit(None, None)


def describe_range(after: float | None, before: float | None) -> str:
    """"2021-06-01 – 2021-08-31" for a chip."""
    first = datetime.fromtimestamp(after).strftime("%Y-%m-%d") if after is not None else "…"
    last = datetime.fromtimestamp(before - 1).strftime("%Y-%m-%d") \
        if before is not None else "…"
    return f"{first} – {last}"


class DateJumpButton(QToolButton):
    """"Jump to": years, each with its months, from the timeline's section headers."""

    jumpRequested = Signal(int)   # the grid row of the chosen section header

    def __init__(self) -> None:
        super().__init__()
        self.setText("Jump to")
        self.setToolTip("Jump to a year or month of the timeline")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setMenu(QMenu(self))
        self.setEnabled(False)

    def set_sections(self, sections: list[tuple[int, Header]]) -> None:
        menu = self.menu()
        menu.clear()
        years: dict[str, QMenu] = {}
        for row, header in sections:
            if header.year is None or header.key in ("today", "yesterday"):
                menu.addAction(header.label).triggered.connect(
                    lambda _=False, r=row: self.jumpRequested.emit(r))
                continue
            year = str(header.year)
            if year not in years:
                years[year] = menu.addMenu(year)
            years[year].addAction(f"{header.label}  ({header.count})").triggered.connect(
                lambda _=False, r=row: self.jumpRequested.emit(r))
        self.setEnabled(bool(sections))


class TypeFilterButton(QToolButton):
    """"Type": photos, RAW, videos — all when none is ticked (the usual case)."""

    typesChanged = Signal(tuple)   # the kinds ticked (media_kinds.KINDS names); () = all

    LABELS = {"photo": "Photos", "raw": "RAW files", "video": "Videos"}

    def __init__(self) -> None:
        super().__init__()
        self.setText("Type")
        self.setToolTip("Only photos, RAW files or videos")
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        self.actions_by_kind: dict[str, QAction] = {}
        for kind, label in self.LABELS.items():
            action = menu.addAction(label)
            action.setCheckable(True)
            action.toggled.connect(lambda _=False: self.typesChanged.emit(self.types()))
            self.actions_by_kind[kind] = action
        self.setMenu(menu)

    def types(self) -> tuple[str, ...]:
        return tuple(k for k, a in self.actions_by_kind.items() if a.isChecked())

    def set_types(self, kinds: tuple[str, ...]) -> None:
        for kind, action in self.actions_by_kind.items():
            action.blockSignals(True)
            action.setChecked(kind in kinds)
            action.blockSignals(False)
        self.typesChanged.emit(self.types())
