"""Help ▸ Licences: every component of clipview — name, version, licence — and the selected
one's licence texts beside the list.

The list is ``clipview.core.licences.app_components``: a frozen app's bundled index, or, in a
pip install, importlib.metadata read at open time (about a second: its wheels' RECORDs and
licence files), so it is read, texts and all, on a worker thread and comes back to the GUI
thread by a queued signal; the dialog says "Reading…" until then.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

import clipview
from clipview.core.licences import Component, app_components, app_licence

logger = logging.getLogger(__name__)

Lister = Callable[[], list[Component]]
Listed = list[tuple[Component, str]]   # each component with its page of text


def _tr(text: str) -> str:
    return QCoreApplication.translate("LicencesDialog", text)


def page(component: Component) -> str:
    """What the text view shows for ``component``: who it is, then its licence texts."""
    head = [f"{component.name} {component.version}".strip(),
            _tr("Licence: {spdx}").format(spdx=component.spdx or _tr("see the text")),
            _tr("From: {origin}").format(origin=component.origin)]
    head += [_tr("Home: {url}").format(url=component.url)] if component.url else []
    head += [_tr("Source: {source}").format(source=component.source)] if component.source else []
    head += [component.note] if component.note else []
    texts = [f"{'=' * 72}\n{text.title}\n{'=' * 72}\n\n{text.read()}" for text in component.texts]
    return "\n".join(head) + "\n\n" + ("\n\n".join(texts) or _tr("(no licence text found)"))


def summary_text(licence: str, bundled: bool) -> str:
    version = clipview.__version__
    if bundled:
        return _tr("This clipview {version} binary is distributed as a whole under {licence} "
                   "(the file COPYING in its licences folder); each component below is under "
                   "its own licence.").format(version=version, licence=licence)
    return _tr("clipview {version} is under {licence}. It runs on the components below, each "
               "under its own licence.").format(version=version, licence=licence)


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues the call to the GUI thread."""

    listed = Signal(object)   # Listed
    failed = Signal(str)


class LicencesDialog(QDialog):
    """The components in a table (sortable, one selected), the selected one's text beside."""

    listed = Signal(int)   # how many components are shown (GUI thread)

    def __init__(self, parent: QWidget | None = None, lister: Lister = app_components) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Licences"))
        self.pages: Listed = []
        self.summary = QLabel(self.tr("Reading the list of components…"))
        self.summary.setWordWrap(True)
        self.table = self._table()
        self.text = QPlainTextEdit()
        self.text.setObjectName("licenceText")
        self.text.setAccessibleName(self.tr("Licence text"))
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.text)
        splitter.setSizes([480, 560])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.resize(1080, 680)
        self._relay = _Relay(self)
        self._relay.listed.connect(self.show_components)
        self._relay.failed.connect(self.summary.setText)
        self._read(lister)

    def _table(self) -> QTableWidget:
        table = QTableWidget(0, 3)
        table.setObjectName("licenceComponents")
        table.setAccessibleName(self.tr("Components and their licences"))
        table.setHorizontalHeaderLabels([self.tr("Component"), self.tr("Version"),
                                         self.tr("Licence")])
        table.verticalHeader().hide()
        table.setWordWrap(False)   # one line a component; the tooltip has it all
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.itemSelectionChanged.connect(self._show_selected)
        return table

    def _read(self, lister: Lister) -> None:
        relay = self._relay

        def work() -> None:
            try:
                licence, bundled = app_licence()
                listed = [(component, page(component)) for component in lister()]
                relay.listed.emit((summary_text(licence, bundled), listed))
            except Exception as exc:  # shown in the dialog, traceback in the log
                logger.exception("reading the licences failed")
                relay.failed.emit(_tr("The licences could not be read: {error}").format(
                    error=exc))

        threading.Thread(target=work, name="licences", daemon=True).start()

    def show_components(self, found: tuple[str, Listed]) -> None:
        """Fill the table (GUI thread) and show the first component's text."""
        summary, self.pages = found
        self.summary.setText(summary)
        self.table.setRowCount(len(self.pages))
        for row, (component, _) in enumerate(self.pages):
            for column, value in enumerate((component.name, component.version, component.spdx)):
                item = QTableWidgetItem(value)
                item.setToolTip(f"{component.name} {component.version}\n{component.spdx}\n"
                                f"{component.origin}")
                item.setData(Qt.ItemDataRole.UserRole, row)
                self.table.setItem(row, column, item)
        if self.pages:
            self.table.selectRow(0)
        self.listed.emit(len(self.pages))

    def _show_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        item = self.table.item(rows[0].row(), 0) if rows else None
        if item is not None:
            self.text.setPlainText(self.pages[int(item.data(Qt.ItemDataRole.UserRole))][1])
            self.text.moveCursor(self.text.textCursor().MoveOperation.Start)

    def component_names(self) -> list[str]:
        return [component.name for component, _ in self.pages]

    def text_of(self, name: str) -> str:
        """The page of the first component called ``name`` ("" when none is)."""
        return next((text for component, text in self.pages if component.name == name), "")


def licences_dialog(parent: QWidget | None = None) -> LicencesDialog:
    return LicencesDialog(parent)


def menu_text() -> str:
    """The Help menu's entry."""
    return _tr("&Licences…")
