"""Qt's translation machinery for the window's words.

Every text a person reads in ``clipview/gui`` goes through Qt: ``self.tr("…")`` in a QObject
subclass that nothing subclasses (PySide6 looks a ``tr`` up under the class of the object,
lupdate under the class it is written in), ``translate("Context", "…")`` elsewhere.
Placeholders are named, ``translate("Chips", "Remove {name}").format(name=…)``, so that a
translation may put them anywhere; a count is ``%n`` with ``n`` given, written twice (``one``
and ``many``, see ``plural``) so that English needs no translation file at all.

At startup ``install_translators`` loads ``clipview_<language>.qm`` from
``clipview/resources/translations`` (made from ``clipview.ts`` by ``pyside6-lrelease``, see
the README there) for the system's languages, and Qt's own ``qtbase_<language>.qm`` (the
standard dialogs' buttons) from Qt's translations folder when it is there. No file for the
language: the English source texts are shown.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

logger = logging.getLogger(__name__)

TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"
CATALOGUE = "clipview"   # clipview_de.qm, clipview_pt_BR.qm …


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``QCoreApplication.translate`` (lupdate finds the literal ``context`` and ``text``)."""
    return QCoreApplication.translate(context, text, disambiguation, n)


def plural(n: int, one: str, many: str) -> str:
    """``one`` when ``n`` is 1, else ``many``: both translated with ``n`` (``%n``), so each
    language's own plural forms (a translation's numerus forms) decide there, and English
    reads right without a translation file."""
    return one if n == 1 else many


def install_translators(app: QCoreApplication, locale: QLocale | None = None,
                        folder: Path | None = None) -> list[QTranslator]:
    """Install the app's translation and Qt's for ``locale`` (the system's languages by
    default; ``folder``: where the app's .qm files are), the ones found; they are returned
    (children of ``app``, so that they live as long as it)."""
    locale = locale if locale is not None else QLocale.system()
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    installed: list[QTranslator] = []
    for name, where in (("qtbase", qt_folder), (CATALOGUE, str(folder or TRANSLATIONS_DIR))):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", where) and app.installTranslator(translator):
            logger.info("translation %s loaded", translator.filePath())
            installed.append(translator)
        else:
            translator.deleteLater()
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Back to the English source texts (tests; a language chosen again)."""
    for translator in translators:
        app.removeTranslator(translator)
        translator.deleteLater()
