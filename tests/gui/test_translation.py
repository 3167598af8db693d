"""The window's words go through Qt's translation machinery, and its days through the
locale: a German .qm built here (pyside6-lrelease) changes the menus, a button, a count's
plural forms and a timeline header; German and Russian locales write the months and days;
the template translators start from (clipview.ts) holds every text of clipview/gui."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QLibraryInfo, QLocale
from PySide6.QtWidgets import QApplication

from clipview.gui.date_controls import describe_range
from clipview.gui.date_sections import Header, with_sections
from clipview.gui.dates import day_time_text
from clipview.gui.main_window import MainWindow
from clipview.gui.results_model import count_text
from clipview.gui.thumbnails import ThumbnailLoader
from clipview.gui.translation import TRANSLATIONS_DIR, install_translators, remove_translators

GERMAN = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="en">
<context><name>MainWindow</name>
  <message><source>&amp;File</source><translation>&amp;Datei</translation></message>
  <message><source>Rescan</source><translation>Neu einlesen</translation></message>
</context>
<context><name>Counts</name>
  <message numerus="yes"><source>%n photo</source>
    <translation><numerusform>%n Foto</numerusform><numerusform>%n Fotos</numerusform></translation>
  </message>
  <message numerus="yes"><source>%n photos</source>
    <translation><numerusform>%n Foto</numerusform><numerusform>%n Fotos</numerusform></translation>
  </message>
</context>
<context><name>DateSections</name>
  <message><source>Today</source><translation>Heute</translation></message>
</context>
</TS>
"""


def qt_tool(name: str) -> str:
    """A PySide6 tool (pyside6-lrelease, pyside6-lupdate) of this environment."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        pytest.fail(f"{name} not found: PySide6-Essentials ships it")
    return found


@pytest.fixture()
def german(tmp_path: Path) -> Iterator[list[object]]:
    """clipview_de.qm compiled from GERMAN into a folder of its own, installed for de_DE."""
    (tmp_path / "clipview_de.ts").write_text(GERMAN, encoding="utf-8")
    subprocess.run([qt_tool("pyside6-lrelease"), str(tmp_path / "clipview_de.ts"), "-qm",
                    str(tmp_path / "clipview_de.qm")], check=True, capture_output=True)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translators(app, QLocale(QLocale.Language.German,
                                                   QLocale.Country.Germany), tmp_path)
    yield list(translators)
    remove_translators(app, translators)


def test_a_translation_changes_the_window_and_its_counts(qtbot, german: list[object]) -> None:  # type: ignore[no-untyped-def]
    files = [Path(t.filePath()).name for t in german]
    assert "clipview_de.qm" in files
    qt_german = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
                     "qtbase_de.qm")
    assert ("qtbase_de.qm" in files) == qt_german.exists()   # Qt's own, where Qt has it
    thumbs = ThumbnailLoader(None)
    window = MainWindow(thumbs)
    qtbot.addWidget(window)
    try:
        assert window.menuBar().actions()[0].text() == "&Datei"
        assert window.rescan_action.text() == "Neu einlesen"
        assert window.menuBar().actions()[1].text() == "&Edit"   # not translated: English
        assert [count_text(1), count_text(3), count_text(3, 3)] == ["1 Foto", "3 Fotos",
                                                                    "3 videos"]
        today = datetime(2026, 12, 15, 12).timestamp()
        assert [h.label for h in with_sections(["a"], [today], date(2026, 12, 15))
                if isinstance(h, Header)] == ["Heute"]
    finally:
        thumbs.shutdown()


def test_without_a_translation_the_texts_are_english(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    french = install_translators(app, QLocale(QLocale.Language.French), tmp_path)
    try:
        assert not [t for t in french if "clipview" in Path(t.filePath()).name]
        thumbs = ThumbnailLoader(None)
        window = MainWindow(thumbs)
        qtbot.addWidget(window)
        assert window.menuBar().actions()[0].text() == "&File"
        assert [count_text(1), count_text(2)] == ["1 photo", "2 photos"]
        thumbs.shutdown()
    finally:
        remove_translators(app, french)


def _headers(*days: datetime) -> list[str]:
    rows = with_sections(list(days), [d.timestamp() for d in days], date(2027, 3, 1))
    return [row.label for row in rows if isinstance(row, Header)]


def test_section_headers_and_days_follow_the_locale() -> None:
    december, june = datetime(2026, 12, 15, 14, 3), datetime(2026, 6, 2, 9, 30)
    assert _headers(december, june) == ["December 2026", "June 2026"]   # C: as always
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    assert _headers(december, june) == ["Dezember 2026", "Juni 2026"]
    after, before = datetime(2026, 12, 1).timestamp(), datetime(2027, 1, 1).timestamp()
    assert describe_range(after, before) == "01.12.26 – 31.12.26"
    assert day_time_text(december) == "Dienstag, 15. Dezember 2026, 14:03:00"
    QLocale.setDefault(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    assert _headers(december) == ["Декабрь 2026"]   # a month on its own, not "декабря"


def test_the_template_holds_every_text_of_the_window(tmp_path: Path) -> None:
    """clipview.ts is what translators start from: made again from clipview/gui here, it
    has the same texts (else run packaging/update_translations.sh and commit it)."""
    made = tmp_path / "clipview.ts"
    gui = Path(__file__).resolve().parents[2] / "clipview" / "gui"
    subprocess.run([qt_tool("pyside6-lupdate"), "-locations", "none", "-no-obsolete",
                    "-source-language", "en", *sorted(str(p) for p in gui.glob("*.py")),
                    "-ts", str(made)], check=True, capture_output=True)
    assert _texts(TRANSLATIONS_DIR / "clipview.ts") == _texts(made), \
        "clipview.ts is stale: run packaging/update_translations.sh"
    assert len(_texts(made)) > 400


def _texts(ts: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts).getroot()
    return {(str(context.findtext("name")), str(message.findtext("source")))
            for context in root.iter("context") for message in context.iter("message")}
