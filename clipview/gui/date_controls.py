"""Toolbar filters: a date-range picker (days typed or picked in a calendar), the timeline's
year/month jump, and the type filter."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyle,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from clipview.gui.accessible import name
from clipview.gui.date_sections import Header
from clipview.gui.dates import day_text
from clipview.gui.errors import reported
from clipview.gui.translation import translate

DAY_FORMATS = ("yyyy-MM-dd", "yyyy-M-d", "yyyy/M/d", "yyyyMMdd", "d.M.yyyy")


def parse_day(text: str) -> QDate | None:
    """A typed day: 2021-05-01 (also 2021-5-1, 2021/5/1, 20210501, 1.5.2021); None when it
    is no real day."""
    for form in DAY_FORMATS:
        day = QDate.fromString(text.strip(), form)
        if day.isValid():
            return day
    return None


class FormMenu(QMenu):
    """A menu that holds a small form: Tab moves between its fields (a plain QMenu turns Tab
    into "next menu item", which leaves the fields or closes the menu)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.escaped = False   # this opening ends by Esc: its edits are discarded
        self.aboutToShow.connect(self._opening)

    def _opening(self) -> None:
        self.escaped = False

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002 - Qt's name
        return QWidget.focusNextPrevChild(self, next)

    @reported("key")
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.escaped = True
        super().keyPressEvent(event)


class DayEdit(QLineEdit):
    """A day typed as text (the calendar button picks one too). Enter emits ``entered``
    and is kept here: it must not reach the menu around it before the day was checked."""

    entered = Signal()

    def __init__(self, day: QDate, label: str = "") -> None:
        """``label``: which day it is ("First day"), for a screen reader."""
        super().__init__(day.toString("yyyy-MM-dd"))
        self.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.setToolTip(
            self.tr("Type a day (2021-05-01) or pick one in the calendar; empty: no limit"))
        name(self, label or self.tr("Day"))
        self.calendar = name(QCalendarWidget(), self.tr("Calendar"))
        self.calendar.setGridVisible(True)
        picker = QToolButton()
        picker.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView))
        picker.setToolTip(self.tr("Pick the day in a calendar"))
        name(picker, self.tr("Pick in a calendar: {day}").format(day=label) if label
             else self.tr("Pick the day in a calendar"))
        picker.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        picker.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # Tab goes from field to field
        menu = QMenu(picker)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        menu.aboutToShow.connect(self._show_typed_day)
        picker.setMenu(menu)
        self.picker = picker
        self.calendar.setSelectedDate(day)
        self.calendar.clicked.connect(self._picked)

    def _show_typed_day(self) -> None:
        """The calendar opens on the day typed in the field (today when it holds none)."""
        day = self.day()
        if day is not None:
            self.calendar.setSelectedDate(day)

    def _picked(self, day: QDate) -> None:
        self.setText(day.toString("yyyy-MM-dd"))
        self.picker.menu().hide()
        self.entered.emit()

    @reported("key")
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.entered.emit()
            return
        super().keyPressEvent(event)

    def day(self) -> QDate | None:
        return parse_day(self.text())

    def set_day(self, day: QDate) -> None:
        self.setText(day.toString("yyyy-MM-dd"))
        self.calendar.setSelectedDate(day)


class DateRangeButton(QToolButton):
    """"Dates…": type or pick a first and last day (Tab goes from From to To); Enter, Apply
    or a calendar click applies them; closing the popup by a click elsewhere applies only
    what was typed in this opening (never the suggested last year of a fresh start), Esc
    discards it. A day that is not one is said under the fields, and a From after To is
    swapped in the fields and said (Enter or Apply then applies it; closing the popup
    applies it at once). Emits
    ``rangeChanged(after, before)`` in unix seconds (before = the day after the last day;
    None for an empty field: no limit), or (None, None) when cleared."""

    rangeChanged = Signal(object, object)

    def __init__(self) -> None:
        super().__init__()
        self.setText(self.tr("Dates…"))
        self.setToolTip(self.tr("Only photos taken between two days"))
        name(self, self.tr("Dates"))   # not "Dates dot dot dot"
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.first = DayEdit(QDate.currentDate().addYears(-1), self.tr("First day"))
        self.last = DayEdit(QDate.currentDate(), self.tr("Last day"))
        self.problem = QLabel()
        self.problem.setWordWrap(True)   # room for two lines kept: a menu never grows
        self.problem.setMinimumHeight(2 * self.problem.fontMetrics().lineSpacing())
        self.apply = QPushButton(self.tr("Apply"))
        self.clear = QPushButton(self.tr("Clear"))
        self.clear.setToolTip(self.tr("No limits: photos of every day"))
        menu = FormMenu(self)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self._panel())
        menu.addAction(action)
        self.setMenu(menu)
        menu.aboutToShow.connect(self._opening)
        menu.aboutToHide.connect(self._closing)
        self._sent: tuple[float | None, float | None] | None = None
        self._shown = ("", "")   # the fields' texts when the popup opened
        self._edited = False     # a field was typed in since the popup opened
        self.apply.clicked.connect(self._apply_and_close)
        self.clear.clicked.connect(self.clear_range)
        for edit in (self.first, self.last):
            edit.entered.connect(self._apply_and_close)
            edit.textEdited.connect(self._typed)

    def _typed(self) -> None:
        self._edited = True

    def _opening(self) -> None:
        self._shown = (self.first.text(), self.last.text())
        self._edited = False

    def _closing(self) -> None:
        """Typed, then clicked elsewhere: applied. Esc, or nothing typed: nothing applied,
        and Esc puts back the days the popup opened with."""
        menu = self.menu()
        if isinstance(menu, FormMenu) and menu.escaped:
            self.first.setText(self._shown[0])
            self.last.setText(self._shown[1])
            self._say("")
        elif self._edited:
            self._apply(close=False)
        self._edited = False

    def _panel(self) -> QWidget:
        panel = QWidget()
        form = QFormLayout(panel)
        for label, edit in ((self.tr("From"), self.first), (self.tr("To"), self.last)):
            row = QHBoxLayout()
            row.addWidget(edit, 1)
            row.addWidget(edit.picker)
            form.addRow(label, row)
        form.addRow(self.problem)
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear)
        buttons.addWidget(self.apply)
        form.addRow(buttons)
        return panel

    def set_range(self, first: QDate, last: QDate) -> None:
        self.first.set_day(first)
        self.last.set_day(last)
        self._apply(close=True)

    def _apply_and_close(self) -> None:
        self._apply(close=True)

    def _apply(self, close: bool) -> None:
        bounds = self._bounds()
        if bounds is None:
            return   # the problem is shown; the menu stays open to mend it
        if close and self.problem.text():
            return   # a swap is shown first, in the open popup: the next Enter applies it
        self._edited = False   # applied: closing the popup has nothing more to apply
        if close:
            self.menu().hide()
        if bounds != self._sent:
            self._sent = bounds
            self.rangeChanged.emit(*bounds)

    def _bounds(self) -> tuple[float | None, float | None] | None:
        """(after, before) from the fields, or None (and the problem said) when a field
        holds no day."""
        days: list[QDate | None] = []
        for which, edit in ((self.tr("From"), self.first), (self.tr("To"), self.last)):
            day = edit.day()
            if day is None and edit.text().strip():
                self._say(self.tr("{field}: “{text}” is no day.\nType it as YYYY-MM-DD.").format(
                    field=which, text=edit.text().strip()[:20]), problem=True)
                return None
            days.append(day)
        self._say("")
        first, last = days
        if first is not None and last is not None and last < first:
            first, last = last, first
            self.first.set_day(first)
            self.last.set_day(last)
            self._say(self.tr("From was after To: the two days were swapped."))
        after = None if first is None else \
            float(QDateTime(first, QTime(0, 0)).toSecsSinceEpoch())
        before = None if last is None else \
            float(QDateTime(last.addDays(1), QTime(0, 0)).toSecsSinceEpoch())
        return after, before

    def _say(self, text: str, problem: bool = False) -> None:
        self.problem.setStyleSheet("color: #d04040;" if problem else "")
        self.problem.setText(text)

    def clear_range(self) -> None:
        """No limits: the fields are emptied (so that closing the menu keeps it so)."""
        self._sent = (None, None)
        for edit in (self.first, self.last):
            edit.clear()
        self._say("")
        self.menu().hide()
        self.rangeChanged.emit(None, None)


def describe_range(after: float | None, before: float | None) -> str:
    """"2021-06-01 – 2021-08-31" for a chip, the days as the locale writes them."""
    first = day_text(datetime.fromtimestamp(after).date()) if after is not None else "…"
    last = day_text(datetime.fromtimestamp(before - 1).date()) if before is not None else "…"
    return translate("DateRangeButton", "{first} – {last}", "a range of days").format(
        first=first, last=last)


class DateJumpButton(QToolButton):
    """"Jump to": years, each with its months, from the timeline's section headers."""

    jumpRequested = Signal(int)   # the grid row of the chosen section header

    def __init__(self) -> None:
        super().__init__()
        self.setText(self.tr("Jump to"))
        self.setToolTip(self.tr("Jump to a year or month of the timeline"))
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
            years[year].addAction(self.tr("{month}  ({count})").format(
                month=header.label, count=header.count)).triggered.connect(
                lambda _=False, r=row: self.jumpRequested.emit(r))
        self.setEnabled(bool(sections))


class TypeFilterButton(QToolButton):
    """"Type": photos, RAW, videos — all when none is ticked (the usual case)."""

    typesChanged = Signal(tuple)   # the kinds ticked (media_kinds.KINDS names); () = all

    def __init__(self) -> None:
        super().__init__()
        self.setText(self.tr("Type"))
        self.setToolTip(self.tr("Only photos, RAW files or videos"))
        name(self, self.tr("Type of file"))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        labels = {"photo": self.tr("Photos"), "raw": self.tr("RAW files"),
                  "video": self.tr("Videos")}
        self.in_words = {"photo": self.tr("photos"), "raw": self.tr("RAW files"),
                         "video": self.tr("videos")}   # in a sentence: "only photos"
        menu = QMenu(self)
        self.actions_by_kind: dict[str, QAction] = {}
        for kind, label in labels.items():
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
