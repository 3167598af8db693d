"""The first-run dialog: no model is installed yet, so recommend one and fetch it.

Non-modal (``show()``, never ``exec()``): the window stays usable for browsing folders while
the model downloads on ``ModelDownload``'s thread. Offers the catalogue's CPU default (and
the GPU one when CUDA is usable), "Use a model folder…" (validated by installing it into the
store) and "Not now". A cancelled or interrupted download is kept in the store's
``.partial`` folder and continues where it stopped at the next Download, even after a restart.
When a model is installed it is chosen (``store.use``) and ``modelReady(name)`` is emitted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from clipview.core.errors import ClipviewError
from clipview.core.models import catalogue as model_catalogue
from clipview.core.models.catalogue import CatalogueEntry
from clipview.core.models.install import InstallProgress
from clipview.core.models.store import PARTIAL, ModelStore
from clipview.gui.accessible import name
from clipview.gui.errors import reported
from clipview.gui.model_download import ModelDownload
from clipview.gui.model_text import progress_permille, progress_text, size_text, strengths, summary

logger = logging.getLogger(__name__)


def cuda_usable() -> bool:
    """Whether ONNX Runtime offers CUDA here and an NVIDIA driver is present."""
    from clipview.core.models.runtime import cuda_unavailable_reason

    return cuda_unavailable_reason() is None


def partial_bytes(store: ModelStore, name: str) -> int:
    """Bytes of an interrupted download of ``name`` kept for a resume (0 when none)."""
    folder = store.root / PARTIAL / name
    if not folder.is_dir():
        return 0
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


class FirstRunDialog(QDialog):
    """Recommends a model, downloads it with progress and cancel, or takes a folder."""

    modelReady = Signal(str)   # an installed model's name, now chosen with store.use()

    def __init__(self, store: ModelStore, parent: QWidget | None = None,
                 gpu: bool | None = None, downloads: ModelDownload | None = None) -> None:
        """``gpu``: whether CUDA is usable (None: ask ONNX Runtime); ``downloads``: a worker
        shared with the Models dialog, so two downloads never write the same model."""
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("Choose a model — clipview"))
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.downloads = downloads or ModelDownload(store, self)
        self._mine = False   # whether the worker's current task was started here
        self.choices = [model_catalogue.recommended("cpu")]
        if cuda_usable() if gpu is None else gpu:
            self.choices.append(model_catalogue.recommended("gpu"))
        self.group = QButtonGroup(self)
        layout = QVBoxLayout(self)
        self.setMinimumWidth(560)
        layout.addWidget(self._heading())
        for index, entry in enumerate(self.choices):
            layout.addWidget(self._card(entry, index))
        self.resume_note = _wrapped("")
        self.progress = name(QProgressBar(), self.tr("Download progress"))
        self.progress.setRange(0, 1000)
        self.status = _wrapped("")
        self.error = _wrapped("")
        self.error.setObjectName("error")
        self.error.setStyleSheet("QLabel#error { color: #c0392b; }")
        for widget in (self.resume_note, self.progress, self.status, self.error):
            layout.addWidget(widget)
        layout.addLayout(self._buttons())
        self._connect()
        self._set_running(False)
        self._show_resume_note()

    # -- building ---------------------------------------------------------------------------
    def _heading(self) -> QWidget:
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        title = QLabel(self.tr("clipview needs a model to search your photos"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        column.addWidget(title)
        column.addWidget(_wrapped(self.tr(
            "A CLIP model turns photos and words into numbers that can be compared, so you "
            "can search by describing what you look for. It is downloaded once from the "
            "Hugging Face hub. Meanwhile you can add folders of photos (Add folder…, or drop "
            "them on the window): they are indexed as soon as the model is ready.")))
        return box

    def _card(self, entry: CatalogueEntry, index: int) -> QFrame:
        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        column = QVBoxLayout(card)
        why = self.tr("Recommended: {model}") if entry.recommended == "cpu" else \
            self.tr("For your NVIDIA GPU: {model}")
        choice = QRadioButton(why.format(model=entry.name))
        choice.setChecked(index == 0)
        self.group.addButton(choice, index)
        if len(self.choices) > 1 or entry.recommended != "cpu":
            column.addWidget(choice)
        else:
            column.addWidget(QLabel(f"<b>{why.format(model=entry.name)}</b>"))
        column.addWidget(_wrapped(summary(entry)))
        column.addWidget(_wrapped(strengths(entry)))
        return card

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.download_button = QPushButton(self.tr("Download"))
        self.download_button.setDefault(True)
        self.folder_button = QPushButton(self.tr("Use a model folder…"))
        self.folder_button.setToolTip(self.tr("A model bundle already on this computer"))
        self.cancel_button = QPushButton(self.tr("Cancel download"))
        self.later_button = QPushButton(self.tr("Not now"))
        self.later_button.setToolTip(self.tr("Close; a running download stops and continues "
                                             "from where it stopped when you download again"))
        row.addWidget(self.download_button)
        row.addWidget(self.folder_button)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        row.addWidget(self.later_button)
        return row

    def _connect(self) -> None:
        self.download_button.clicked.connect(self.download)
        self.folder_button.clicked.connect(self.use_folder)
        self.cancel_button.clicked.connect(self.cancel_download)
        self.later_button.clicked.connect(self.reject)
        self.group.idToggled.connect(lambda _id, _on: self._show_resume_note())
        for signal, slot in ((self.downloads.progressed, self._on_progress),
                             (self.downloads.installed, self._on_installed),
                             (self.downloads.cancelled, self._on_cancelled),
                             (self.downloads.failed, self._on_failed)):
            signal.connect(self._if_mine(slot))
        self.downloads.finished.connect(self._on_finished)

    def _if_mine(self, slot: Callable[..., None]) -> Callable[..., None]:
        """Reports of a shared worker's task count here only when this dialog started it."""
        return lambda *args: slot(*args) if self._mine else None

    # -- what the buttons do ----------------------------------------------------------------
    @property
    def chosen(self) -> CatalogueEntry:
        return self.choices[max(self.group.checkedId(), 0)]

    def download(self) -> None:
        """Download (or resume downloading) the chosen model."""
        self._begin(self.chosen.name, self.tr("Starting the download of {model}…").format(
            model=self.chosen.name))

    def use_folder(self) -> None:
        """Pick a bundle folder; it is installed into the store (and so validated)."""
        folder = QFileDialog.getExistingDirectory(self, self.tr("Choose a model folder"))
        if folder:
            self._begin(folder, self.tr("Checking the model in {folder}…").format(folder=folder))

    def _begin(self, source: str, message: str) -> None:
        if not self.downloads.start(source):
            self._on_failed(self.tr("Another model download is running; wait for it to end or "
                                    "cancel it in the Models dialog."))
            return
        self._mine = True
        self.error.clear()
        self.status.setText(message)
        self.progress.setRange(0, 0)
        self._set_running(True)

    def cancel_download(self) -> None:
        """Stop the download: said at once, and the worker gives up within a second."""
        if not self._mine:
            return
        self.downloads.cancel()
        self.cancel_button.setEnabled(False)
        self.progress.setRange(0, 1000)   # no busy bar after a cancel
        self.status.setText(self.tr("Cancelling the download…"))

    def reject(self) -> None:
        """Not now (or Esc, or the close button): a running download stops, kept for later."""
        if self._mine:
            self.downloads.cancel()
        super().reject()

    @reported("close")
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self._mine:
            self.downloads.cancel()
        super().closeEvent(event)

    def shutdown(self) -> None:
        """Stop the download thread (the app is quitting)."""
        self.downloads.shutdown()

    # -- reports from the download thread ---------------------------------------------------
    def _on_progress(self, step: InstallProgress) -> None:
        permille = progress_permille(step)
        if permille is None:
            self.progress.setRange(0, 0)   # busy: no byte counts in this phase
        else:
            self.progress.setRange(0, 1000)
            self.progress.setValue(permille)
        self.status.setText(progress_text(step))

    def _on_installed(self, name: str) -> None:
        try:
            self.store.use(name)
        except ClipviewError as exc:
            logger.exception("choosing %s failed", name)
            self._on_failed(str(exc))
            return
        self.status.setText(self.tr("{model} is installed and in use.").format(model=name))
        self.modelReady.emit(name)
        self.accept()

    def _on_finished(self) -> None:
        if self._mine:
            self._mine = False
            self._set_running(False)

    def _on_cancelled(self) -> None:
        self.status.setText(self.tr("Download cancelled."))
        self._show_resume_note()

    def _on_failed(self, message: str) -> None:
        self.status.clear()
        self.error.setText(message)
        self._show_resume_note()

    def _set_running(self, running: bool) -> None:
        self.progress.setVisible(running)
        if not running:
            self.progress.setRange(0, 1000)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
        for widget in (self.download_button, self.folder_button, *self.group.buttons()):
            widget.setEnabled(not running)
        self.status.setVisible(bool(self.status.text()) or running)
        self.error.setVisible(bool(self.error.text()))
        self._fit()

    def _show_resume_note(self) -> None:
        kept = partial_bytes(self.store, self.chosen.name)
        self.resume_note.setText(self.tr(
            "{size} of {model} are already downloaded: Download continues from there.").format(
            size=size_text(kept), model=self.chosen.name) if kept else "")
        self.resume_note.setVisible(bool(kept))
        self.download_button.setText(self.tr("Resume download") if kept else self.tr("Download"))
        self.status.setVisible(bool(self.status.text()))
        self.error.setVisible(bool(self.error.text()))
        self._fit()

    def _fit(self) -> None:
        """Grow to show every line (word-wrapped labels do not ask for it themselves)."""
        layout = self.layout()
        if layout is not None:
            layout.activate()
            needed = layout.totalHeightForWidth(self.width())
            if needed > self.height():
                self.resize(self.width(), needed)


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label

