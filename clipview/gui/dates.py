"""Days and times as the person's locale writes them (``QLocale()``: the system's, or the
one set with ``QLocale.setDefault``): month names, day order, 12 or 24 hours.

The C locale (``LANG=C``, no locale chosen) keeps the neutral forms clipview always showed:
ISO days (2021-06-01, as the date fields are typed) and English month names.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime

from clipview.core.media.details_text import english_day_time
from clipview.gui.translation import translate

_ZONE = re.compile(r"\(?\s*t+\s*\)?")   # a time format's zone name: "t", "tttt", "(tttt)"


def _neutral(locale: QLocale) -> bool:
    return locale.language() == QLocale.Language.C


def month_label(day: date) -> str:
    """A timeline section's title, "June 2021": the locale's standalone month name (a
    month on its own: Russian "Июнь", not the "июня" of a date), capitalised."""
    month = QLocale().standaloneMonthName(day.month, QLocale.FormatType.LongFormat)
    month = month[:1].upper() + month[1:]
    return translate("Dates", "{month} {year}", "a section of the timeline: June 2021"
                     ).format(month=month, year=day.year)


def day_text(day: date) -> str:
    """A day in a chip or a list, short: 01/06/2021, 6/1/21, 01.06.21 (ISO in C)."""
    locale = QLocale()
    shown = QDate(day.year, day.month, day.day)
    if _neutral(locale):
        return shown.toString(Qt.DateFormat.ISODate)
    return locale.toString(shown, QLocale.FormatType.ShortFormat)


def spoken_day(moment: datetime) -> str:
    """A day said in words, for a screen reader: "Saturday, 5 March 2022"."""
    shown = QDate(moment.year, moment.month, moment.day)
    return QLocale().toString(shown, QLocale.FormatType.LongFormat)


def moment_text(moment: datetime) -> str:
    """A day and time in a tooltip, short: "01/06/2021 14:03" ("2021-06-01 14:03" in C)."""
    locale = QLocale()
    if _neutral(locale):
        return moment.strftime("%Y-%m-%d %H:%M")
    return locale.toString(_qt(moment), QLocale.FormatType.ShortFormat)


def day_time_text(moment: datetime) -> str:
    """A day and time in full, for the viewer: "Saturday, 5 March 2022, 09:15:00"; without
    the zone, which the viewer says itself ("5 March 2022, 09:15:00" in C)."""
    locale = QLocale()
    if _neutral(locale):
        return english_day_time(moment)
    shown = _qt(moment)
    day = locale.toString(shown.date(), QLocale.FormatType.LongFormat)
    time = locale.toString(shown.time(), _without_zone(
        locale.timeFormat(QLocale.FormatType.LongFormat)))
    return translate("Dates", "{day}, {time}", "a day and its time of day").format(
        day=day, time=time)


def _without_zone(form: str) -> str:
    """A QTime format without its zone name (the parts in quotes are text, kept)."""
    parts = form.split("'")
    parts[::2] = [_ZONE.sub("", part) for part in parts[::2]]
    return "'".join(parts).strip()


def _qt(moment: datetime) -> QDateTime:
    """``moment``'s wall-clock day and time (its zone, if any, is said apart)."""
    return QDateTime(QDate(moment.year, moment.month, moment.day),
                     QTime(moment.hour, moment.minute, moment.second))
