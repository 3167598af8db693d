"""The two lists of the Models dialog: installed models and the catalogue."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem

from clipview.core.models import catalogue as model_catalogue
from clipview.core.models.catalogue import CatalogueEntry
from clipview.core.models.store import InstalledModel
from clipview.gui import accessible
from clipview.gui.model_text import FOR_WHAT, for_what, languages_short, size_text
from clipview.gui.translation import translate

_NAME = Qt.ItemDataRole.UserRole
_SHORT = {"cpu": QT_TRANSLATE_NOOP("CatalogueTable", "for a CPU"),
          "gpu": QT_TRANSLATE_NOOP("CatalogueTable", "for a GPU"),
          "multilingual": QT_TRANSLATE_NOOP("CatalogueTable", "many languages")}


class _Table(QTreeWidget):
    def __init__(self, headers: list[str], numeric: tuple[int, ...], label: str) -> None:
        super().__init__()
        accessible.name(self, label)
        self.numeric = numeric   # columns aligned right
        self.setHeaderLabels(headers)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)

    def selected_name(self) -> str | None:
        items = self.selectedItems()
        return str(items[0].data(0, _NAME)) if items else None

    def items(self) -> list[QTreeWidgetItem]:
        found = (self.topLevelItem(i) for i in range(self.topLevelItemCount()))
        return [item for item in found if item is not None]

    def names(self) -> list[str]:
        return [str(item.data(0, _NAME)) for item in self.items()]

    def select_name(self, name: str | None) -> None:
        for item in self.items():
            if item.data(0, _NAME) == name:
                self.setCurrentItem(item)
                return

    def _replace(self, rows: Iterable[tuple[str, list[str]]]) -> None:
        kept = self.selected_name()
        self.clear()
        for name, cells in rows:
            item = QTreeWidgetItem(cells)
            item.setData(0, _NAME, name)
            for column in self.numeric:
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
            self.addTopLevelItem(item)
        self.select_name(kept)
        for column in range(self.columnCount()):
            self.resizeColumnToContents(column)


class InstalledTable(_Table):
    """Name, vector size, disk size, languages and state (in use / being built)."""

    STATE = 4

    def __init__(self) -> None:
        super().__init__([self.tr("Name"), self.tr("Vector size"), self.tr("On disk"),
                          self.tr("Languages"), self.tr("State")], (1, 2),
                         self.tr("Installed models"))

    def fill(self, models: list[InstalledModel]) -> None:
        self._replace((m.name, [m.name, str(m.dim or "?"), size_text(m.size_bytes),
                                _languages(m.name), ""]) for m in models)

    def show_state(self, in_use: str | None, target: str | None, done: int,
                   total: int) -> None:
        for item in self.items():
            model = item.data(0, _NAME)
            text = self.tr("in use") if model == in_use else ""
            if model == target:
                text = self.tr("building vectors: {percent}%").format(
                    percent=done * 100 // total) if total else self.tr("building vectors")
            item.setText(self.STATE, text)
            font = item.font(0)
            font.setBold(model == in_use)
            item.setFont(0, font)
        self.resizeColumnToContents(0)
        self.resizeColumnToContents(self.STATE)


class CatalogueTable(_Table):
    """Every catalogue model, cheapest on a CPU first; recommended ones marked."""

    def __init__(self) -> None:
        super().__init__([self.tr("Name"), self.tr("Languages"), self.tr("Vector size"),
                          self.tr("Download"), self.tr("CPU time"), self.tr("Recall"),
                          self.tr("Notes")], (2, 3, 4, 5), self.tr("Models to download"))
        self.setToolTip(self.tr("CPU time: per photo, relative to OpenAI's ViT-B/32. Recall: "
                                "Crossmodal-3600, English (Immich's measurements)"))

    def fill(self, installed: set[str]) -> None:
        self._replace((e.name, _cells(e, e.name in installed))
                      for e in model_catalogue.catalogue())
        for item in self.items():
            entry = model_catalogue.find(str(item.data(0, _NAME)))
            if entry is not None and entry.recommended in FOR_WHAT:
                item.setToolTip(6, for_what(entry.recommended))

    def selected_entry(self) -> CatalogueEntry | None:
        name = self.selected_name()
        return model_catalogue.find(name) if name else None


def _cells(entry: CatalogueEntry, installed: bool) -> list[str]:
    short = _SHORT.get(entry.recommended or "")
    notes = [f"★ {translate('CatalogueTable', str(short))}"] if short else []
    if installed:
        notes.append(translate("CatalogueTable", "installed"))
    size = ("~" if entry.size_estimated else "") + size_text(entry.size_bytes)
    return [entry.name, languages_short(entry.languages), str(entry.dim), size,
            f"{entry.cpu_cost:.1f}×" if entry.cpu_cost is not None else "?",
            f"{entry.recall_en:.1f}" if entry.recall_en is not None else "?",
            ", ".join(notes)]


def _languages(name: str) -> str:
    entry = model_catalogue.find(name)
    return languages_short(entry.languages) if entry else "—"
