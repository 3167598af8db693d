"""Models in the app: the first-run download dialog, the Models dialog, and switching models
without losing search. A switch is a queued job (``model_switch.use_model``); when the new
model's vectors do not cover the library yet, they are built by a background job
(``build_target``) while searches keep answering with the model in use, and the library is
reopened with the new model when it is complete."""

from __future__ import annotations

import logging
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from clipview.core.library.library import Library
from clipview.core.library.model_switch import (
    RemoveResult,
    SwitchState,
    build_target,
    remove_model,
    switch_state,
    use_model,
)
from clipview.core.models.choice import chosen_bundle
from clipview.core.models.library_models import LibraryModels
from clipview.core.models.store import ModelStore
from clipview.core.progress import CancelToken, IndexSummary, Progress
from clipview.gui.first_run import FirstRunDialog
from clipview.gui.int8_job import Int8Maker
from clipview.gui.jobs import Job, JobKind
from clipview.gui.library_jobs import summarised
from clipview.gui.main_window import MainWindow
from clipview.gui.model_download import ModelDownload
from clipview.gui.models_dialog import ModelsDialog
from clipview.gui.session import LibrarySession

logger = logging.getLogger(__name__)


class ModelsTool(QObject):
    modelStateChanged = Signal(object, object, int, int)   # in use, target, done, total

    def __init__(self, window: MainWindow, session: LibrarySession, home: Path,
                 reopen: Callable[[str], None], device: Callable[[], str],
                 int8: Int8Maker) -> None:
        super().__init__(window)
        self.window, self.session, self.home = window, session, home
        self.reopen, self.device = reopen, device
        self.store = ModelStore(home)
        self.downloads = ModelDownload(self.store, self)
        self.dialog: ModelsDialog | None = None
        self.first_run: FirstRunDialog | None = None
        self.bundle: Path | None = None   # the bundle the session has open
        self.failed: set[str] = set()     # bundles that did not open (not tried again alone)
        self.asked: str | None = None     # the bundle found and asked to open
        self.int8 = int8   # the CPU's int8 copy, made later
        window.models_action.triggered.connect(self.open_dialog)

    # -- first run and the Models dialog -------------------------------------------------
    def show_first_run(self) -> None:
        """No usable model: recommend one to download (non-modal: browsing goes on)."""
        self.first_run = FirstRunDialog(self.store, self.window, downloads=self.downloads)
        self.first_run.modelReady.connect(self.model_ready)
        self.first_run.show()

    def model_ready(self, name: str) -> None:
        self.reopen(str(self.store.resolve(name)))

    def open_dialog(self) -> None:
        if self.dialog is None:
            self.dialog = ModelsDialog(self.store, self.window, downloads=self.downloads)
            self.dialog.useRequested.connect(self.use)
            self.dialog.removeRequested.connect(self.remove)
            self.dialog.modelInstalled.connect(
                lambda name: self.window.status.show_message(
                    self.tr("{model} is installed").format(model=name)))
            self.modelStateChanged.connect(self.dialog.set_state)
        self.dialog.show()
        self.dialog.raise_()
        self.refresh_state()

    # -- switching ------------------------------------------------------------------------
    def library_models(self, library: Library | None) -> LibraryModels:
        """The library's models, read through the session's open library when there is one
        (on the write lane; close it after use: it may open the catalog itself)."""
        return LibraryModels(self.home, library.catalog if library is not None else None,
                             self.store)

    def use(self, name: str) -> None:
        def work(library: Library | None, _token: CancelToken) -> SwitchState:
            with self.library_models(library) as models:
                return use_model(models, name)
        self.session.submit(JobKind.SWITCH, work, label=name, returned=self._state)

    def remove(self, name: str, drop_vectors: bool) -> None:
        def work(library: Library | None, _token: CancelToken) -> RemoveResult:
            with self.library_models(library) as models:
                return remove_model(models, name, vectors=drop_vectors)
        self.session.submit(JobKind.REMOVE_MODEL, work, label=name, returned=self._removed)

    def _removed(self, _result: RemoveResult) -> None:
        if self.dialog is not None:
            self.dialog.refresh()
        self.refresh_state()

    def refresh_state(self) -> None:
        def work(library: Library | None, _token: CancelToken) -> SwitchState:
            with self.library_models(library) as models:
                return switch_state(models)
        self.session.submit(JobKind.MODEL_STATE, work, returned=self._state)

    def build(self) -> None:
        last = self.session.last_queued()
        if last is not None and last.kind is JobKind.BUILD:
            return
        self.session.submit_steps(JobKind.BUILD, self._build_steps, label="new model",
                                  finished=self._built)

    def _build_steps(self, library: Library | None, token: CancelToken
                     ) -> Generator[Progress, None, IndexSummary | None]:
        """The target's vectors, built through the session's library (none open: nothing
        to build yet)."""
        if library is None:
            return None
        return (yield from summarised(build_target(library, token, device=self.device())))

    def _built(self, job: Job[Any]) -> None:
        if job.error is None:
            self.refresh_state()   # promoted when complete: the state job reopens

    def _state(self, state: SwitchState) -> None:
        target = state.target
        wanted = self.store.resolve(state.model).resolve() if state.model else None
        if self.dialog is not None:   # Use opens the model in use when this window has not
            self.dialog.open_here = wanted is not None and wanted == self.bundle
        self.modelStateChanged.emit(state.model, target.name if target else None,
                                    target.done if target else 0,
                                    target.total if target else 0)
        if wanted is not None and wanted != self.bundle and \
                (self.bundle is not None or state.switched):
            self.reopen(str(wanted))   # the switch is complete (or the first model is
            # chosen): search with the new model, and the folders waiting are indexed
        elif target is not None and not target.complete:
            self.build()

    # -- a model arriving while none is open ---------------------------------------------
    def found(self, bundle: str) -> None:
        """No model is open in this window and the library chooses ``bundle`` now (it was
        installed or chosen by another process, or by F5): open it, and the folders waiting
        are indexed. Not while one is being opened, nor again alone one that did not open."""
        if self.bundle is not None or bundle in self.failed or bundle == self.asked or \
                any(job.kind is JobKind.OPEN for job in self.session.jobs()):
            return
        self.asked = bundle
        self.reopen(bundle)

    def open_chosen(self) -> None:
        """F5 with no model open: open the model the library chooses, if there is one (also
        one that did not open before: it is tried again)."""
        self.session.submit(JobKind.FIND_MODEL, lambda _lib, _token: self._find(),
                            returned=self._open_found)

    def _find(self) -> tuple[Path | None, bool]:
        """(the bundle the library chooses, whether it tracks folders); on the write lane."""
        shelf = self.session.shelf()
        return chosen_bundle(self.home), shelf is not None and bool(shelf.folders())

    def _open_found(self, found: tuple[Path | None, bool]) -> None:
        bundle, folders = found
        if bundle is None:
            self.window.status.show_message(
                self.tr("Folders wait for a model: File ▸ Models…") if folders
                else self.tr("Choose a model bundle first (File menu)"))
            return
        self.failed.discard(str(bundle))
        self.asked = None
        self.found(str(bundle))

    def opened(self, bundle: str) -> None:
        """The session opened the library with this bundle: go on with a switch left under
        way (by the CLI's `models use`, or before the app was closed)."""
        self.bundle = Path(bundle).resolve()
        self.refresh_state()

    def stop(self) -> None:
        if self.dialog is not None:
            self.dialog.shutdown()
        if self.first_run is not None:
            self.first_run.shutdown()
        self.downloads.shutdown(5000)
