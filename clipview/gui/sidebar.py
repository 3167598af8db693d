"""Folder sidebar: indexed folders with photo counts and state; add and remove."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class FolderSidebar(QWidget):
    addRequested = Signal(str)
    forgetRequested = Signal(str)
    folderChosen = Signal(str)   # filter results to this folder ("" = all)

    def __init__(self) -> None:
        super().__init__()
        self.list = QListWidget()
        self.list.setTextElideMode(Qt.TextElideMode.ElideLeft)
        self.list.currentItemChanged.connect(self._chosen)
        add = QPushButton("Add folder…")
        add.clicked.connect(self._ask)
        self.remove = QPushButton("Remove")
        self.remove.setToolTip("Stop tracking the folder; the photos stay on disk")
        self.remove.clicked.connect(self._forget)
        self.hint = QLabel("Drop folders anywhere on the window to index them.")
        self.hint.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.remove)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<b>Folders</b>"))
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.hint)
        self._indexing = False

    def show_folders(self, folders: list[dict[str, object]]) -> None:
        current = self.current_folder()
        self.list.clear()
        for folder in folders:
            path = str(folder["path"])
            text = f"{path}\n{folder['images']} photos"
            if folder.get("skipped"):
                text += f", {folder['skipped']} skipped"
            if self._indexing:
                text += " · indexing"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            self.list.addItem(item)
            if path == current:
                self.list.setCurrentItem(item)
        self.remove.setEnabled(self.list.count() > 0)

    def set_indexing(self, indexing: bool) -> None:
        self._indexing = indexing

    def current_folder(self) -> str:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ""

    def _ask(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Add a folder of photos")
        if path:
            self.addRequested.emit(path)

    def _forget(self) -> None:
        path = self.current_folder()
        if path:
            self.forgetRequested.emit(path)

    def _chosen(self, *_: object) -> None:
        self.folderChosen.emit(self.current_folder())
