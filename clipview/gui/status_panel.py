"""Status bar contents: indexing progress with pause/resume/cancel, model and device,
result count and query time."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QStatusBar

from clipview.core.progress import Progress
from clipview.gui.index_worker import describe


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
        bar.addWidget(self.results, 1)
        for widget in (self.indexing, self.progress, self.pause, self.cancel):
            bar.addPermanentWidget(widget)
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

    def set_paused(self, paused: bool) -> None:
        self.pause.setText("Resume" if paused else "Pause")

    def show_model(self, name: str, device: str, note: str) -> None:
        self.model.setText(f"{name} · {device.upper()}")
        self.model.setToolTip(note or f"running on {device}")
        if note:
            self.model.setText(f"{name} · {device.upper()} ⚠")

    def show_results(self, shown: int, total: int, seconds: float) -> None:
        extra = f" (of {total})" if shown != total else ""
        self.results.setText(f"{shown} results{extra} in {seconds * 1000:.0f} ms")

    def show_message(self, text: str) -> None:
        self.results.setText(text)


