"""The Models dialog: installed models and the catalogue; use, download, verify, remove.

The dialog changes no library itself: Use and Remove are requests (``useRequested``,
``removeRequested``) the controller carries out (a switch builds the new model's vectors in
the background), and it reports back with ``set_state`` (the model in use, the one being
built and its progress) and ``refresh``. Downloads and checks run on ``ModelDownload``
threads; only the dialog's own signals reach the caller, always on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from clipview.core.errors import ClipviewError
from clipview.core.models.install import InstallProgress
from clipview.core.models.store import ModelStore
from clipview.gui import accessible
from clipview.gui.model_download import ModelDownload
from clipview.gui.model_text import progress_permille, progress_text, strengths, summary
from clipview.gui.models_tables import CatalogueTable, InstalledTable

logger = logging.getLogger(__name__)

# asks whether to remove a model: (name, in use?) -> None to keep it, else drop its vectors?
AskRemove = Callable[[str, bool], "bool | None"]


class ModelsDialog(QDialog):
    """Lists installed and downloadable models and offers Use, Download, Verify, Remove."""

    useRequested = Signal(str)            # make this installed model the one in use
    removeRequested = Signal(str, bool)   # name, drop its vectors from the library too
    modelInstalled = Signal(str)          # a download finished; the model is in the store

    def __init__(self, store: ModelStore, parent: QWidget | None = None,
                 downloads: ModelDownload | None = None) -> None:
        """``downloads``: the worker of the first-run dialog, if one exists, so that one
        download runs at a time and its progress shows in both."""
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(self.tr("Models — clipview"))
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.resize(920, 680)
        self.ask: AskRemove = self._ask_remove
        self.in_use: str | None = None
        self.target: str | None = None
        self.open_here = True   # the model in use is open in the window (else Use opens it)
        self._built = (0, 0)   # vectors of the target built so far, of how many
        self.downloads = downloads or ModelDownload(store, self)
        self.checks = ModelDownload(store, self)
        self.installed = InstalledTable()
        self.catalogue = CatalogueTable()
        layout = QVBoxLayout(self)
        self.state_label = QLabel()
        self.state_bar = accessible.name(QProgressBar(), self.tr("Vectors built"))
        layout.addWidget(self.state_label)
        layout.addWidget(self.state_bar)
        layout.addWidget(self._installed_box(), 1)
        layout.addWidget(self._catalogue_box(), 3)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)
        self._connect()
        self.set_state(store.chosen(), None, 0, 0)
        self.refresh()

    # -- building ---------------------------------------------------------------------------
    def _installed_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Installed models"))
        column = QVBoxLayout(box)
        column.addWidget(self.installed)
        row = QHBoxLayout()
        self.use_button = QPushButton(self.tr("Use"))
        self.use_button.setToolTip(self.tr("Search with this model; its vectors are built first"))
        self.verify_button = QPushButton(self.tr("Verify"))
        self.verify_button.setToolTip(self.tr("Check every file against its recorded sha256"))
        self.remove_button = QPushButton(self.tr("Remove…"))
        self.remove_button.setToolTip(self.tr("Delete the model's files"))
        for button in (self.use_button, self.verify_button, self.remove_button):
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        return box

    def _catalogue_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Download from the Hugging Face hub (Immich's models)"))
        column = QVBoxLayout(box)
        column.addWidget(self.catalogue)
        self.about = QLabel()
        self.about.setWordWrap(True)
        column.addWidget(self.about)
        row = QHBoxLayout()
        self.download_button = QPushButton(self.tr("Download"))
        self.download_progress = accessible.name(QProgressBar(), self.tr("Download progress"))
        self.download_progress.setRange(0, 1000)
        self.download_progress.setFixedWidth(220)
        self.cancel_button = QPushButton(self.tr("Cancel download"))
        self.download_status = QLabel()
        self.download_status.setWordWrap(True)
        row.addWidget(self.download_button)
        row.addWidget(self.download_progress)
        row.addWidget(self.cancel_button)
        row.addWidget(self.download_status, 1)
        column.addLayout(row)
        return box

    def _connect(self) -> None:
        self.installed.itemSelectionChanged.connect(self._update_buttons)
        self.catalogue.itemSelectionChanged.connect(self._update_buttons)
        self.use_button.clicked.connect(self.use_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.verify_button.clicked.connect(self.verify_selected)
        self.download_button.clicked.connect(self.download_selected)
        self.cancel_button.clicked.connect(self.cancel_download)
        self.downloads.progressed.connect(self._on_progress)
        self.downloads.installed.connect(self._on_installed)
        self.downloads.cancelled.connect(lambda: self._say(self.tr(
            "Download cancelled; what was fetched is kept, Download continues from there.")))
        self.downloads.failed.connect(lambda text: self._say(text, error=True))
        self.downloads.finished.connect(self._update_buttons)
        self.checks.verified.connect(self._on_verified)
        self.checks.failed.connect(lambda text: self._say(text, error=True))
        self.checks.finished.connect(self._update_buttons)

    # -- state from the controller ----------------------------------------------------------
    def set_state(self, in_use: str | None, target: str | None, done: int, total: int) -> None:
        """The model searches use, the one whose vectors are being built, and how far."""
        self.in_use, self.target, self._built = in_use, target, (done, total)
        text = self.tr("In use: {model}").format(model=f"<b>{in_use}</b>") if in_use else \
            self.tr("No model is in use yet.")
        if in_use and not self.open_here:
            text += " " + self.tr("It is not open in this window: select it and press Use.")
        if target:
            building = self.tr("Building vectors for {model}: {done} of {total} photos "
                               "({percent}%).") if total else \
                self.tr("Building vectors for {model}: {done} of {total} photos.")
            text += "<br>" + building.format(
                model=f"<b>{target}</b>", done=done, total=total,
                percent=done * 100 // total if total else 0) + " " + \
                self.tr("Searches use the model in use until it is done.")
        self.state_label.setText(text)
        self.state_bar.setVisible(bool(target))
        self.state_bar.setRange(0, max(total, 1) if target else 1)
        self.state_bar.setValue(min(done, total) if total else 0)
        self.installed.show_state(in_use, target, done, total)
        self._update_buttons()

    def refresh(self) -> None:
        """Read the store again (after an install, a removal or a switch)."""
        try:
            models = self.store.installed()
        except ClipviewError as exc:
            logger.exception("listing the installed models failed")
            self._say(str(exc), error=True)
            models = []
        self.installed.fill(models)
        self.installed.show_state(self.in_use, self.target, *self._built)
        self.catalogue.fill({m.name for m in models})
        self._update_buttons()

    # -- buttons ----------------------------------------------------------------------------
    def use_selected(self) -> None:
        name = self.installed.selected_name()
        if name:
            self.useRequested.emit(name)

    def remove_selected(self) -> None:
        name = self.installed.selected_name()
        if not name:
            return
        drop_vectors = self.ask(name, name in (self.in_use, self.target))
        if drop_vectors is not None:
            self.removeRequested.emit(name, drop_vectors)

    def verify_selected(self) -> None:
        name = self.installed.selected_name()
        if name and self.checks.verify(name):
            self._say(self.tr("Verifying {model}…").format(model=name))
            self._update_buttons()

    def download_selected(self) -> None:
        entry = self.catalogue.selected_entry()
        if entry is None:
            return
        if not self.downloads.start(entry.name):
            self._say(self.tr("Another model download is running; wait for it or cancel it."),
                      True)
        else:
            self._say("")
            self.download_status.setText(self.tr("Starting the download of {model}…").format(
                model=entry.name))
            self.download_progress.setRange(0, 0)
            self._update_buttons()

    def cancel_download(self) -> None:
        """Stop the download; said at once (the worker gives up within a second)."""
        if self.downloads.busy:
            self.downloads.cancel()
            self.download_status.setText(self.tr("Cancelling the download…"))

    def _ask_remove(self, name: str, in_use: bool) -> bool | None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Remove model"),
                          self.tr("Remove the model {model}?").format(model=name), parent=self)
        files = self.tr("Its files are deleted; you can download it again.")
        box.setInformativeText(self.tr("It is in use: search stops until another model is "
                                       "chosen.") + " " + files if in_use else files)
        drop = QCheckBox(self.tr("Also delete its vectors from the library (using it again "
                                 "would encode every photo again)"))
        box.setCheckBox(drop)
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if box.exec() != QMessageBox.StandardButton.Yes:
            return None
        return drop.isChecked()

    def shutdown(self) -> None:
        """Stop the download and check threads (the app is quitting)."""
        self.downloads.shutdown()
        self.checks.shutdown()

    # -- reports ----------------------------------------------------------------------------
    def _on_progress(self, step: InstallProgress) -> None:
        permille = progress_permille(step)
        self.download_progress.setRange(0, 0 if permille is None else 1000)
        self.download_progress.setValue(permille or 0)
        self.download_status.setText(self.tr("{model}: {progress}").format(
            model=step.name, progress=progress_text(step)))
        self._update_buttons()   # shows the bar, also for a download started elsewhere

    def _on_installed(self, name: str) -> None:
        self.download_status.setText(self.tr("{model} is installed.").format(model=name))
        self._say(self.tr("{model} is installed; choose it under Installed models and press "
                          "Use.").format(model=name))
        self.refresh()
        self.modelInstalled.emit(name)

    def _on_verified(self, name: str, problems: list[str]) -> None:
        if problems:
            self._say(self.tr("{model} has problems: {problems}").format(
                model=name, problems="; ".join(problems)), error=True)
        else:
            self._say(self.tr("{model} is fine: every file matches its recorded sha256 and "
                              "it loads.").format(model=name))

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color: #c0392b;" if error else "")
        self.message.setText(text)

    def _update_buttons(self) -> None:
        name = self.installed.selected_name()
        entry = self.catalogue.selected_entry()
        in_use = self.in_use if self.open_here else None
        self.use_button.setEnabled(bool(name) and name not in (in_use, self.target))
        self.remove_button.setEnabled(bool(name))
        self.verify_button.setEnabled(bool(name) and not self.checks.busy)
        downloading = self.downloads.busy
        self.download_button.setEnabled(entry is not None and not downloading
                                        and entry.name not in self.installed.names())
        self.download_progress.setVisible(downloading)
        self.cancel_button.setVisible(downloading)
        self.about.setText(f"<b>{entry.name}</b> — {summary(entry)}. {strengths(entry)}"
                           if entry else self.tr("Choose a model to read about it."))
