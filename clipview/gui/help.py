"""The Help menu: the query syntax, the keyboard shortcuts and About (versions, model, device).

Wiring: ``add_help_menu(window, about_info)`` once the menu bar exists; ``about_info()`` is
asked each time About opens, so it shows the model and device in use at that moment.
The dialogs are modeless (the window stays usable beside them) and delete themselves on close.
"""

from __future__ import annotations

import html
import platform
import sys
from collections.abc import Callable

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, qVersion
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

import clipview
from clipview.gui import accessible
from clipview.gui.licences_view import licences_dialog, menu_text
from clipview.gui.translation import translate


def query_syntax_html() -> str:
    """The Query syntax page, a translation a section (the syntax itself stays as typed)."""
    return "\n".join((
        translate("Help", """<h2>Searching</h2>
<p>Type what you are looking for, in plain words: <code>dog on a beach</code>,
<code>red car at night</code>. Results come as you type; <b>Enter</b> searches at once.</p>"""),
        translate("Help", """<h3>Adding and taking away</h3>
<p>Join terms with <code>+</code> and <code>-</code>, with a space on each side:
<code>beach + sunset - people</code> finds beach sunsets without people. Without the spaces a
dash stays part of the word, so <code>t-shirt</code> is one term. A leading
<code>-</code> takes a term away: <code>- people</code>.</p>"""),
        translate("Help", """<h3>Weights</h3>
<p>Put a number and a colon before a term to make it count more (or less):
<code>2:dog + cat</code> (twice as much dog), <code>0.5:snow + mountain</code>.</p>"""),
        translate("Help", """<h3>Quotes</h3>
<p>Double quotes keep a term whole, so a phrase or a path that contains
<code> + </code> or <code> - </code> is not split:
<code>"rock - paper - scissors"</code>,
<code>"~/Pictures/Trip - Day 1/a.jpg" + snow</code>.</p>"""),
        translate("Help", """<h3>Photos as terms</h3>
<p>A path to a photo is a term too: the photo stands for what it shows.
<code>~/Pictures/a.jpg + snow</code> finds photos like <i>a.jpg</i>, but snowy;
<code>~/Pictures/a.jpg - ~/Pictures/b.jpg</code> keeps what <i>a</i> has and <i>b</i> has not.
A query that is just the path of a photo finds photos like it. <code>~</code> is your home
folder.</p>"""),
        translate("Help", """<h3>Dropping and pasting photos</h3>
<p>Drop a photo on the window or on the search field, or paste an image (<b>Ctrl+V</b>) into
the search field, to search by it. Dropping a folder adds it to the library.</p>"""),
        translate("Help", """<h3>From a photo in the grid</h3>
<p>Right-click a photo: <b>Find similar</b> shows the photos most like it;
<b>More like this</b> adds it to the current search, <b>Less like this</b> takes it away.
The photos in a search are shown as small chips in the search field; remove a chip to take
its photo out of the search.</p>"""),
        translate("Help", """<h3>On the command line</h3>
<p>The same syntax works in <code>clipview search "beach + sunset - people"</code> and
<code>clipview search "~/Pictures/a.jpg + snow"</code>; <code>clipview similar PHOTO</code>
is Find similar.</p>"""),
    ))


_WINDOW = QT_TRANSLATE_NOOP("Help", "Window")
_VIEWER = QT_TRANSLATE_NOOP("Help", "Viewer")
SHORTCUTS: tuple[tuple[object, object, object], ...] = (
    # (where, keys, what), translated when shown
    (_WINDOW, QT_TRANSLATE_NOOP("Help", "Ctrl+F"),
     QT_TRANSLATE_NOOP("Help", "Go to the search field")),
    (_WINDOW, QT_TRANSLATE_NOOP("Help", "Enter"),
     QT_TRANSLATE_NOOP("Help", "Show the photo in the viewer (also double-click)")),
    (_WINDOW, QT_TRANSLATE_NOOP("Help", "Space"),
     QT_TRANSLATE_NOOP("Help", "Show the photo in the viewer")),
    (_WINDOW, QT_TRANSLATE_NOOP("Help", "Arrow keys"),
     QT_TRANSLATE_NOOP("Help", "Move between photos")),
    (_WINDOW, QT_TRANSLATE_NOOP("Help", "Ctrl+wheel"),
     QT_TRANSLATE_NOOP("Help", "Make the thumbnails larger or smaller")),
    (_WINDOW, QT_TRANSLATE_NOOP("Help", "Ctrl+C"),
     QT_TRANSLATE_NOOP("Help", "Copy the paths of the selected photos")),
    (_WINDOW, QT_TRANSLATE_NOOP("Help", "Delete"),
     QT_TRANSLATE_NOOP("Help", "Move the selected photos to the trash")),
    (_WINDOW, QT_TRANSLATE_NOOP("Help", "F5"),
     QT_TRANSLATE_NOOP("Help", "Rescan the folders (index now)")),
    (_WINDOW, QT_TRANSLATE_NOOP("Help", "Ctrl+Q"), QT_TRANSLATE_NOOP("Help", "Quit")),
    (_WINDOW, QT_TRANSLATE_NOOP("Help", "Escape"), QT_TRANSLATE_NOOP("Help", "Clear the search")),
    (_VIEWER, QT_TRANSLATE_NOOP("Help", "← / → (or wheel)"),
     QT_TRANSLATE_NOOP("Help", "Previous / next photo")),
    (_VIEWER, QT_TRANSLATE_NOOP("Help", "1"),
     QT_TRANSLATE_NOOP("Help", "100 % (real size); drag to move around")),
    (_VIEWER, QT_TRANSLATE_NOOP("Help", "0 or F"), QT_TRANSLATE_NOOP("Help", "Fit to the window")),
    (_VIEWER, QT_TRANSLATE_NOOP("Help", "I"),
     QT_TRANSLATE_NOOP("Help", "Show or hide the details")),
    (_VIEWER, QT_TRANSLATE_NOOP("Help", "Enter"),
     QT_TRANSLATE_NOOP("Help", "Open in the default application")),
    (_VIEWER, QT_TRANSLATE_NOOP("Help", "Escape or Space"),
     QT_TRANSLATE_NOOP("Help", "Close the viewer")),
)


def add_help_menu(window: QMainWindow,
                  about_info: Callable[[], dict[str, str]]) -> QMenu:
    """Add "Help" to the window's menu bar: Query syntax (F1), Keyboard shortcuts, Licences,
    About."""
    menu = window.menuBar().addMenu(translate("Help", "&Help"))
    syntax = menu.addAction(translate("Help", "&Query syntax"))
    syntax.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    syntax.triggered.connect(lambda: _show(query_syntax_dialog(window)))
    keys = menu.addAction(translate("Help", "&Keyboard shortcuts"))
    keys.triggered.connect(lambda: _show(shortcuts_dialog(window)))
    licences = menu.addAction(menu_text())   # Help ▸ Licences… (gui/licences_view.py)
    licences.triggered.connect(lambda: _show(licences_dialog(window)))
    menu.addSeparator()
    about = menu.addAction(translate("Help", "&About clipview"))
    about.setMenuRole(about.MenuRole.AboutRole)
    about.triggered.connect(lambda: _show(about_dialog(window, about_info())))
    return menu


def _tr(text: str) -> str:
    return translate("Help", text)


def _show(dialog: QDialog) -> None:
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    dialog.raise_()


def _dialog(parent: QWidget | None, title: str, body: QWidget
            ) -> tuple[QDialog, QDialogButtonBox]:
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    layout = QVBoxLayout(dialog)
    layout.addWidget(body, 1)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    return dialog, buttons


def query_syntax_dialog(parent: QWidget | None = None) -> QDialog:
    """How to write a query (the syntax of clipview.core.search.query)."""
    text = accessible.name(QTextBrowser(), translate("Help", "Query syntax"))
    text.setObjectName("querySyntax")
    text.setOpenLinks(False)
    text.setHtml(query_syntax_html())
    dialog, _ = _dialog(parent, translate("Help", "Query syntax"), text)
    dialog.resize(560, 620)
    return dialog


def shortcuts_dialog(parent: QWidget | None = None) -> QDialog:
    """A table of the keys: where, keys, what they do."""
    table = accessible.name(QTableWidget(len(SHORTCUTS), 3),
                            translate("Help", "Keyboard shortcuts"))
    table.setObjectName("shortcuts")
    table.setHorizontalHeaderLabels([translate("Help", "Where"), translate("Help", "Keys"),
                                     translate("Help", "What")])
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
    table.setAlternatingRowColors(True)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    for row, (where, keys, what) in enumerate(SHORTCUTS):
        for column, value in enumerate((_tr(str(where)), _tr(str(keys)), _tr(str(what)))):
            table.setItem(row, column, QTableWidgetItem(value))
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    dialog, _ = _dialog(parent, translate("Help", "Keyboard shortcuts"), table)
    dialog.resize(620, 520)
    return dialog


def about_rows(info: dict[str, str]) -> list[tuple[str, str]]:
    """clipview's version, then ``info`` (model, device, library …), then the runtimes."""
    rows = [("clipview", clipview.__version__)]
    rows += [(key, value) for key, value in info.items() if value]
    if not any(key.lower().startswith("onnx runtime") for key, _ in rows):
        rows.append(("ONNX Runtime", onnxruntime_version()))
    rows.append(("Qt", f"{qVersion()} (PySide6 {pyside_version})"))
    rows.append(("Python", f"{platform.python_version()} on {sys.platform}"))
    return rows


def onnxruntime_version() -> str:
    try:
        import onnxruntime
    except ImportError:  # pragma: no cover - a declared dependency
        return translate("Help", "not installed")
    return str(onnxruntime.__version__)


def about_dialog(parent: QWidget | None, info: dict[str, str]) -> QDialog:
    """Versions, the model and device in use, the library folder; Copy puts them on the
    clipboard (for a bug report)."""
    rows = about_rows(info)
    table = "".join(f"<tr><td style='padding-right:12px'><b>{html.escape(key)}</b></td>"
                    f"<td>{html.escape(value)}</td></tr>" for key, value in rows)
    tagline = html.escape(translate("Help", "Browse your photos by what they show."))
    label = QLabel(f"<h2>clipview {html.escape(clipview.__version__)}</h2>"
                   f"<p>{tagline}</p><table>{table}</table>")
    label.setObjectName("about")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    dialog, buttons = _dialog(parent, translate("Help", "About clipview"), label)
    copy = buttons.addButton(translate("Help", "Copy"), QDialogButtonBox.ButtonRole.ActionRole)
    copy.setToolTip(translate("Help", "Copy the versions, for a bug report"))
    plain = "\n".join(f"{key}: {value}" for key, value in rows)
    copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(plain))
    return dialog
