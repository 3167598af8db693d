"""A photo library: catalog + vector index + model. ``open_library`` is the Python API."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import numpy as np

from clipview.core.catalog import Catalog, FolderRow
from clipview.core.check import Subject, check_report, find_problems, status_report
from clipview.core.encoder import ClipModel, load_model
from clipview.core.errors import ClipviewError
from clipview.core.indexer import IndexJob, run
from clipview.core.library_browse import BrowseMixin
from clipview.core.locking import WriterLock
from clipview.core.progress import CancelToken, Phase, Progress
from clipview.core.query import query_vector
from clipview.core.reports import CheckReport, StatusReport
from clipview.core.search import Filters, SearchResult, rank
from clipview.core.sync import make_plan
from clipview.core.vector_index import VectorIndex


def model_key(model: ClipModel) -> str:
    """Identifies the weights, not the folder: name + hash of the visual model's head."""
    digest = hashlib.sha256()
    path = model.bundle.visual_model
    digest.update(str(path.stat().st_size).encode())
    with path.open("rb") as handle:
        digest.update(handle.read(1 << 20))
    return f"{model.name}-{model.dim}-{digest.hexdigest()[:12]}"


class Library(BrowseMixin):
    """Folders of photos, indexed with one model; safe to search while indexing.

    Every method that writes holds the writer lock for its whole run (``index()`` from its
    first step to its last): the same thread may nest them, another thread of this process
    waits for them, another process is refused (``LibraryBusy``).
    """

    def __init__(self, home: Path, model: ClipModel) -> None:
        self.home = home
        self.model = model
        try:
            home.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ClipviewError(f"cannot use {home} as the library: {exc.strerror}") from exc
        self.catalog = Catalog(home / "catalog.sqlite")
        self.writer = WriterLock(home / "library.lock")
        self.key = model_key(model)
        self.model_id = self.catalog.model_id(self.key, model.name, model.dim)
        self.vectors = VectorIndex(home / "index" / f"{self.key}.hnsw", model.dim)
        self._index_ready = False
        self._index_guard = threading.Lock()
        self._indexing = False

    def close(self) -> None:
        """Close the catalog and release the model's ONNX Runtime sessions."""
        try:
            self.catalog.close()
        finally:
            self.model.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- folders ------------------------------------------------------------------------
    def add_folder(self, path: str | os.PathLike[str]) -> str:
        """Track a folder (nested folders merge into their parent); returns its real path."""
        real = os.path.realpath(os.path.expanduser(os.fspath(path)))
        if not os.path.isdir(real):
            raise ClipviewError(f"no such folder: {path}")
        with self.writer:
            for folder in self.catalog.folders():
                if _inside(real, folder.path):
                    return folder.path
            new_id = self.catalog.add_folder(real)
            for folder in self.catalog.folders():
                if folder.id != new_id and _inside(folder.path, real):
                    self.catalog.reassign_folder(folder.id, new_id)
        return real

    def folders(self) -> list[str]:
        return [f.path for f in self.catalog.folders()]

    def folder_rows(self) -> list[FolderRow]:
        """The tracked folders with their id and counts of indexed and skipped photos."""
        return self.catalog.folders()

    def forget(self, path: str | os.PathLike[str]) -> int:
        """Stop tracking a folder; its photos leave the catalog and the index."""
        real = os.path.realpath(os.path.expanduser(os.fspath(path)))
        with self.writer:
            match = [f for f in self.catalog.folders() if f.path in (real, os.fspath(path))]
            if not match:
                raise ClipviewError(f"{path} is not a folder of this library")
            self.ensure_index()
            removed = self.catalog.remove_folder(match[0].id)
            self.vectors.remove(removed, self.catalog.generation())
            self.vectors.save()
        return len(removed)

    # -- indexing -----------------------------------------------------------------------
    def index(self, token: CancelToken | None = None, batch_size: int = 32
              ) -> Iterator[Progress]:
        """Scan every folder and encode what is new or changed; yields Progress."""
        token = token or CancelToken()
        with self.writer:
            self.ensure_index()
            self._indexing = True
            try:
                yield Progress(Phase.SCANNING, 0, 0)
                plan = make_plan(self.catalog, self.model_id, self.catalog.folders())
                job = IndexJob(self.catalog, self.model, self.model_id, self.vectors, plan,
                               token, batch_size)
                yield from run(job)
            finally:
                self._indexing = False

    def ensure_index(self) -> VectorIndex:
        """Load the HNSW file, or rebuild it from the catalog if missing, corrupt or stale."""
        with self._index_guard:
            generation = self.catalog.generation()
            if self._index_ready and (self._indexing or self.vectors.generation == generation):
                return self.vectors
            live = self.catalog.vector_ids(self.model_id)
            batches = self.catalog.vector_batches(self.model_id, self.model.dim)
            if self.vectors.load(generation, live):
                self.vectors.fill_exact(batches)
            else:
                self.vectors.rebuild(batches, generation, len(live))
                self.vectors.save()
            self._index_ready = True
            return self.vectors

    # -- search -------------------------------------------------------------------------
    def search(self, query: str, k: int = 50, filters: Filters | None = None
               ) -> list[SearchResult]:
        """Photos for a query (text, image path, arithmetic, weights), best first."""
        vector = query_vector(query, self.model, self.catalog, self.model_id)
        return self.search_vector(vector, k, filters)

    def search_vector(self, vector: np.ndarray, k: int = 50, filters: Filters | None = None,
                      exclude: set[int] | None = None) -> list[SearchResult]:
        return rank(vector, k, self.ensure_index(), self.catalog, filters or Filters(),
                    exclude)

    def similar(self, path: str | os.PathLike[str], k: int = 50,
                filters: Filters | None = None) -> list[SearchResult]:
        """Photos like the one at ``path`` (itself excluded)."""
        real = os.path.realpath(os.fspath(path))
        known = self.catalog.vector_of(real, self.model_id) or \
            self.catalog.vector_of(os.fspath(path), self.model_id)
        if known is not None:
            return self.search_vector(known[1], k, filters, exclude={known[0]})
        if not os.path.isfile(real):
            raise ClipviewError(f"no such photo: {path}")
        vector = self.model.encode_images([real])[0]
        return self.search_vector(vector, k, filters)

    # -- reports ------------------------------------------------------------------------
    def _subject(self) -> Subject:
        return Subject(self.home, self.catalog, self.model, self.key, self.model_id,
                       self.vectors.path)

    def status(self) -> StatusReport:
        """What the library holds; opens the text encoder to name the device really used."""
        return status_report(self._subject(), self.ensure_index())

    def check(self, repair: bool = False) -> CheckReport:
        """Verify the catalog and its agreement with the HNSW file; ``repair`` fixes what can
        be fixed (holding the writer lock for the whole check)."""
        guard: AbstractContextManager[object] = self.writer if repair else nullcontext()
        with guard:
            problems, bad_vectors = find_problems(self._subject())
            repaired = False
            if problems and repair:
                self.catalog.repair(self.model_id, bad_vectors)
                self.ensure_index()
                repaired = True
            return check_report(self._subject(), problems, repaired)


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def open_library(home: str | os.PathLike[str], model: str | os.PathLike[str] | ClipModel,
                 device: str = "auto") -> Library:
    """Open (creating if needed) the library at ``home`` with a bundle folder or ClipModel."""
    clip = model if isinstance(model, ClipModel) else load_model(Path(model), device=device)
    return Library(Path(home).expanduser(), clip)
