"""The viewer's info panel (file, camera, exposure, date, place) and the reader that gets
those details off the GUI thread (a slow or network disk never freezes the window)."""

from __future__ import annotations

import html
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor, wait

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QScrollArea, QWidget

from clipview.core.media.details import PhotoDetails, photo_details
from clipview.gui.translation import translate

_CACHED = 64
# the rows' labels (PhotoDetails.rows and the viewer's own), shown translated; the rows
# keep them in English: "Location" is found by its label
LABELS = (
    QT_TRANSLATE_NOOP("PhotoDetails", "File"),
    QT_TRANSLATE_NOOP("PhotoDetails", "Folder"),
    QT_TRANSLATE_NOOP("PhotoDetails", "Dimensions"),
    QT_TRANSLATE_NOOP("PhotoDetails", "File size"),
    QT_TRANSLATE_NOOP("PhotoDetails", "Type"),
    QT_TRANSLATE_NOOP("PhotoDetails", "Duration"),
    QT_TRANSLATE_NOOP("PhotoDetails", "Taken"),
    QT_TRANSLATE_NOOP("PhotoDetails", "File date"),
    QT_TRANSLATE_NOOP("PhotoDetails", "Camera"),
    QT_TRANSLATE_NOOP("PhotoDetails", "Lens"),
    QT_TRANSLATE_NOOP("PhotoDetails", "Shutter"),
    QT_TRANSLATE_NOOP("PhotoDetails", "Aperture"),
    QT_TRANSLATE_NOOP("PhotoDetails", "ISO"),
    QT_TRANSLATE_NOOP("PhotoDetails", "Focal length"),
    QT_TRANSLATE_NOOP("PhotoDetails", "Location"),
    QT_TRANSLATE_NOOP("PhotoDetails", "Altitude"),
    QT_TRANSLATE_NOOP("PhotoDetails", "Problem"),
    QT_TRANSLATE_NOOP("PhotoDetails", "Score"),
    QT_TRANSLATE_NOOP("PhotoDetails", "Frame at"),
)


class _Signals(QObject):
    read = Signal(str, object)  # path, PhotoDetails


class DetailsReader(QObject):
    """``request(path)`` answers from memory or reads on a pool thread; ``ready`` follows.
    Only details read in full are kept: a file that could not be read (its folder offline,
    renamed away) is read again when it is shown again (``retry``)."""

    ready = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        # a plain executor, not QThreadPool (see thumbnails.py: PySide6 and auto-deleted
        # QRunnables do not mix)
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="details")
        self.signals = _Signals()
        self.signals.read.connect(self._on_read)
        self._known: OrderedDict[str, PhotoDetails] = OrderedDict()
        self._failed: dict[str, PhotoDetails] = {}   # read with a problem: shown, not kept
        self._pending: set[str] = set()
        self._futures: list[Future[None]] = []
        self._closed = False

    def details(self, path: str) -> PhotoDetails | None:
        """The details if read already; otherwise None and a read is under way."""
        known = self._known.get(path)
        if known is not None:
            self._known.move_to_end(path)
            return known
        if path in self._failed:
            return self._failed[path]
        if path not in self._pending and not self._closed:
            self._pending.add(path)
            self._futures = [f for f in self._futures if not f.done()]
            self._futures.append(self.pool.submit(self._read, path))
        return None

    def _read(self, path: str) -> None:
        """Runs on the pool thread; the result reaches the GUI thread as a queued signal."""
        self.signals.read.emit(path, photo_details(path))

    def _on_read(self, path: str, details: object) -> None:
        self._pending.discard(path)
        if isinstance(details, PhotoDetails) and details.problem is not None:
            self._failed = {path: details}   # the photo shown: until it is asked again
        elif isinstance(details, PhotoDetails):
            self._known[path] = details
            while len(self._known) > _CACHED:
                self._known.popitem(last=False)
        self.ready.emit(path)

    def forget(self, path: str) -> None:
        """Read again next time (the file changed)."""
        self._known.pop(path, None)
        self._failed.pop(path, None)

    def retry(self, path: str) -> bool:
        """Read again next time if the last read had a problem; True when it had."""
        return self._failed.pop(path, None) is not None

    def shutdown(self) -> None:
        self._closed = True
        wait(list(self._futures), timeout=5.0)
        self.pool.shutdown(wait=True, cancel_futures=True)


class InfoPanel(QScrollArea):
    """Label/value rows; the place links to a ``geo:`` URI (maps applications open it)."""

    linkActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumWidth(240)
        body = QWidget()
        self.form = QFormLayout(body)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.setWidget(body)
        self._rows: list[tuple[str, str]] = []

    def show_rows(self, rows: list[tuple[str, str]], geo_uri: str | None = None) -> None:
        """Replace the rows; the "Location" value becomes a link when ``geo_uri`` is given."""
        while self.form.rowCount():
            self.form.removeRow(0)
        self._rows = list(rows)
        for label, value in rows:
            self.form.addRow(self._name_label(label), self._value_label(label, value, geo_uri))

    def shown_rows(self) -> list[tuple[str, str]]:
        return list(self._rows)

    def _name_label(self, label: str) -> QLabel:
        name = QLabel(translate("PhotoDetails", label) if label else "")
        name.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # quieter than values
        return name

    def _value_label(self, label: str, value: str, geo_uri: str | None) -> QLabel:
        shown = QLabel()
        shown.setWordWrap(True)
        shown.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        if label == "Location" and geo_uri:
            shown.setTextFormat(Qt.TextFormat.RichText)
            shown.setText(f'<a href="{html.escape(geo_uri)}">{html.escape(value)}</a>')
            shown.setToolTip(geo_uri)
            shown.linkActivated.connect(self.linkActivated)
        else:
            shown.setTextFormat(Qt.TextFormat.PlainText)
            shown.setText(value)
        return shown
