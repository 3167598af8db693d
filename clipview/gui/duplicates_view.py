"""The Duplicates dialog: groups of copies side by side, the suggested keeper marked, a
"remove" box per photo, and "Move selected to trash".

The dialog never touches files or the library. Finding runs off the GUI thread: with a
``finder`` callable (e.g. ``lambda: library.duplicates()``, see the lead's wiring)
``find_duplicates()`` runs it on a plain worker thread and the groups come back to the GUI
thread by a queued signal; without one, ``find_duplicates()`` emits ``findRequested`` and the
owner calls ``show_groups`` (GUI thread) when it has them. Each photo shows its file name
and folder. "Move selected to trash" asks once ("Move 3 files to the trash?"), then emits
``trashRequested(paths)``; the owner runs the trash job (``Library.trash_duplicates``: a
copy identical to its keeper is read again first), which asks nothing more, and then calls
``show_trashed(moved, kept)``. Only byte copies start ticked ("identical to DSC_1.jpg": of
the keeper or of another member, which stays unticked); near copies ("same picture …") are
shown unticked, for the person to tick deliberately.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from clipview.core.library.duplicates import (
    IDENTICAL_FILE,
    KEEPER,
    DuplicateGroup,
    DuplicatePhoto,
    summary,
)
from clipview.gui.accessible import name
from clipview.gui.actions import confirm_trash
from clipview.gui.thumbnails import ThumbnailLoader, placeholder
from clipview.gui.translation import plural, translate

logger = logging.getLogger(__name__)

TIER = 128
CELL_WIDTH = 180   # room for a file name and its folder under each thumbnail
CELL_SPAN = CELL_WIDTH + 30  # a cell with its margins and the grid's spacing

Finder = Callable[[], list[DuplicateGroup]]


def human_size(size: int | None) -> str:
    if size is None:
        return "? B"
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues the call to the GUI thread."""

    found = Signal(object)
    failed = Signal(str)


def _elided_label(text: str, bold: bool = False) -> QLabel:
    """A label of the cell's width showing ``text`` cut in the middle when it is longer
    (a folder's start and its last parts stay readable); all of it in the tooltip."""
    label = QLabel()
    font = QFont(label.font())
    font.setBold(bold)
    label.setFont(font)
    label.setFixedWidth(CELL_WIDTH)
    label.setText(QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideMiddle,
                                                CELL_WIDTH))
    label.setToolTip(text)
    return label


def _wrapped_label(text: str) -> QLabel:
    """``text`` on as many lines of the cell's width as it needs, of a fixed height (a
    height-for-width label squeezes the grid's rows)."""
    label = QLabel(text)
    label.setWordWrap(True)
    lines = QFontMetrics(label.font()).boundingRect(
        0, 0, CELL_WIDTH, 1000, Qt.TextFlag.TextWordWrap, text)
    label.setFixedSize(CELL_WIDTH, lines.height())
    policy = label.sizePolicy()
    policy.setHeightForWidth(False)
    label.setSizePolicy(policy)
    return label


def identical_text(path: str, original: str) -> str:
    """"identical to DSC_2003.jpg" (with its folder's name when the names are the same)."""
    name = os.path.basename(original)
    if name == os.path.basename(path):
        name = os.path.join(os.path.basename(os.path.dirname(original)), name)
    return translate("DuplicatesView", "identical to {name}").format(name=name)


class _PhotoCell(QFrame):
    def __init__(self, photo: DuplicatePhoto, group: DuplicateGroup,
                 loader: ThumbnailLoader, note: str | None = None) -> None:
        """``note``: why the photo is still here after a trash job (shown, unticked)."""
        super().__init__()
        self.photo = photo
        relation = group.relation(photo)
        original = group.identical_to(photo.path)
        keeper = relation == KEEPER
        layout = QVBoxLayout(self)
        self.image = QLabel()
        self.image.setFixedSize(TIER, TIER)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.image)
        self.name = _elided_label(os.path.basename(photo.path), bold=True)
        self.folder = _elided_label(os.path.dirname(photo.path))
        layout.addWidget(self.name)
        layout.addWidget(self.folder)
        details = f"{photo.width}×{photo.height} · {human_size(photo.size)}"
        self.details = QLabel(details)
        layout.addWidget(self.details)
        self.keeper = QLabel(self.tr("★ suggested keeper") if keeper else "")
        said = relation if original is None else identical_text(photo.path, original)
        said = note or ("" if keeper else said)  # what it is to the others, or why it stayed
        self.relation = _wrapped_label(said)
        self.relation.setToolTip(original or "")
        for label in (self.keeper, self.relation):
            label.setVisible(bool(label.text()))
            layout.addWidget(label)
        self.remove = QCheckBox(self.tr("remove"))
        name(self.remove, self.tr("Remove {name}").format(name=os.path.basename(photo.path)),
             photo.path)   # one of many "remove" boxes: which photo it takes
        # ticked: only byte copies of a member (their original stays unticked); a near copy
        # (a neighbouring burst frame can pass the hashes) is ticked by the person
        self.remove.setChecked(relation == IDENTICAL_FILE and note is None)
        self.remove.setToolTip(photo.path)
        layout.addWidget(self.remove)
        self.setToolTip(photo.path)
        self.refresh(loader)

    def refresh(self, loader: ThumbnailLoader) -> None:
        pixmap = loader.pixmap(self.photo.path, TIER)
        if pixmap is None:
            pixmap = placeholder(TIER, loader.is_broken(self.photo.path))
        self.image.setPixmap(pixmap)


class DuplicatesView(QDialog):
    """Shows duplicate groups; emits ``trashRequested`` with the paths marked "remove"."""

    findRequested = Signal()
    trashRequested = Signal(list)  # list[str]
    groupsShown = Signal(int)  # how many groups are shown now (GUI thread)

    def __init__(self, thumbnails: ThumbnailLoader, finder: Finder | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Duplicates"))
        self.resize(900, 600)
        self.thumbnails = thumbnails
        self.finder = finder
        self.groups: list[DuplicateGroup] = []
        self.notes: dict[str, str] = {}  # path → why it stayed after a trash job
        self.cells: list[_PhotoCell] = []
        self._grids: list[tuple[QGridLayout, list[_PhotoCell]]] = []
        self._columns = 0
        self._relay = _Relay()
        self._relay.found.connect(self.show_groups)
        self._relay.failed.connect(self._show_failure)
        thumbnails.ready.connect(self._thumbnail_ready)
        layout = QVBoxLayout(self)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.area = name(QScrollArea(), self.tr("Groups of copies"))   # cells wrap: _place
        self.area.setWidgetResizable(True)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.viewport().installEventFilter(self)
        layout.addWidget(self.area, 1)
        buttons = QHBoxLayout()
        self.find_button = QPushButton(self.tr("Find again"))
        self.find_button.clicked.connect(self.find_duplicates)
        self.trash_button = QPushButton(self.tr("Move selected to trash"))
        self.trash_button.setToolTip(self.tr("The photos ticked “remove” go to the trash"))
        self.trash_button.clicked.connect(self._request_trash)
        self.hint = QLabel(self.tr("Tick the copies to move"))  # while nothing is ticked
        buttons.addWidget(self.find_button)
        buttons.addStretch(1)
        buttons.addWidget(self.hint)
        buttons.addWidget(self.trash_button)
        layout.addLayout(buttons)
        self._render()

    # -- finding --------------------------------------------------------------------------
    def find_duplicates(self) -> None:
        """Look for duplicates again (off the GUI thread, see the module)."""
        self.status.setText(self.tr("Looking for duplicates…"))
        self.find_button.setEnabled(False)
        if self.finder is None:
            self.findRequested.emit()
            return
        finder, relay = self.finder, self._relay

        def work() -> None:
            try:
                relay.found.emit(finder())
            except Exception as exc:  # shown in the dialog, traceback in the log
                logger.exception("finding duplicates failed")
                relay.failed.emit(translate("DuplicatesView",
                                            "Finding duplicates failed: {error}").format(error=exc))

        threading.Thread(target=work, name="duplicates", daemon=True).start()

    def show_groups(self, groups: Sequence[DuplicateGroup]) -> None:
        """Show ``groups`` (GUI thread), ticked as suggested."""
        self.groups = list(groups)
        self.notes = {}
        self._render()

    def forget_paths(self, paths: Sequence[str],
                     kept: Sequence[tuple[str, str]] = ()) -> None:
        """Drop photos that left (trashed); a group left with one photo goes; the ``kept``
        ones (path, why) say why and are unticked; the other ticks stay as they were."""
        gone = set(paths)
        self.notes.update(kept)
        ticked = set(self.checked_paths()) - gone - set(self.notes)
        left = [group.without(gone) for group in self.groups]
        self.groups = [group for group in left if group is not None]
        self._render(ticked)

    def show_trashed(self, moved: Sequence[str], kept: Sequence[tuple[str, str]]) -> None:
        """After the trash job: the photos that went leave; those that stayed (a copy that
        changed since it was found, one that could not be moved) are named, with why, in the
        status and on their rows (unticked)."""
        self.forget_paths(moved, kept)
        count = len(moved)
        went = plural(count, self.tr("Moved %n photo to the trash.", "", count),
                      self.tr("Moved %n photos to the trash.", "", count))
        if not kept:
            self.status.setText(f"{went} {self.status.text()}")
            return
        path, why = kept[0]
        more = self.tr(" (and {count} more)").format(count=len(kept) - 1) if len(kept) > 1 else ""
        self.status.setText(went + " " + self.tr("Not moved: {name}: {why}{more}").format(
            name=os.path.basename(path), why=why, more=more))
        self.status.setToolTip("\n".join(f"{other}: {reason}" for other, reason in kept))

    def checked_paths(self) -> list[str]:
        return [cell.photo.path for cell in self.cells if cell.remove.isChecked()]

    # -- inside -----------------------------------------------------------------------------
    def _render(self, ticked: set[str] | None = None) -> None:
        """Show ``self.groups``; ``ticked``: the paths to tick, else as suggested."""
        self.cells, self._grids = [], []
        self._columns = self._fitting_columns()
        content = QWidget()
        rows = QVBoxLayout(content)
        for number, group in enumerate(self.groups, 1):
            rows.addWidget(self._group_row(number, group))
        if ticked is not None:  # the ticks as they were
            for cell in self.cells:
                cell.remove.setChecked(cell.photo.path in ticked)
        rows.addStretch(1)
        self.area.setWidget(content)
        self.status.setText(summary(self.groups) if self.groups else
                            self.tr("No duplicates found."))
        self.status.setToolTip("")
        self.find_button.setEnabled(True)
        for cell in self.cells:
            cell.remove.toggled.connect(self._ticks_changed)
        self._ticks_changed()
        self.groupsShown.emit(len(self.groups))

    def _group_row(self, number: int, group: DuplicateGroup) -> QWidget:
        row = QFrame()
        row.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(row)
        header = QLabel(self.tr("Group {number}: {count} photos, {reason}").format(
            number=number, count=len(group.photos), reason=group.reason))
        header.setWordWrap(True)
        font = QFont(header.font())
        font.setBold(True)
        header.setFont(font)
        layout.addWidget(header)
        cells = [_PhotoCell(photo, group, self.thumbnails, self.notes.get(photo.path))
                 for photo in group.photos]
        self.cells += cells
        grid = QGridLayout()
        grid.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        _place(grid, cells, self._columns)
        self._grids.append((grid, cells))
        layout.addLayout(grid)
        return row

    def _fitting_columns(self) -> int:
        """How many cells fit side by side in the list's width (at least one)."""
        return max(1, (self.area.viewport().width() - 24) // CELL_SPAN)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's)
        """The list's width changed: the cells wrap into as many columns as fit now."""
        if event.type() == QEvent.Type.Resize and watched is self.area.viewport():
            columns = self._fitting_columns()
            if columns != self._columns:
                self._columns = columns
                for grid, cells in self._grids:
                    _place(grid, cells, columns)
        return super().eventFilter(watched, event)

    def _thumbnail_ready(self, path: str) -> None:
        for cell in self.cells:
            if cell.photo.path == path:
                cell.refresh(self.thumbnails)

    def _show_failure(self, message: str) -> None:
        self.status.setText(message.splitlines()[0] if message else self.tr("failed"))
        self.find_button.setEnabled(True)

    def _ticks_changed(self) -> None:
        """The button only while something is ticked; else the hint says what to do."""
        ticked = any(cell.remove.isChecked() for cell in self.cells)
        self.trash_button.setEnabled(ticked)
        self.hint.setVisible(bool(self.groups) and not ticked)

    def _request_trash(self) -> None:
        paths = self.checked_paths()
        if paths and self._confirm_trash(paths):
            self.trashRequested.emit(paths)

    def _confirm_trash(self, paths: list[str]) -> bool:
        """One question for all the photos marked "remove", saying how many go, and which
        pictures would have no copy left (every member of their group ticked); Cancel is
        the default."""
        count = len(paths)
        files = plural(count, self.tr("%n file", "", count), self.tr("%n files", "", count))
        return confirm_trash(self, files, QMessageBox.StandardButton.Cancel,
                             _none_left(self.groups, set(paths)))


def _none_left(groups: Sequence[DuplicateGroup], paths: set[str]) -> str:
    """"No copy of DSC_1.jpg will remain in the library." when every photo of its group is
    in ``paths`` ("" when each group keeps one)."""
    lost = [os.path.basename(group.keep) for group in groups if set(group.paths) <= paths]
    if not lost:
        return ""
    named = ", ".join(lost[:3])
    if len(lost) > 3:
        named = translate("DuplicatesView", "{names} and {count} more").format(
            names=named, count=len(lost) - 3)
    return translate("DuplicatesView", "No copy of {names} will remain in the library.").format(
        names=named)


def _place(grid: QGridLayout, cells: Sequence[_PhotoCell], columns: int) -> None:
    """Put ``cells`` in rows of ``columns`` (again, when the width changed)."""
    for cell in cells:
        grid.removeWidget(cell)
    for number, cell in enumerate(cells):
        grid.addWidget(cell, number // columns, number % columns, Qt.AlignmentFlag.AlignTop)
