"""The main window's layout, menus and drag-and-drop. Behaviour lives in the controller."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QMainWindow,
    QSlider,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from clipview.gui.results_view import MAX_CELL, MIN_CELL, ResultsView
from clipview.gui.search_field import SearchField, image_path_in
from clipview.gui.sidebar import FolderSidebar
from clipview.gui.status_panel import StatusPanel


class MainWindow(QMainWindow):
    foldersDropped = Signal(list)   # [path, ...]

    def __init__(self, cell: int = 160) -> None:
        super().__init__()
        self.setWindowTitle("clipview")
        self.resize(1200, 800)
        self.setAcceptDrops(True)
        self.search = SearchField()
        self.view = ResultsView(cell)
        self.sidebar = FolderSidebar()
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        centre = QWidget()
        layout = QVBoxLayout(centre)
        layout.addWidget(self.search)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)
        splitter = QSplitter()
        splitter.addWidget(self.sidebar)
        splitter.addWidget(centre)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 940])
        self.setCentralWidget(splitter)
        self._build_toolbar(cell)
        self._build_menus()
        self.status = StatusPanel(self.statusBar())

    def _build_toolbar(self, cell: int) -> None:
        bar = QToolBar("View")
        bar.setObjectName("view-toolbar")
        self.addToolBar(bar)
        self.sort = QComboBox()
        self.sort.addItem("Sort by relevance", "relevance")
        self.sort.addItem("Sort by date", "date")
        self.cutoff = QSlider(Qt.Orientation.Horizontal)
        self.cutoff.setRange(0, 100)
        self.cutoff.setMaximumWidth(160)
        self.cutoff.setToolTip("Hide results below this score")
        self.cutoff_label = QLabel("min score 0.00")
        self.zoom = QSlider(Qt.Orientation.Horizontal)
        self.zoom.setRange(MIN_CELL, MAX_CELL)
        self.zoom.setValue(cell)
        self.zoom.setMaximumWidth(160)
        self.zoom.setToolTip("Thumbnail size (Ctrl+wheel)")
        for widget in (self.sort, QLabel("  "), self.cutoff_label, self.cutoff, QLabel("  zoom "),
                       self.zoom):
            bar.addWidget(widget)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self.add_folder_action = file_menu.addAction("Add folder…")
        self.choose_model_action = file_menu.addAction("Choose model bundle…")
        file_menu.addSeparator()
        self.quit_action = file_menu.addAction("Quit")
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        edit = self.menuBar().addMenu("&Edit")
        self.find_action = edit.addAction("Find")
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.copy_action = edit.addAction("Copy path")
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.view.addAction(self.copy_action)
        device = self.menuBar().addMenu("&Device")
        self.device_group = QActionGroup(self)
        self.device_actions: dict[str, QAction] = {}
        for name, label in (("auto", "Automatic (GPU if available)"), ("cpu", "CPU"),
                            ("cuda", "CUDA GPU")):
            action = device.addAction(label)
            action.setCheckable(True)
            action.setData(name)
            self.device_group.addAction(action)
            self.device_actions[name] = action

    def show_empty(self, text: str) -> None:
        """A message in place of the grid (no model, no folders, no results)."""
        self.empty.setText(text)
        self.empty.setVisible(bool(text))

    # -- folders dropped anywhere on the window -----------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _folders(event) or image_path_in(event.mimeData()):
            event.acceptProposedAction()

    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        self.dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        folders = _folders(event)
        if folders:
            event.acceptProposedAction()
            self.foldersDropped.emit(folders)
            return
        image = image_path_in(event.mimeData())
        if image:
            event.acceptProposedAction()
            self.search.run(image)


def _folders(event: QDragEnterEvent | QDropEvent) -> list[str]:
    paths = [url.toLocalFile() for url in event.mimeData().urls()]
    return [p for p in paths if p and os.path.isdir(p)]
