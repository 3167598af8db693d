"""The folder tree: "All photos" at the top, then each tracked folder with its sub-folders,
photo counts and state. Top-level folders of the same name show the folders they are in
("photos — t1"), as editors do for tabs. A name is cut (in its middle, keeping its start and
end) only when the sidebar is too narrow for it:
the name column takes the room, the count is right-aligned in its own column, and a state
("indexing", "offline", "waiting for a model") is drawn after the name in a quieter colour,
never in it; "indexing" only on the folder being indexed. Clicking a folder browses it;
Ctrl+click picks several; "All photos" (or Escape, or a click on empty space) clears the
scope. The scope changes only when the person changes it: rebuilding the tree (new counts
while indexing, after a trash) keeps the scope, the selection and which folders are expanded
as they were."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clipview.core.paths import inside
from clipview.gui import accessible
from clipview.gui.actions import add_folder_start
from clipview.gui.errors import reported
from clipview.gui.results_model import count_text
from clipview.gui.translation import translate

PATH = Qt.ItemDataRole.UserRole
STATE = Qt.ItemDataRole.UserRole + 1   # a folder's note: "indexing", "offline, 3 skipped"
ALL = ""   # the path data of the "All photos" item
Index = QModelIndex | QPersistentModelIndex
_GAP = 8   # pixels between a name and its note


class _NameDelegate(QStyledItemDelegate):
    """The name column: the name, cut in its middle only when there is no room, then the
    folder's note (STATE) in a quieter, smaller font."""

    def layout(self, option: QStyleOptionViewItem, index: Index
               ) -> tuple[str, QRect, str, QRect]:
        """(name as drawn, its rect, note as drawn, its rect) within ``option.rect``."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget is not None else None
        text_rect = (style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt,
                                          opt.widget) if style is not None else opt.rect)
        name, note = opt.text, str(index.data(STATE) or "")
        names = QFontMetrics(opt.font)
        notes = QFontMetrics(_note_font(opt.font))
        # the name first; the note keeps at least a short word's room (its tooltip has all)
        keep = min(notes.horizontalAdvance(note), notes.horizontalAdvance(_indexing())) + _GAP \
            if note else 0
        room = max(text_rect.width() - keep, 0)
        shown = names.elidedText(name, Qt.TextElideMode.ElideMiddle, room)
        name_rect = QRect(text_rect.left(), text_rect.top(), room, text_rect.height())
        used = min(names.horizontalAdvance(shown), room)
        note_rect = QRect(text_rect.left() + used + _GAP, text_rect.top(),
                          max(text_rect.width() - used - _GAP, 0), text_rect.height())
        return shown, name_rect, notes.elidedText(note, Qt.TextElideMode.ElideRight,
                                                  note_rect.width()), note_rect

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        shown, name_rect, note, note_rect = self.layout(option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        quiet = opt.palette.color(QPalette.ColorRole.PlaceholderText)
        plain = opt.palette.color(QPalette.ColorRole.HighlightedText if selected
                                  else QPalette.ColorRole.Text)
        greyed = index.data(Qt.ItemDataRole.ForegroundRole) is not None   # offline
        align = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(quiet if greyed and not selected else plain)
        painter.drawText(name_rect, align, shown)
        if note:
            painter.setFont(_note_font(opt.font))
            painter.setPen(plain if selected else quiet)
            painter.drawText(note_rect, align, note)
        painter.restore()


def _note_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * 0.85)
    small.setItalic(True)
    return small


def _indexing() -> str:
    return translate("FolderSidebar", "indexing", "a folder's note while it is indexed")


def shown_label(item: QTreeWidgetItem) -> str:
    """What a person reads on a row: the name, and its note in brackets."""
    note = str(item.data(0, STATE) or "")
    return f"{item.text(0)} ({note})" if note else item.text(0)


class _Tree(QTreeWidget):
    cleared = Signal()

    @reported("mouse")
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.itemAt(event.position().toPoint()) is None:
            self.cleared.emit()   # a click on empty space: back to all photos
            return
        super().mousePressEvent(event)

    @reported("key")
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cleared.emit()
            return
        super().keyPressEvent(event)


class FolderSidebar(QWidget):
    addRequested = Signal(str)
    forgetRequested = Signal(str)
    scopeChanged = Signal(list)   # [folder path, ...]; [] = all photos

    def __init__(self) -> None:
        super().__init__()
        self.last_added: str | None = None   # "Add folder…" opens beside it next time
        self.tree = _Tree()
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(2)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.names = _NameDelegate(self.tree)
        self.tree.setItemDelegateForColumn(0, self.names)
        header = self.tree.header()
        header.setStretchLastSection(False)   # the name column takes the room
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemSelectionChanged.connect(self._selection_changed)
        self.tree.cleared.connect(self.clear_scope)
        accessible.name(self.tree, self.tr("Folders"), self.tr(
            "The library's folders with their photo counts; choosing folders shows only "
            "their photos, Escape shows all"))
        add = QPushButton(self.tr("Add folder…"))
        add.setToolTip(self.tr("Choose a folder of photos to index"))
        add.clicked.connect(self._ask)
        self.remove = QPushButton(self.tr("Remove…"))
        self.remove.setToolTip(self.tr("Stop tracking the folder; the photos stay on disk"))
        self.remove.clicked.connect(self._forget)
        self.hint = QLabel(self.tr("Drop folders anywhere on the window to index them."))
        self.hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.remove)
        layout = QVBoxLayout(self)
        heading = QLabel("<b>{}</b>".format(self.tr("Library")))
        heading.setBuddy(self.tree)
        layout.addWidget(heading)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        self._scope: list[str] = []
        self._roots: list[str] = []
        self._indexing = False
        self._indexed_root: str | None = None   # the folder the running index is in
        self._stale = False
        self._shown: tuple[list[Mapping[str, object]], dict[str, int]] = ([], {})
        self.show_folders([], {})

    # -- contents -----------------------------------------------------------------------
    def show_folders(self, folders: Sequence[Mapping[str, object]],
                     directories: Mapping[str, int]) -> None:
        """Rebuild from the tracked folders and the photo count of every directory."""
        self._shown = (list(folders), dict(directories))
        self._stale = self._indexing   # counts read while indexing are about to change
        self._render()

    def _render(self) -> None:
        folders, directories = self._shown
        seen = {str(i.data(0, PATH)): i.isExpanded() for i in _walk(self.tree)}
        scrolled = self.tree.verticalScrollBar().value()
        with QSignalBlocker(self.tree):
            self.tree.clear()
            total = sum(int(str(f.get("images", 0))) for f in folders)
            everything = QTreeWidgetItem([self.tr("All photos"), str(total)])
            everything.setData(0, PATH, ALL)
            everything.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
            _spoken_count(everything, total)
            self.tree.addTopLevelItem(everything)
            self._roots = [str(f["path"]) for f in folders]
            labels = root_labels(self._roots)
            for folder in sorted(folders, key=lambda f: labels[str(f["path"])].casefold()):
                self._add_root(folder, directories, labels[str(folder["path"])])
            for item in _walk(self.tree):   # expanded as the person left them
                path = str(item.data(0, PATH))
                if path in seen:
                    item.setExpanded(seen[path])
            self._restore_selection()
        self.tree.verticalScrollBar().setValue(scrolled)
        self.remove.setEnabled(bool(self._roots))

    def _add_root(self, folder: Mapping[str, object], directories: Mapping[str, int],
                  label: str) -> None:
        path = str(folder["path"])
        state = []
        if folder.get("offline"):
            state.append(self.tr("offline"))
        if folder.get("skipped"):
            state.append(self.tr("{count} skipped").format(count=folder["skipped"]))
        if self._indexing and path == self._indexed_root:
            state.append(_indexing())
        elif folder.get("waiting"):
            state.append(self.tr("waiting for a model"))   # tracked; indexed when one opens
        item = QTreeWidgetItem([label, str(folder.get("images", 0))])
        item.setData(0, PATH, path)
        item.setData(0, STATE, ", ".join(state))
        item.setData(0, Qt.ItemDataRole.AccessibleTextRole, shown_label(item))
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
        _spoken_count(item, int(str(folder.get("images", 0))))
        item.setToolTip(0, path + (f"\n{', '.join(state)}" if state else ""))
        if folder.get("offline"):
            item.setForeground(0, self.palette().placeholderText())
        self.tree.addTopLevelItem(item)
        _add_children(item, path, directories)
        item.setExpanded(path in self._scope or len(self._roots) == 1)

    def roots(self) -> list[str]:
        """The tracked folders as last shown."""
        return list(self._roots)

    def count_of(self, path: str) -> int | None:
        """Photos under a folder as last shown; None while it is being indexed or unknown
        (a count that is about to change is not one to quote to a person)."""
        if self._stale:
            return None
        for item in _walk(self.tree):
            if str(item.data(0, PATH)) == path:
                return int(item.text(1) or 0)
        return None

    def set_indexing(self, indexing: bool, current: str | None = None) -> None:
        """Whether an index run adds photos now, and the file it is at (its folder gets
        the "indexing" note; none before the first file)."""
        root = self._root_of(current) if indexing and current else (
            self._indexed_root if indexing else None)
        if indexing != self._indexing or root != self._indexed_root:
            self._indexing, self._indexed_root = indexing, root
            self._stale |= indexing   # fresh counts come with the next folder list
            self._render()   # the "indexing" note follows at once

    def _root_of(self, path: str) -> str | None:
        holding = [r for r in self._roots if inside(path, r)]
        return max(holding, key=len) if holding else None

    # -- scope --------------------------------------------------------------------------
    def scope(self) -> list[str]:
        return list(self._scope)

    def current_folder(self) -> str:
        """The one folder in scope ("" for all photos or several folders)."""
        return self._scope[0] if len(self._scope) == 1 else ""

    def set_scope(self, paths: list[str]) -> None:
        if paths != self._scope:
            self._scope = list(paths)
            with QSignalBlocker(self.tree):
                self._restore_selection()
            self.scopeChanged.emit(self.scope())

    def clear_scope(self) -> None:
        self.set_scope([])

    def _restore_selection(self) -> None:
        self.tree.clearSelection()
        wanted = set(self._scope) or {ALL}
        for item in _walk(self.tree):
            if str(item.data(0, PATH)) in wanted:
                item.setSelected(True)

    def _selection_changed(self) -> None:
        paths = [str(i.data(0, PATH)) for i in self.tree.selectedItems()]
        chosen = sorted(p for p in paths if p != ALL)
        if ALL in paths and len(paths) == 1 or not paths:
            chosen = []
        self.set_scope(chosen)

    # -- add and remove -----------------------------------------------------------------
    def _ask(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Add a folder of photos"),
                                                add_folder_start(self.last_added))
        if path:
            self.last_added = path
            self.addRequested.emit(path)

    def _forget(self) -> None:
        roots = [p for p in self._scope if p in self._roots]
        if not roots and len(self._roots) == 1:
            roots = list(self._roots)
        for path in roots:
            self.forgetRequested.emit(path)


def root_labels(paths: Sequence[str]) -> dict[str, str]:
    """Each tracked folder's name; folders of the same name get as many of the folders they
    are in as tell them apart: "photos — t1", "photos — shared" (or "photos — a/t1")."""
    def parts(path: str) -> list[str]:
        return [p for p in path.rstrip(os.sep).split(os.sep) if p]

    def name(path: str) -> str:
        return os.path.basename(path.rstrip(os.sep)) or path

    labels = {path: name(path) for path in paths}
    for same in _same_names(paths, name):
        parents = {path: parts(path)[:-1] for path in same}
        tails = {path: "" for path in same}
        for depth in range(1, max(len(p) for p in parents.values()) + 1):
            tails = {path: "/".join(parents[path][-depth:]) for path in same}
            if len(set(tails.values())) == len(same):
                break
        for path in same:
            labels[path] = f"{name(path)} — {tails[path] or os.sep}"
    return labels


def _same_names(paths: Sequence[str], name: Callable[[str], str]) -> list[list[str]]:
    groups: dict[str, list[str]] = {}
    for path in paths:
        groups.setdefault(name(path), []).append(path)
    return [group for group in groups.values() if len(group) > 1]


def _add_children(parent: QTreeWidgetItem, root: str, directories: Mapping[str, int]) -> None:
    """Nested sub-folders of ``root`` with the photos under each (their own and below)."""
    under: dict[str, int] = {}
    prefix = root.rstrip(os.sep) + os.sep
    for directory, count in directories.items():
        if not directory.startswith(prefix):
            continue
        parts = directory[len(prefix):].split(os.sep)
        for depth in range(1, len(parts) + 1):
            key = prefix + os.sep.join(parts[:depth])
            under[key] = under.get(key, 0) + count
    items: dict[str, QTreeWidgetItem] = {root.rstrip(os.sep): parent}
    for path in sorted(under):
        owner = items.get(os.path.dirname(path), parent)
        item = QTreeWidgetItem([os.path.basename(path), str(under[path])])
        item.setData(0, PATH, path)
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight)
        _spoken_count(item, under[path])
        item.setToolTip(0, path)
        owner.addChild(item)
        items[path] = item


def _spoken_count(item: QTreeWidgetItem, count: int) -> None:
    """The count column as a screen reader says it: "24 photos", not "24"."""
    item.setData(1, Qt.ItemDataRole.AccessibleTextRole, count_text(count))


def _walk(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    found: list[QTreeWidgetItem] = []
    stack = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    while stack:
        item = stack.pop()
        if item is None:
            continue
        found.append(item)
        stack.extend(item.child(i) for i in range(item.childCount()))
    return found
