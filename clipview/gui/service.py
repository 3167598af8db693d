"""The library's worker thread: opening, queries and folder changes run here, never on
the GUI thread. Newer queries replace older ones still waiting."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from clipview.core.errors import ClipviewError
from clipview.core.library import Library, open_library
from clipview.core.search import Filters, SearchResult


@dataclass(frozen=True)
class QueryAnswer:
    """Results of one request, with its id and how long it took."""

    request: int
    text: str
    results: list[SearchResult]
    seconds: float


class LibraryService(QObject):
    """Lives on its own QThread; talk to it through its request signals only."""

    opened = Signal(object)            # Library
    modelInfo = Signal(str, str, str)  # name, device, note
    answered = Signal(object)          # QueryAnswer
    failed = Signal(int, str)          # request id (0: not a query), message
    foldersChanged = Signal(list)      # [{'path', 'images', 'skipped'}]
    folderAdded = Signal(str)

    requestOpen = Signal(str, str, str)        # home, bundle, device
    requestQuery = Signal(int, str, int, str)     # id, text, k, folder ("" = all)
    requestSimilar = Signal(int, str, int, str)   # id, path, k, folder
    requestFolders = Signal()
    requestAddFolder = Signal(str)
    requestForget = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.library: Library | None = None
        self._latest = 0
        self._latest_lock = threading.Lock()
        self.requestOpen.connect(self._open)
        self.requestQuery.connect(self._query)
        self.requestSimilar.connect(self._similar)
        self.requestFolders.connect(self._folders)
        self.requestAddFolder.connect(self._add_folder)
        self.requestForget.connect(self._forget)

    def note_request(self, request: int) -> None:
        """Called on the GUI thread when a request is sent: older ones become stale."""
        with self._latest_lock:
            self._latest = max(self._latest, request)

    def _stale(self, request: int) -> bool:
        with self._latest_lock:
            return request < self._latest

    @Slot(str, str, str)
    def _open(self, home: str, bundle: str, device: str) -> None:
        try:
            if self.library is not None:
                self.library.close()
            self.library = open_library(Path(home), Path(bundle), device=device)
            model = self.library.model
            self.modelInfo.emit(model.name, model.device, model.device_note)
            self.library.ensure_index()
        except (ClipviewError, OSError, ValueError) as exc:
            self.library = None
            self.failed.emit(0, f"cannot open the library: {exc}")
            return
        self.opened.emit(self.library)
        self._folders()

    def _run(self, request: int, text: str, work: Any) -> None:
        if self.library is None or self._stale(request):
            return
        started = time.perf_counter()
        try:
            results = work()
        except (ClipviewError, OSError, ValueError) as exc:
            self.failed.emit(request, str(exc))
            return
        self.answered.emit(QueryAnswer(request, text, results,
                                       time.perf_counter() - started))

    @Slot(int, str, int, str)
    def _query(self, request: int, text: str, k: int, folder: str) -> None:
        filters = Filters(folder=folder or None)
        self._run(request, text,
                  lambda: self.library.search(text, k, filters))  # type: ignore[union-attr]

    @Slot(int, str, int, str)
    def _similar(self, request: int, path: str, k: int, folder: str) -> None:
        filters = Filters(folder=folder or None)
        self._run(request, path,
                  lambda: self.library.similar(path, k, filters))  # type: ignore[union-attr]

    @Slot()
    def _folders(self) -> None:
        if self.library is None:
            return
        self.foldersChanged.emit([{"path": f.path, "images": f.images, "skipped": f.skipped}
                                  for f in self.library.catalog.folders()])

    @Slot(str)
    def _add_folder(self, path: str) -> None:
        if self.library is None:
            return
        try:
            real = self.library.add_folder(path)
        except ClipviewError as exc:
            self.failed.emit(0, str(exc))
            return
        self.folderAdded.emit(real)
        self._folders()

    @Slot(str)
    def _forget(self, path: str) -> None:
        if self.library is None:
            return
        try:
            self.library.forget(path)
        except ClipviewError as exc:
            self.failed.emit(0, str(exc))
        self._folders()


def run_on_thread(worker: QObject, name: str) -> QThread:
    """Move ``worker`` to a new started QThread; it is deleted when the thread ends."""
    thread = QThread()
    thread.setObjectName(name)
    worker.moveToThread(thread)
    thread.finished.connect(worker.deleteLater)
    thread.start()
    return thread


def start_service() -> tuple[LibraryService, QThread]:
    service = LibraryService()
    return service, run_on_thread(service, "clipview-library")
