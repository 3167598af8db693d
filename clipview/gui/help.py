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
from PySide6.QtCore import Qt, qVersion
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
from clipview.gui.licences_view import licences_dialog, menu_text

QUERY_SYNTAX_HTML = """
<h2>Searching</h2>
<p>Type what you are looking for, in plain words: <code>dog on a beach</code>,
<code>red car at night</code>. Results come as you type; <b>Enter</b> searches at once.</p>
<h3>Adding and taking away</h3>
<p>Join terms with <code>+</code> and <code>-</code>, with a space on each side:
<code>beach + sunset - people</code> finds beach sunsets without people. Without the spaces a
dash stays part of the word, so <code>t-shirt</code> is one term. A leading
<code>-</code> takes a term away: <code>- people</code>.</p>
<h3>Weights</h3>
<p>Put a number and a colon before a term to make it count more (or less):
<code>2:dog + cat</code> (twice as much dog), <code>0.5:snow + mountain</code>.</p>
<h3>Quotes</h3>
<p>Double quotes keep a term whole, so a phrase or a path that contains
<code> + </code> or <code> - </code> is not split:
<code>"rock - paper - scissors"</code>, <code>"~/Pictures/Trip - Day 1/a.jpg" + snow</code>.</p>
<h3>Photos as terms</h3>
<p>A path to a photo is a term too: the photo stands for what it shows.
<code>~/Pictures/a.jpg + snow</code> finds photos like <i>a.jpg</i>, but snowy;
<code>~/Pictures/a.jpg - ~/Pictures/b.jpg</code> keeps what <i>a</i> has and <i>b</i> has not.
A query that is just the path of a photo finds photos like it. <code>~</code> is your home
folder.</p>
<h3>Dropping and pasting photos</h3>
<p>Drop a photo on the window or on the search field, or paste an image (<b>Ctrl+V</b>) into
the search field, to search by it. Dropping a folder adds it to the library.</p>
<h3>From a photo in the grid</h3>
<p>Right-click a photo: <b>Find similar</b> shows the photos most like it;
<b>More like this</b> adds it to the current search, <b>Less like this</b> takes it away.
The photos in a search are shown as small chips in the search field; remove a chip to take
its photo out of the search.</p>
<h3>On the command line</h3>
<p>The same syntax works in <code>clipview search "beach + sunset - people"</code> and
<code>clipview search "~/Pictures/a.jpg + snow"</code>; <code>clipview similar PHOTO</code>
is Find similar.</p>
"""

SHORTCUTS: tuple[tuple[str, str, str], ...] = (
    # (where, keys, what)
    ("Window", "Ctrl+F", "Go to the search field"),
    ("Window", "Enter", "Show the photo in the viewer (also double-click)"),
    ("Window", "Space", "Show the photo in the viewer"),
    ("Window", "Arrow keys", "Move between photos"),
    ("Window", "Ctrl+wheel", "Make the thumbnails larger or smaller"),
    ("Window", "Ctrl+C", "Copy the paths of the selected photos"),
    ("Window", "Delete", "Move the selected photos to the trash"),
    ("Window", "F5", "Rescan the folders (index now)"),
    ("Window", "Ctrl+Q", "Quit"),
    ("Window", "Escape", "Clear the search"),
    ("Viewer", "← / → (or wheel)", "Previous / next photo"),
    ("Viewer", "1", "100 % (real size); drag to move around"),
    ("Viewer", "0 or F", "Fit to the window"),
    ("Viewer", "I", "Show or hide the details"),
    ("Viewer", "Enter", "Open in the default application"),
    ("Viewer", "Escape or Space", "Close the viewer"),
)


def add_help_menu(window: QMainWindow,
                  about_info: Callable[[], dict[str, str]]) -> QMenu:
    """Add "Help" to the window's menu bar: Query syntax (F1), Keyboard shortcuts, Licences,
    About."""
    menu = window.menuBar().addMenu("&Help")
    syntax = menu.addAction("&Query syntax")
    syntax.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    syntax.triggered.connect(lambda: _show(query_syntax_dialog(window)))
    keys = menu.addAction("&Keyboard shortcuts")
    keys.triggered.connect(lambda: _show(shortcuts_dialog(window)))
    licences = menu.addAction(menu_text())   # Help ▸ Licences… (gui/licences_view.py)
    licences.triggered.connect(lambda: _show(licences_dialog(window)))
    menu.addSeparator()
    about = menu.addAction("&About clipview")
    about.setMenuRole(about.MenuRole.AboutRole)
    about.triggered.connect(lambda: _show(about_dialog(window, about_info())))
    return menu


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
    text = QTextBrowser()
    text.setObjectName("querySyntax")
    text.setOpenLinks(False)
    text.setHtml(QUERY_SYNTAX_HTML)
    dialog, _ = _dialog(parent, "Query syntax", text)
    dialog.resize(560, 620)
    return dialog


def shortcuts_dialog(parent: QWidget | None = None) -> QDialog:
    """A table of the keys: where, keys, what they do."""
    table = QTableWidget(len(SHORTCUTS), 3)
    table.setObjectName("shortcuts")
    table.setHorizontalHeaderLabels(["Where", "Keys", "What"])
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
    table.setAlternatingRowColors(True)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    for row, cells in enumerate(SHORTCUTS):
        for column, value in enumerate(cells):
            table.setItem(row, column, QTableWidgetItem(value))
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
    dialog, _ = _dialog(parent, "Keyboard shortcuts", table)
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
        return "not installed"
    return str(onnxruntime.__version__)


def about_dialog(parent: QWidget | None, info: dict[str, str]) -> QDialog:
    """Versions, the model and device in use, the library folder; Copy puts them on the
    clipboard (for a bug report)."""
    rows = about_rows(info)
    table = "".join(f"<tr><td style='padding-right:12px'><b>{html.escape(key)}</b></td>"
                    f"<td>{html.escape(value)}</td></tr>" for key, value in rows)
    label = QLabel(f"<h2>clipview {html.escape(clipview.__version__)}</h2>"
                   "<p>Browse your photos by what they show.</p>"
                   f"<table>{table}</table>")
    label.setObjectName("about")
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    dialog, buttons = _dialog(parent, "About clipview", label)
    copy = buttons.addButton("Copy", QDialogButtonBox.ButtonRole.ActionRole)
    plain = "\n".join(f"{key}: {value}" for key, value in rows)
    copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(plain))
    return dialog
