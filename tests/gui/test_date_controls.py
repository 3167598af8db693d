"""Dates…: days typed in the fields apply (Enter, leaving the field, Apply); a typed text that
is no day is said, and nothing is applied."""

from __future__ import annotations

from datetime import datetime

import pytest
from PySide6.QtCore import QDate, Qt

from clipview.gui.date_controls import DateRangeButton, parse_day

# the offscreen platform cannot grab the keyboard for a popup menu (a real desktop does)
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def seconds(day: str) -> float:
    return datetime.strptime(day, "%Y-%m-%d").timestamp()


@pytest.fixture()
def dates(qtbot):  # type: ignore[no-untyped-def]
    button = DateRangeButton()
    qtbot.addWidget(button)
    button.show()
    button.menu().popup(button.mapToGlobal(button.rect().bottomLeft()))
    qtbot.waitUntil(button.menu().isVisible)
    return button


def type_into(qtbot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def test_typed_days_apply_on_enter_and_on_closing(qtbot, dates) -> None:  # type: ignore[no-untyped-def]
    type_into(qtbot, dates.first, "2021-5-1")
    with qtbot.waitSignal(dates.rangeChanged) as changed:
        qtbot.keyClick(dates.first, Qt.Key.Key_Return)
    assert changed.args[0] == seconds("2021-05-01")
    assert not dates.menu().isVisible()   # Enter applies and closes
    dates.menu().popup(dates.mapToGlobal(dates.rect().bottomLeft()))
    type_into(qtbot, dates.last, "2021-05-31")
    with qtbot.waitSignal(dates.rangeChanged) as changed:
        dates.menu().hide()   # closing the popup (a click elsewhere) applies what was typed
    assert changed.args == [seconds("2021-05-01"), seconds("2021-06-01")]


def test_tab_goes_from_from_to_to_and_both_days_apply(qtbot, dates) -> None:  # type: ignore[no-untyped-def]
    sent: list[tuple[object, object]] = []
    dates.rangeChanged.connect(lambda after, before: sent.append((after, before)))
    type_into(qtbot, dates.first, "2026-01-01")
    qtbot.keyClick(dates.first, Qt.Key.Key_Tab)
    assert dates.menu().isVisible() and dates.last.hasFocus()
    assert sent == []   # leaving From applies nothing yet: the range is still being typed
    dates.last.selectAll()
    qtbot.keyClicks(dates.last, "2026-01-31")
    qtbot.mouseClick(dates.first, Qt.MouseButton.LeftButton)   # back to From: still open
    assert dates.menu().isVisible() and sent == []
    qtbot.keyClick(dates.first, Qt.Key.Key_Return)
    assert sent == [(seconds("2026-01-01"), seconds("2026-02-01"))]


def test_a_reversed_range_is_swapped_in_sight(qtbot, dates) -> None:  # type: ignore[no-untyped-def]
    sent: list[tuple[object, object]] = []
    dates.rangeChanged.connect(lambda after, before: sent.append((after, before)))
    type_into(qtbot, dates.first, "2021-06-30")
    type_into(qtbot, dates.last, "2021-06-01")
    qtbot.keyClick(dates.last, Qt.Key.Key_Return)
    assert (dates.first.text(), dates.last.text()) == ("2021-06-01", "2021-06-30")
    assert "swapped" in dates.problem.text() and dates.menu().isVisible() and sent == []
    qtbot.keyClick(dates.last, Qt.Key.Key_Return)   # seen: the next Enter applies and closes
    assert sent == [(seconds("2021-06-01"), seconds("2021-07-01"))]
    assert not dates.menu().isVisible() and dates.problem.text() == ""


def test_the_calendar_opens_on_the_typed_day(qtbot, dates) -> None:  # type: ignore[no-untyped-def]
    assert dates.first.calendar.selectedDate() == QDate.currentDate().addYears(-1)
    type_into(qtbot, dates.first, "2019-03-04")
    dates.first.picker.menu().aboutToShow.emit()
    assert dates.first.calendar.selectedDate() == QDate(2019, 3, 4)


def test_a_typed_text_that_is_no_day_is_said(qtbot, dates) -> None:  # type: ignore[no-untyped-def]
    sent: list[tuple[object, object]] = []
    dates.rangeChanged.connect(lambda after, before: sent.append((after, before)))
    type_into(qtbot, dates.first, "2021-13-40")
    qtbot.keyClick(dates.first, Qt.Key.Key_Return)
    assert sent == [] and dates.menu().isVisible()   # open, to mend it
    assert "2021-13-40" in dates.problem.text() and "YYYY-MM-DD" in dates.problem.text()
    type_into(qtbot, dates.first, "2021-02-03")
    dates.last.setText("")   # empty: no limit on that side
    dates.apply.click()
    assert sent == [(seconds("2021-02-03"), None)] and dates.problem.text() == ""
    dates.clear.click()
    assert sent[-1] == (None, None) and dates.first.text() == dates.last.text() == ""


def test_a_day_picked_in_the_calendar_applies(qtbot, dates) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dates.rangeChanged) as changed:
        dates.first.calendar.clicked.emit(QDate(2020, 1, 2))
    assert dates.first.text() == "2020-01-02" and changed.args[0] == seconds("2020-01-02")


def test_day_formats() -> None:
    assert parse_day(" 2021-05-01 ") == parse_day("1.5.2021") == parse_day("20210501") \
        == QDate(2021, 5, 1)
    assert parse_day("2021-02-30") is None and parse_day("yesterday") is None


def test_closing_a_fresh_popup_applies_nothing(qtbot, dates) -> None:  # type: ignore[no-untyped-def]
    """The fields suggest the last year; closing without typing must not filter by it."""
    sent: list[tuple[object, object]] = []
    dates.rangeChanged.connect(lambda after, before: sent.append((after, before)))
    assert dates.first.text() and dates.last.text()   # the suggestion is shown
    dates.menu().hide()   # a click elsewhere
    dates.menu().popup(dates.mapToGlobal(dates.rect().bottomLeft()))
    qtbot.keyClick(dates.first, Qt.Key.Key_Escape)
    assert not dates.menu().isVisible() and sent == []


def test_escape_discards_what_was_typed(qtbot, dates) -> None:  # type: ignore[no-untyped-def]
    sent: list[tuple[object, object]] = []
    dates.rangeChanged.connect(lambda after, before: sent.append((after, before)))
    shown = (dates.first.text(), dates.last.text())
    type_into(qtbot, dates.first, "2021-5-1")
    qtbot.keyClick(dates.first, Qt.Key.Key_Escape)
    assert not dates.menu().isVisible() and sent == []
    assert (dates.first.text(), dates.last.text()) == shown   # what menus do: nothing kept
    dates.menu().popup(dates.mapToGlobal(dates.rect().bottomLeft()))
    type_into(qtbot, dates.first, "2021-05-01")
    type_into(qtbot, dates.last, "2021-05-31")
    with qtbot.waitSignal(dates.rangeChanged) as changed:
        qtbot.keyClick(dates.last, Qt.Key.Key_Return)   # Enter still applies
    assert changed.args == [seconds("2021-05-01"), seconds("2021-06-01")]
    dates.menu().popup(dates.mapToGlobal(dates.rect().bottomLeft()))
    dates.menu().hide()   # reopened and closed without typing: nothing more is sent
    assert len(sent) == 1
