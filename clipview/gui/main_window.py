"""The main window's layout, menus and drag-and-drop. Behaviour lives in the controller."""

from __future__ import annotations

import os

from PySide6.QtCore import QByteArray, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QSlider,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from clipview.gui.accessible import name
from clipview.gui.chips import ChipBar
from clipview.gui.date_controls import DateJumpButton, DateRangeButton, TypeFilterButton
from clipview.gui.errors import reported
from clipview.gui.results_view import MAX_CELL, MIN_CELL, ResultsView
from clipview.gui.search_field import SearchField, accept_as_copy, image_path_in
from clipview.gui.sidebar import FolderSidebar
from clipview.gui.status_panel import StatusPanel
from clipview.gui.thumbnails import ThumbnailLoader

DEFAULT_SIZE = QSize(1200, 800)
FRAME_ROOM = QSize(16, 64)   # a window manager's border and title bar (unknown before shown)


class MainWindow(QMainWindow):
    foldersDropped = Signal(list)   # [path, ...]
    imageDropped = Signal(str)      # a photo dropped on the window: search by it

    def __init__(self, thumbs: ThumbnailLoader, cell: int = 160) -> None:
        super().__init__()
        self.setWindowTitle("clipview")   # the app's name, in every language
        self.setObjectName("clipview-main")
        self.setMinimumSize(640, 420)
        self.resize(DEFAULT_SIZE)
        self.fit_to_screen()
        self.setAcceptDrops(True)
        self._drag_wanted = False   # the drag now over the window holds folders or a photo
        self.search = SearchField()
        self.refs = ChipBar()
        self.filters = ChipBar(self.tr("Showing:"))
        name(self.refs, self.tr("Photos searched by"))
        name(self.filters, self.tr("Filters"))
        self.view = name(ResultsView(thumbs, cell), self.tr("Photos"), self.tr(
            "The library newest first, or the search results; Space or Enter shows the "
            "photo in the viewer, the context menu key offers more"))
        self.sidebar = FolderSidebar()
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setVisible(False)
        self.setCentralWidget(self._centre())
        self._build_toolbar(cell)
        self._build_menus()
        self.status = StatusPanel(self.statusBar())
        self._link_paste()

    def _link_paste(self) -> None:
        """A pasted folder is a dropped one; a paste's note, refusal and success."""
        self.search.foldersPasted.connect(self.foldersDropped)
        self.search.pasteNote.connect(lambda text: self.status.show_message(text, "paste"))
        self.search.pasteRefused.connect(lambda text: self.status.show_mistake(text, "paste"))
        self.search.imageDropped.connect(lambda _path: self.status.clear_source("paste"))
        self.search.imagesPasted.connect(lambda _paths: self.status.clear_source("paste"))

    def fit_to_screen(self, place: bool = False) -> None:
        """Shrink the window, with room for its frame, to its screen's available area (an
        800 px high screen shows the status bar); ``place``: move it inside too."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        size = self.size().boundedTo(area.size() - FRAME_ROOM).expandedTo(self.minimumSize())
        self.resize(size)
        outer = size + FRAME_ROOM
        if place and not area.contains(QRect(self.pos(), outer)):
            self.move(area.topLeft() + QPoint(max(0, (area.width() - outer.width()) // 2),
                                              max(0, (area.height() - outer.height()) // 2)))

    def restore_geometry(self, geometry: QByteArray) -> None:
        """The size and place saved last time, kept on the screen as it is now."""
        self.restoreGeometry(geometry)
        self.fit_to_screen(place=True)

    def _centre(self) -> QSplitter:
        centre = QWidget()
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(6, 6, 6, 0)
        query_row = QHBoxLayout()
        query_row.addWidget(self.refs)
        query_row.addWidget(self.search, 1)
        layout.addLayout(query_row)
        layout.addWidget(self.filters)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)
        splitter = QSplitter()
        splitter.addWidget(self.sidebar)
        splitter.addWidget(centre)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(1, False)
        splitter.setSizes([280, 920])   # room for folder names and their notes
        return splitter

    def _build_toolbar(self, cell: int) -> None:
        bar = QToolBar(self.tr("View"))
        bar.setObjectName("view-toolbar")
        self.addToolBar(bar)
        self.rescan_action = QAction(self.tr("Rescan"), self)
        self.rescan_action.setToolTip(
            self.tr("Index now: look for new, changed and removed photos (F5)"))
        self.rescan_action.setShortcut(QKeySequence.StandardKey.Refresh)
        bar.addAction(self.rescan_action)
        bar.addSeparator()
        self.sort = name(QComboBox(), self.tr("Order of results"))
        self.sort.addItem(self.tr("Best match first"), "relevance")
        self.sort.addItem(self.tr("Newest first"), "date")
        self.sort.setToolTip(self.tr("Order of search results (browsing is always newest first)"))
        self.best_only = QAction(self.tr("Best matches only"), self)
        self.best_only.setCheckable(True)
        self.best_only.setToolTip(
            self.tr("Hide results much weaker than the best ones for this search"))
        self.cutoff = name(QSlider(Qt.Orientation.Horizontal), self.tr("Minimum score"))
        self.cutoff.setRange(0, 100)
        self.cutoff.setMaximumWidth(110)
        self.cutoff.setToolTip(self.tr("Hide results below this score (remembered per model)"))
        self.cutoff_label = QLabel(self.tr("min score {score}").format(score="0.00"))
        self.cutoff_label.setBuddy(self.cutoff)
        # a combo box is named by its current item where screen readers ask AT-SPI (Linux):
        # its label comes from a buddy (Qt's "labelled by" relation)
        order_label = QLabel(self.tr("order"))
        order_label.setContentsMargins(4, 0, 4, 0)
        order_label.setBuddy(self.sort)
        self.dates = DateRangeButton()
        self.types = TypeFilterButton()
        self.jump = DateJumpButton()
        self.zoom = name(QSlider(Qt.Orientation.Horizontal), self.tr("Thumbnail size"))
        self.zoom.setRange(MIN_CELL, MAX_CELL)
        self.zoom.setValue(cell)
        self.zoom.setMaximumWidth(110)
        self.zoom.setToolTip(self.tr("Thumbnail size (Ctrl+wheel)"))
        zoom_label = QLabel(self.tr("zoom"))
        zoom_label.setContentsMargins(4, 0, 4, 0)
        zoom_label.setBuddy(self.zoom)
        self.result_actions = [bar.addWidget(order_label), bar.addWidget(self.sort)]
        bar.addAction(self.best_only)
        self.result_actions.append(self.best_only)
        widgets: list[QWidget] = [self.cutoff_label, self.cutoff]
        self.result_actions += [bar.addWidget(widget) for widget in widgets]
        self.result_actions.append(bar.addSeparator())
        widgets = [self.dates, self.types, self.jump, zoom_label, self.zoom]
        for widget in widgets:
            bar.addWidget(widget)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.add_folder_action = file_menu.addAction(self.tr("Add folder…"))
        file_menu.addAction(self.rescan_action)
        self.models_action = file_menu.addAction(self.tr("Models…"))
        self.models_action.setToolTip(self.tr("Download, choose and switch models"))
        self.choose_model_action = file_menu.addAction(self.tr("Use a model folder…"))
        file_menu.addSeparator()
        self.quit_action = file_menu.addAction(self.tr("Quit"))
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        edit = self.menuBar().addMenu(self.tr("&Edit"))
        self.find_action = edit.addAction(self.tr("Find"))
        self.find_action.setShortcut(QKeySequence.StandardKey.Find)
        self.copy_action = edit.addAction(self.tr("Copy path"))
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.view.addAction(self.copy_action)
        self.duplicates_action = edit.addAction(self.tr("Find duplicates…"))
        self.duplicates_action.setToolTip(self.tr("Copies of the same photo, to keep one of each"))
        self.trash_action = edit.addAction(self.tr("Move to trash"))
        self.trash_action.setToolTip(self.tr("Send the selected photos to the system trash"))
        self.trash_action.setShortcut(QKeySequence.StandardKey.Delete)   # in the grid only:
        self.trash_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.view.addAction(self.trash_action)   # Delete in the search field deletes text
        self.clear_action = edit.addAction(self.tr("Clear search"))
        self.clear_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.clear_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.search.addAction(self.clear_action)
        self.view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.labels_action = self.view_menu.addAction(self.tr("Show file names"))
        self.labels_action.setCheckable(True)
        self.view_menu.addAction(self.best_only)
        self._build_device_menu()

    def _build_device_menu(self) -> None:
        device: QMenu = self.menuBar().addMenu(self.tr("&Device"))
        self.device_group = QActionGroup(self)
        self.device_actions: dict[str, QAction] = {}
        for choice, label in (("auto", self.tr("Automatic (GPU if available)")),
                              ("cpu", self.tr("CPU")), ("cuda", self.tr("CUDA GPU"))):
            action = device.addAction(label)
            action.setCheckable(True)
            action.setData(choice)
            self.device_group.addAction(action)
            self.device_actions[choice] = action

    def show_result_controls(self, shown: bool) -> None:
        """Order and score controls only mean something for search results."""
        for action in self.result_actions:
            action.setVisible(shown)

    def show_error(self, text: str) -> None:
        """Where a failure inside an event handler is said (errors.reported)."""
        self.status.show_error(text)

    def show_empty(self, text: str) -> None:
        """A message in place of the grid (no model, no folders, indexing, no results)."""
        self.empty.setText(text)
        self.empty.setVisible(bool(text))

    # -- folders or a photo dropped anywhere on the window --------------------------------
    # accepted as a copy or a link, never as a move: a file manager told "moved" deletes it
    # what a drag holds is looked at once, when it enters (a move must not stat every URL)
    @reported("drop")
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._drag_wanted = bool(_folders(event) or image_path_in(event.mimeData()))
        if self._drag_wanted:
            accept_as_copy(event)

    @reported("drop")
    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        if self._drag_wanted:
            accept_as_copy(event)
        else:
            event.ignore()

    @reported("drop")
    def dropEvent(self, event: QDropEvent) -> None:
        folders = _folders(event)
        if folders:
            if accept_as_copy(event):
                self.foldersDropped.emit(folders)
            return
        image = image_path_in(event.mimeData())
        if image and accept_as_copy(event):
            self.imageDropped.emit(image)


def _folders(event: QDragEnterEvent | QDropEvent) -> list[str]:
    paths = [url.toLocalFile() for url in event.mimeData().urls()]
    return [p for p in paths if p and os.path.isdir(p)]
