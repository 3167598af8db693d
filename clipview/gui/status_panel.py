"""Status bar contents: indexing progress with pause/resume/cancel, model and device,
result count and query time, and the last error with a way to its details (the log)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar

from clipview.core.progress import Progress

logger = logging.getLogger(__name__)


def describe(progress: Progress) -> str:
    """One line for the status bar."""
    if progress.phase == "scanning":
        return "Scanning folders…"
    if progress.phase == "saving":
        return "Saving the index…"
    if progress.phase == "done":
        return f"Indexed {progress.done} photos"
    eta = "" if progress.eta is None else \
        f", {int(progress.eta) // 60}:{int(progress.eta) % 60:02d} left"
    state = "Paused: " if progress.phase == "paused" else "Indexing "
    skipped = f", {progress.skipped} skipped" if progress.skipped else ""
    return f"{state}{progress.done}/{progress.total} ({progress.rate:.1f}/s{eta}{skipped})"


def open_log() -> bool:
    """Open the log file in the desktop's viewer; False when there is none or it failed."""
    from clipview.core.logs import log_file

    path = log_file()
    if not path.exists():
        return False
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class StatusPanel:
    """Owns the widgets it puts into a QStatusBar."""

    def __init__(self, bar: QStatusBar) -> None:
        self.bar = bar
        self.results = QLabel("")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.setTextVisible(False)
        self.indexing = QLabel("")
        self.pause = QPushButton("Pause")
        self.pause.setCheckable(True)
        self.cancel = QPushButton("Cancel")
        self.model = QLabel("No model")
        self.watching = QLabel("")   # "watching N folders"
        self.message = QLabel("")   # the last note or error
        self.details = QPushButton("Details…")
        self.details.setFlat(True)
        self.details.setToolTip("Open the log file with the full error")
        self.details.clicked.connect(self._open_log)
        self.dismiss = QPushButton("×")
        self.dismiss.setFlat(True)
        self.dismiss.setToolTip("Dismiss the message")
        self.dismiss.clicked.connect(self.clear_error)
        self.undo = QPushButton("Undo")
        self.undo.setToolTip("Put the removed folder back, with its vectors")
        self.clear_error()
        bar.addWidget(self.results)
        bar.addWidget(self.message, 1)
        bar.addWidget(self.details)
        bar.addWidget(self.dismiss)
        bar.addWidget(self.undo)
        for widget in (self.indexing, self.progress, self.pause, self.cancel):
            bar.addPermanentWidget(widget)
        bar.addPermanentWidget(self.watching)
        bar.addPermanentWidget(self.model)
        self.show_idle()

    def show_idle(self) -> None:
        for widget in (self.progress, self.pause, self.cancel):
            widget.hide()
        self.pause.setChecked(False)
        self.pause.setText("Pause")

    def show_progress(self, progress: Progress) -> None:
        for widget in (self.progress, self.pause, self.cancel):
            widget.show()
        self.indexing.setText(describe(progress))
        self.progress.setMaximum(max(progress.total, 1) if progress.total else 0)
        self.progress.setValue(progress.done)

    def show_finished(self, text: str) -> None:
        self.show_idle()
        self.indexing.setText(text)
        if not self.details.isVisibleTo(self.bar) and not self.undo.isVisibleTo(self.bar):
            self.clear_error()   # a passing note ("2 folders will be indexed") is done now

    def set_paused(self, paused: bool) -> None:
        self.pause.setText("Resume" if paused else "Pause")

    def show_model(self, name: str, device: str, note: str, requested: str = "auto") -> None:
        """The model and the device it really runs on, plainly ("CPU"); a warning only when
        CUDA was asked for and is not used."""
        plain = "CPU" if device == "cpu" else device.upper()
        warn = requested == "cuda" and device != "cuda"
        self.model.setText(f"{name} · {plain}" + (" ⚠" if warn else ""))
        self.model.setToolTip(note if note else f"running on {plain}")

    def show_count(self, text: str) -> None:
        """How many photos the grid shows (counts always match the tiles)."""
        self.results.setText(text)

    def show_message(self, text: str) -> None:
        """A passing note (not an error): replaces the previous note or error."""
        self._show(text, error=False)

    def show_error(self, text: str) -> None:
        """The last error, kept until dismissed or replaced, with "Details…" that opens the
        log holding its traceback."""
        self._show(text, error=True)

    def show_undo(self, text: str) -> None:
        self._show(text, error=False)
        self.undo.show()

    def hide_undo(self) -> None:
        self.undo.hide()

    def clear_error(self) -> None:
        self._show("", error=False)

    def _show(self, text: str, error: bool) -> None:
        self.message.setText(text)
        self.message.setToolTip(text)
        self.message.setStyleSheet("color: #d04040;" if error else "")
        self.message.setVisible(bool(text))
        self.details.setVisible(error and bool(text))
        self.dismiss.setVisible(bool(text))
        self.undo.hide()

    def _open_log(self) -> None:
        if not open_log():
            from clipview.core.logs import log_file

            self.show_error(f"The log is at {log_file()}")


