"""The viewer: one result large, fitted to the window (never blown up beyond 2×) or at 100 %,
with an info panel (camera, exposure, date with time zone, place); arrows and the wheel step
through the results, Escape or Space closes, Open reports a failure in the window.

Keys: ←/↑/PgUp previous · →/↓/PgDn next · 1 toggles 100 % · 0 or F fit · I info panel ·
Enter open in the default application · Esc/Space close. Double-click toggles 100 %.
Pixels are decoded by the ThumbnailLoader's pool, details by a DetailsReader's thread.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from clipview.core.media.details import PhotoDetails, offline_details
from clipview.core.media.video import frame_clock
from clipview.core.paths import inside
from clipview.core.search.search import SearchResult
from clipview.gui import actions
from clipview.gui.accessible import name
from clipview.gui.dates import day_time_text
from clipview.gui.thumbnails import ThumbnailLoader
from clipview.gui.viewer_image import ImageView
from clipview.gui.viewer_info import DetailsReader, InfoPanel

PREVIEW_SIZE = 1600       # the decode shown when fitting to the window
FULL_SIZE_LIMIT = 6000    # longest side decoded for 100 % (the pixmap cache holds 256 MiB)
_MESSAGE_STYLE = ("QLabel { background: #b3261e; color: white; padding: 6px 10px; "
                  "border-radius: 4px; }")


class PreviewDialog(QDialog):
    """The viewer window; ``show_result`` shows a result, ``stepRequested`` asks for the
    previous (-1) or next (+1) one."""

    stepRequested = Signal(int)

    def __init__(self, loader: ThumbnailLoader, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Viewer"))
        self.resize(1100, 720)
        self.loader = loader
        self.reader = DetailsReader()
        self.current_result: SearchResult | None = None
        self.offline: set[str] = set()   # the tracked folders offline now (the catalog's)
        self._with_score = True
        self.view = name(ImageView(), self.tr("Photo"), self.tr(
            "Arrow keys: previous and next photo; 1: real size; 0: fit; I: details; "
            "Enter: open in the default application; Escape: close"))
        self.info = name(InfoPanel(), self.tr("Details"))
        self.title = QLabel()
        self.message = QLabel()
        self.message.setStyleSheet(_MESSAGE_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        self._build_layout()
        self._add_shortcuts()
        self.view.wheelStep.connect(self.stepRequested)
        self.view.doubleClicked.connect(self.toggle_actual_size)
        self.info.linkActivated.connect(self._open_link)
        loader.ready.connect(self._image_ready)
        self.reader.ready.connect(self._details_ready)

    # -- building ---------------------------------------------------------------------------
    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        self.previous_button = name(self._button("◀", self.tr("Previous photo (←)"),
                                                 lambda: self.stepRequested.emit(-1)),
                                    self.tr("Previous photo"))
        self.next_button = name(self._button("▶", self.tr("Next photo (→)"),
                                             lambda: self.stepRequested.emit(1)),
                                self.tr("Next photo"))
        self.fit_button = self._button(self.tr("Fit"), self.tr("Fit to the window (0 or F)"),
                                       self.fit)
        self.actual_button = name(self._button(
            self.tr("100 %"), self.tr("Real size, one photo pixel per screen pixel (1)"),
            self.toggle_actual_size), self.tr("Real size"))
        self.actual_button.setCheckable(True)
        self.info_button = self._button(self.tr("Info"), self.tr("Show or hide the details (I)"),
                                        self.toggle_info)
        self.info_button.setCheckable(True)
        self.info_button.setChecked(True)
        self.open_button = self._button(self.tr("Open"),
                                        self.tr("Open in the default application (Enter)"),
                                        self.open_current)
        bar.addWidget(self.previous_button)
        bar.addWidget(self.next_button)
        bar.addWidget(self.title, 1)
        for button in (self.fit_button, self.actual_button, self.info_button,
                       self.open_button):
            bar.addWidget(button)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.view)
        self.splitter.addWidget(self.info)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([800, 300])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.message)
        layout.addWidget(self.splitter, 1)

    def _button(self, text: str, tip: str, slot: Callable[[], object]) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        button.clicked.connect(slot)
        return button

    def _add_shortcuts(self) -> None:
        bindings = (
            (("Left", "Up", "PgUp"), lambda: self.stepRequested.emit(-1)),
            (("Right", "Down", "PgDown"), lambda: self.stepRequested.emit(1)),
            (("1",), self.toggle_actual_size),
            (("0", "F"), self.fit),
            (("I",), self.toggle_info),
            (("Return", "Enter"), self.open_current),
            (("Space",), self.close),
        )
        for keys, slot in bindings:
            action = QAction(self)
            action.setShortcuts([QKeySequence(key) for key in keys])
            action.triggered.connect(slot)
            self.addAction(action)

    # -- what is shown ----------------------------------------------------------------------
    def show_result(self, result: SearchResult, with_score: bool = True) -> None:
        """Show ``result`` (and the window, raised); ``with_score`` adds its score row."""
        self.current_result, self._with_score = result, with_score
        shown = os.path.basename(result.path)
        self.setWindowTitle(shown)
        self.title.setText(shown)
        name(self.view, self.tr("Photo: {name}").format(name=shown))
        self.title.setToolTip(result.path)
        self._say("")
        self.reader.retry(result.path)   # a file that could not be read: look again
        self._refresh_image()
        self._refresh_details()
        self.show()
        self._take_keyboard()
        QTimer.singleShot(0, self._take_keyboard)   # after the double-click that opened it

    def _take_keyboard(self) -> None:
        """Raised, active, and the keyboard on the photo: ← and → step at once (the grid's
        double-click would otherwise keep the focus in the main window)."""
        if not self.isVisible():
            return
        self.raise_()
        self.activateWindow()
        self.view.setFocus(Qt.FocusReason.ActiveWindowFocusReason)

    def set_offline(self, folders: set[str]) -> None:
        """The tracked folders offline now; the photo shown is read again when its folder
        went or came back."""
        before, self.offline = self.offline, set(folders)
        shown = self.current_result
        if shown is not None and self._offline_folder(shown.path, before | self.offline):
            self.reader.forget(shown.path)
            self._refresh_details()
            self._refresh_image()

    def _offline_folder(self, path: str, folders: set[str] | None = None) -> str | None:
        return next((f for f in sorted(self.offline if folders is None else folders)
                     if inside(path, f)), None)

    def _details(self) -> PhotoDetails | None:
        shown = self.current_result
        details = self.reader.details(shown.path) if shown is not None else None
        folder = self._offline_folder(shown.path) if shown is not None else None
        return offline_details(details, folder) if details and folder else details

    def _natural(self) -> QSize | None:
        details, shown = self._details(), self.current_result
        if details is not None and details.width and details.height:
            return QSize(details.width, details.height)
        if shown is not None and shown.width and shown.height:
            return QSize(shown.width, shown.height)
        return None

    def _full_tier(self, natural: QSize | None) -> int:
        if natural is None:
            return PREVIEW_SIZE
        return min(max(natural.width(), natural.height()), FULL_SIZE_LIMIT)

    def _refresh_image(self) -> None:
        shown = self.current_result
        if shown is None:
            return
        natural = self._natural()
        source = None
        tier = self._full_tier(natural)
        frame = shown.frame_time   # a video: the frame that matched
        if self.view.actual_size and tier > PREVIEW_SIZE:
            source = self.loader.pixmap(shown.path, tier, frame)
        if source is None:
            source = self.loader.pixmap(shown.path, PREVIEW_SIZE, frame)
        broken = source is None and self.loader.is_broken(shown.path)
        offline = self._offline_folder(shown.path) is not None
        if broken and offline:   # the grid's thumbnail, scaled, with a note
            source = self.loader.largest_kept(shown.path, frame)
        thumbnail_only = self.tr(
            "Its folder is offline (unplugged or unreachable): this is its thumbnail.")
        if broken and offline and source is not None:
            self._say(thumbnail_only)
        elif self.message.text() == thumbnail_only:
            self._say("")
        self.view.set_photo(source, natural, self.tr("Loading…") if not broken else
                            self.tr("Its folder is offline (unplugged or unreachable).")
                            if offline else self.tr("This photo cannot be read."))

    def _refresh_details(self) -> None:
        shown = self.current_result
        if shown is None:
            return
        details = self._details()
        rows = [("Score", f"{shown.score:.3f}")] if (
            self._with_score and math.isfinite(shown.score)) else []
        if shown.frame_time is not None:
            rows.append(("Frame at", frame_clock(shown.frame_time)))
        if details is None:
            rows += [("File", os.path.basename(shown.path)),
                     ("", self.tr("Reading the details…"))]
        else:
            rows += details.rows(day_time_text)   # the locale's days (labels: InfoPanel)
        self.info.show_rows(rows, details.geo_uri if details is not None else None)

    def _image_ready(self, path: str) -> None:
        shown = self.current_result
        if shown is None:
            return
        if path == shown.path or self._waiting_for_pixels():
            # another path: a new query may have dropped this request (new_generation);
            # asking again costs a cache lookup
            self._refresh_image()
        if path == shown.path and not self.view.source_size().isEmpty() and \
                self.reader.retry(path):
            self._refresh_details()   # the pixels came after a failed read: read again

    def _waiting_for_pixels(self) -> bool:
        return self.isVisible() and self.view.source_size().isEmpty()

    def _details_ready(self, path: str) -> None:
        shown = self.current_result
        if shown is not None and path == shown.path:
            self._refresh_details()
            self._refresh_image()  # the real size is known now

    # -- actions ----------------------------------------------------------------------------
    def set_actual_size(self, actual: bool) -> None:
        """100 % (True) or fit to the window (False)."""
        self.actual_button.setChecked(actual)
        self.view.set_actual_size(actual)
        self._refresh_image()

    def toggle_actual_size(self) -> None:
        self.set_actual_size(not self.view.actual_size)

    def fit(self) -> None:
        self.set_actual_size(False)

    def set_info_visible(self, visible: bool) -> None:
        self.info.setVisible(visible)
        self.info_button.setChecked(visible)

    def toggle_info(self) -> None:
        self.set_info_visible(not self.info.isVisible())

    def open_current(self) -> bool:
        """Open in the desktop's default application; a failure is said in the window."""
        shown = self.current_result
        if shown is None:
            return False
        if actions.open_file(shown.path):
            self._say("")
            return True
        self._say(self.tr("Could not open {name}: no application is set up to open it, or "
                          "it failed to start. Use “Show in folder” from the grid's menu to "
                          "open it yourself.").format(name=os.path.basename(shown.path)))
        return False

    def _open_link(self, uri: str) -> None:
        if not QDesktopServices.openUrl(QUrl(uri)):
            self._say(self.tr("No application here opens map links ({uri}).").format(uri=uri))

    def show_error(self, text: str) -> None:
        """Where a failure inside the viewer's event handlers is said (errors.reported)."""
        self._say(text)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def shutdown(self) -> None:
        """Stop the details thread (call once, when the app closes)."""
        self.reader.shutdown()
