"""Status bar contents, each in its own place so that none is cut off at 1200 px: at the left
the result count and the message area (a note or the last error, cut at its end when room is
short, in full in its tooltip); at the right, permanent, the indexing line with its bar and
pause/resume/cancel, the watched folders, and the model and device.

A passing note goes after ``note_ms`` (10 s); an error stays, red, with "Details…" (the log)
and ×, until dismissed or replaced; a person's mistake (a search that cannot be run) stays
plain, without "Details…"; either is cleared by the next success of what failed (its
``source``); an Undo offer stays while it can be undone."""

from __future__ import annotations

import dataclasses
import logging

from PySide6.QtCore import QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QGuiApplication, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar, QWidget

from clipview.core.progress import Phase, Progress
from clipview.gui.accessible import name
from clipview.gui.translation import plural, translate

logger = logging.getLogger(__name__)

NOTE_MS = 10_000           # a passing note shows this long
ERROR_COLOUR = "#d04040"
EDGE_MARGIN = 8             # px between the last permanent part and the window's edge


def describe(progress: Progress) -> str:
    """One short line for the status bar (the rate is in its tooltip: ``rate_text``)."""
    if progress.phase == "scanning" and progress.total:   # new photos listed before encoding
        return translate("StatusPanel", "Listing new photos {done}/{total}…").format(
            done=progress.done, total=progress.total)
    if progress.phase == "scanning":
        return translate("StatusPanel", "Scanning folders…")
    if progress.phase == "saving":
        return translate("StatusPanel", "Saving the index…")
    done, total = progress.done, progress.total
    if progress.phase == "done":
        return plural(done, translate("StatusPanel", "Indexed %n photo", "", done),
                      translate("StatusPanel", "Indexed %n photos", "", done))
    text = translate("StatusPanel", "Paused: {done}/{total}") if progress.phase == "paused" \
        else translate("StatusPanel", "Indexing {done}/{total}")
    text = text.format(done=done, total=total)
    if progress.eta is not None:
        text = translate("StatusPanel", "{progress}, {time} left").format(
            progress=text, time=f"{int(progress.eta) // 60}:{int(progress.eta) % 60:02d}")
    if progress.skipped:
        text = translate("StatusPanel", "{progress}, {skipped} skipped").format(
            progress=text, skipped=progress.skipped)
    return text


def rate_text(progress: Progress) -> str:
    rate = translate("StatusPanel", "{rate} photos/s").format(rate=f"{progress.rate:.1f}")
    return rate + (f"\n{progress.current}" if progress.current else "")


def open_log() -> bool:
    """Open the log file in the desktop's viewer, else its folder in the file manager;
    False when there is none or neither opened."""
    from clipview.core.logs import log_file

    path = log_file()
    if not path.exists():
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))) or \
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))


class ElidedLabel(QLabel):
    """A one-line label that takes what room is left and cuts its text at the end when it
    must; ``text()`` stays the whole text (also in the tooltip)."""

    def minimumSizeHint(self) -> QSize:
        return QSize(40, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        return QSize(min(super().sizeHint().width(), 600), super().sizeHint().height())

    def shown_text(self) -> str:
        """The text as drawn at the label's present width."""
        return self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                             self.contentsRect().width())

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
        painter.drawText(self.contentsRect(),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         self.shown_text())


class StatusPanel:
    """Owns the widgets it puts into a QStatusBar."""

    def __init__(self, bar: QStatusBar) -> None:
        self.bar = bar
        self.note_ms = NOTE_MS
        self.results = QLabel("")
        self.progress = name(QProgressBar(), translate("StatusPanel", "Progress"))
        self.progress.setFixedWidth(120)
        self.progress.setTextVisible(False)
        self.indexing = QLabel("")
        self.pause = QPushButton(translate("StatusPanel", "Pause"))
        self.pause.setCheckable(True)
        self.cancel = QPushButton(translate("StatusPanel", "Cancel"))
        self.cancel.setToolTip(
            translate("StatusPanel", "Stop the running job (F5 finishes an index later)"))
        self.model = QLabel(translate("StatusPanel", "No model"))
        self.watching = QLabel("")   # "watching N folders"
        self.message = ElidedLabel("")   # the last note or error
        self.details = QPushButton(translate("StatusPanel", "Details…"))
        self.details.setFlat(True)
        self.details.setToolTip(translate("StatusPanel", "Open the log file with the full error"))
        self.details.clicked.connect(self._open_log)
        self.dismiss = name(QPushButton("×"), translate("StatusPanel", "Dismiss the message"))
        self.dismiss.setFlat(True)
        self.dismiss.setToolTip(translate("StatusPanel", "Dismiss the message"))
        self.dismiss.clicked.connect(self.clear_error)
        self.undo = QPushButton(translate("StatusPanel", "Undo"))
        self.undo.setToolTip(
            translate("StatusPanel", "Put the removed folder back, with its vectors"))
        self.copy_path = QPushButton(translate("StatusPanel", "Copy path"))
        self.copy_path.setToolTip(translate("StatusPanel", "Copy the log file's path"))
        self.copy_path.clicked.connect(self._copy_log_path)
        self._source = ""   # what the message is about ("search"): its success clears it
        self._kept = False  # an error, a mistake or an offer: no passing note
        self._offered = False   # Undo stays until taken or ended, whatever is said after
        self.expiry = QTimer(bar)   # a passing note goes by itself
        self.expiry.setSingleShot(True)
        self.expiry.timeout.connect(self._expire)
        self._last: Progress | None = None
        self.clear_error()
        self._place(bar)
        self.show_idle()

    def _place(self, bar: QStatusBar) -> None:
        bar.setSizeGripEnabled(False)
        bar.addWidget(self.results)
        bar.addWidget(self.message, 1)
        for button in (self.details, self.copy_path, self.dismiss, self.undo):
            bar.addWidget(button)
        permanent: tuple[QWidget, ...] = (self.indexing, self.progress, self.pause,
                                          self.cancel, self.watching, self.model)
        for widget in permanent:
            bar.addPermanentWidget(widget)
        self.model.setContentsMargins(0, 0, EDGE_MARGIN, 0)   # off the window's right edge

    def show_idle(self) -> None:
        for widget in (self.progress, self.pause, self.cancel):
            widget.hide()
        self.pause.setChecked(False)
        self.pause.setText(translate("StatusPanel", "Pause"))
        self._last = None

    def show_progress(self, progress: Progress) -> None:
        for widget in (self.progress, self.pause, self.cancel):
            widget.show()
        self._last = progress
        self.indexing.setText(describe(progress))
        self.indexing.setToolTip(rate_text(progress))
        self.progress.setMaximum(max(progress.total, 1) if progress.total else 0)
        self.progress.setValue(progress.done)

    def show_finished(self, text: str) -> None:
        self.show_idle()
        self.indexing.setText(text)
        self.indexing.setToolTip("")
        if not self._kept:
            self.clear_error()   # a passing note ("2 folders will be indexed") is done now

    def set_paused(self, paused: bool) -> None:
        """The button and the line say it at once (not at the next report)."""
        self.pause.setText(translate("StatusPanel", "Resume") if paused
                           else translate("StatusPanel", "Pause"))
        last = self._last
        if last is not None and last.phase in (Phase.ENCODING, Phase.PAUSED):
            self.indexing.setText(describe(dataclasses.replace(
                last, phase=Phase.PAUSED if paused else Phase.ENCODING)))

    def show_model(self, model: str, device: str, note: str, requested: str = "auto") -> None:
        """The model and the device it really runs on, plainly ("CPU"); a warning only when
        CUDA was asked for and is not used."""
        plain = translate("StatusPanel", "CPU") if device == "cpu" else device.upper()
        warn = requested == "cuda" and device != "cuda"
        self.model.setText(f"{model} · {plain}" + (" ⚠" if warn else ""))
        self.model.setToolTip(note if note else translate(
            "StatusPanel", "running on {device}").format(device=plain))

    def show_count(self, text: str) -> None:
        """How many photos the grid shows (counts always match the tiles)."""
        self.results.setText(text)

    def show_message(self, text: str, source: str = "") -> None:
        """A passing note (not an error): replaces the previous note or error, and goes
        after ``note_ms`` (or when ``source`` is done)."""
        self._show(text, error=False, source=source)
        self._kept = False
        if text:
            self.expiry.start(self.note_ms)

    def show_error(self, text: str, source: str = "") -> None:
        """The last error, kept until dismissed, replaced or cleared by ``source``'s next
        success, with "Details…" that opens the log holding its traceback."""
        self._show(text, error=True, source=source)

    def show_mistake(self, text: str, source: str = "") -> None:
        """Something to mend (a search that cannot be run): plain, kept like an error but
        without "Details…" (the log has nothing more to say)."""
        self._show(text, error=False, source=source)

    def clear_source(self, source: str) -> None:
        """``source`` worked this time: its error or mistake goes."""
        if self._source == source and self.message.text():
            self.clear_error()

    def show_undo(self, text: str) -> None:
        """An offer to undo: its button stays beside later messages (an unrelated error or
        note must not take it away) until ``hide_undo``."""
        self._offered = True
        self._show(text, error=False)

    def hide_undo(self) -> None:
        if self._offered:
            self._kept = False   # the offer is gone: its line is a passing note now
        self._offered = False
        self.undo.hide()

    def clear_error(self) -> None:
        self._show("", error=False)

    def _expire(self) -> None:
        if not self._kept:
            self.clear_error()

    def _show(self, text: str, error: bool, source: str = "") -> None:
        self.expiry.stop()
        self._source = source
        self._kept = bool(text)
        self.message.setText(text)
        self.message.setToolTip(text)
        palette = self.bar.palette()
        if error:
            palette.setColor(QPalette.ColorRole.WindowText, QColor(ERROR_COLOUR))
        self.message.setPalette(palette)
        self.message.setVisible(bool(text))
        self.details.setVisible(error and bool(text))
        self.dismiss.setVisible(bool(text))
        self.undo.setVisible(self._offered)
        self.copy_path.hide()

    def _open_log(self) -> None:
        if not open_log():
            from clipview.core.logs import log_file

            self.show_mistake(translate(
                "StatusPanel", "No app could open the log: it is at {path}").format(
                path=log_file()))
            self.copy_path.show()

    def _copy_log_path(self) -> None:
        from clipview.core.logs import log_file

        QGuiApplication.clipboard().setText(str(log_file()))
        self.show_message(translate("StatusPanel", "The log's path is copied"))
