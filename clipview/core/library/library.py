"""A photo library: catalog + vector index + model. ``open_library`` is the Python API.

``Library`` is a façade over parts that are each given what they use (the catalog, the
writer lock, the model's row, the HNSW cache): its folders and exclusions (``FolderShelf``,
``Excludes``), the timeline and the trash (``Photos``), the duplicate finder
(``Duplicates``), the check (``Checker``) and the one search path (``search.Searcher``).
The HNSW cache (``IndexCache``) is the vector side the folder parts tell when photos leave
or come back.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from clipview.core.library.browse import Photos
from clipview.core.library.check import Checker
from clipview.core.library.copies import Duplicates
from clipview.core.library.duplicates import (
    DEFAULT_COSINE,
    DEFAULT_MAX_DISTANCE,
    EXACT_LIMIT,
    DuplicateGroup,
)
from clipview.core.library.folders import FolderShelf
from clipview.core.library.index_cache import IndexCache
from clipview.core.library.indexer import IndexJob, run
from clipview.core.library.reports import CheckReport, StatusReport
from clipview.core.library.state import ModelRow, open_catalog, record_folder_states
from clipview.core.library.status import Subject, status_report, waiting_count
from clipview.core.library.sync import make_plan
from clipview.core.library.trash import TrashReport
from clipview.core.models.encoder import ClipModel, load_model
from clipview.core.progress import CancelToken, IndexSummary, Phase, Progress, RunCancelled
from clipview.core.search.index_loader import in_background
from clipview.core.search.search import Filters, SearchResult, result_count
from clipview.core.search.searcher import Searcher
from clipview.core.search.vector_index import VectorIndex
from clipview.core.watch.events import ChangeBatch


@dataclass(frozen=True)
class _ModelRun:
    """The model an index run encodes with, its catalog row and its HNSW cache."""

    model: ClipModel
    row: ModelRow
    cache: IndexCache


class Library(FolderShelf):
    """Folders of photos, indexed with one model; safe to search while indexing. A
    ``FolderShelf`` (the folders) whose vector side is its model's HNSW cache.

    Every method that writes holds the writer lock for its whole run (``index()`` from its
    first step to its last): the same thread may nest them, another thread of this process
    waits for them, another process is refused (``LibraryBusy``).
    """

    def __init__(self, home: Path, model: ClipModel) -> None:
        catalog, lock = open_catalog(home)  # read-only aware: a reader records nothing
        self.model = model
        self.row = ModelRow(catalog, model, read_only=lock.read_only is not None)
        self.cache = IndexCache(catalog, self.row, lock,
                                home / "index" / f"{self.row.key}.hnsw", model.dim)
        super().__init__(home, catalog, lock, self.cache)
        self.photos = Photos(catalog, lock, self.cache)
        self.copies = Duplicates(catalog, self.row, self.cache, self.trash)
        self.checker = Checker(catalog, lock, self.row, self.cache, model.dim)
        self.searcher = Searcher(catalog, model, lambda: self.row.id, self.ensure_index)

    @property
    def key(self) -> str:
        """The model's weights key (its vectors' name in the catalog and the cache)."""
        return self.row.key

    @property
    def model_id(self) -> int:
        """The model's catalog id (``state.NO_MODEL`` until a writer records it)."""
        return self.row.id

    @property
    def vectors(self) -> VectorIndex:
        """The HNSW cache of the model's vectors (``ensure_index`` loads it)."""
        return self.cache.vectors

    def close(self) -> None:
        """Close the catalog and release the model's ONNX Runtime sessions."""
        try:
            self.catalog.close()
        finally:
            self.model.close()

    # -- indexing -----------------------------------------------------------------------
    def index(self, token: CancelToken | None = None, batch_size: int = 32,
              only_dirs: Collection[str] | None = None,
              follow_external_links: bool = False, encode: bool = True) -> Iterator[Progress]:
        """Scan every folder and encode what is new or changed; yields Progress.
        ``only_dirs``: only below these directories (``apply_changes``, a watcher's batch).
        ``follow_external_links``: follow folder links that leave a tracked folder.
        ``encode`` False: list the new photos (browsable, dated) and apply moves and
        removals, but encode nothing (the app, while the model's int8 copy is made)."""
        run_with = _ModelRun(self.model, self.row, self.cache)
        yield from self._index(run_with, token, batch_size, only_dirs, follow_external_links,
                               encode)

    def index_for(self, model: ClipModel, token: CancelToken | None = None,
                  batch_size: int = 32) -> Iterator[Progress]:
        """Encode with another model what it has no vector for, through this library (its
        catalog, its writer lock) into that model's own HNSW file: how a model switch builds
        its target while this library's model keeps answering searches."""
        row = ModelRow(self.catalog, model, read_only=self.writer.read_only is not None)
        cache = IndexCache(self.catalog, row, self.writer,
                           self.home / "index" / f"{row.key}.hnsw", model.dim)
        yield from self._index(_ModelRun(model, row, cache), token, batch_size)

    def _index(self, run_with: _ModelRun, token: CancelToken | None, batch_size: int,
               only_dirs: Collection[str] | None = None,
               follow_external_links: bool = False, encode: bool = True) -> Iterator[Progress]:
        token = token or CancelToken()
        with self.writer:
            model_id = run_with.row.record()  # a reader never records the model; a run does
            yield Progress(Phase.SCANNING, 0, 0)
            try:
                plan = make_plan(self.catalog, model_id, self.catalog.folders.all(),
                                 excludes=self.catalog.excludes.all(), only_dirs=only_dirs,
                                 recorded_devices=self.catalog.folders.recorded_devices(),
                                 follow_external_links=follow_external_links,
                                 cancelled=lambda: token.cancelled)
            except RunCancelled:   # nothing changed yet: the next run walks again
                yield Progress(Phase.DONE, 0, 0, summary=IndexSummary(cancelled=True))
                return
            record_folder_states(self.catalog, plan)
            if plan.to_encode or plan.removed:
                run_with.cache.ensure()   # an unchanged run never loads (nor saves) the index
            with run_with.cache.indexing():
                job = IndexJob(self.catalog, run_with.model, model_id, run_with.cache.vectors,
                               plan, token, batch_size, encode=encode)
                yield from run(job)

    def apply_changes(self, batch: ChangeBatch, token: CancelToken | None = None,
                      batch_size: int = 32) -> Iterator[Progress]:
        """Bring the library up to date with what changed in ``batch.dirs``; yields Progress
        like ``index`` (the last one carries the summary). Cancelling stops after the
        current batch of photos, with what was done committed and the index saved; what is
        left is found by the next batch touching those folders or the next ``index``."""
        yield from self.index(token, batch_size, only_dirs=sorted(batch.dirs))

    def ensure_index(self) -> VectorIndex:
        """Load the HNSW file, or rebuild it from the catalog if missing, corrupt or stale."""
        return self.cache.ensure()

    def prepare(self) -> VectorIndex:
        """Ready to answer the first query: the text encoder opens while the index loads
        (what the app does when it opens a library)."""
        text = in_background(self.model.load)
        index = self.ensure_index()
        text.join()
        self.model.load()   # at once when the background load worked; else raises its error
        return index

    # -- search -------------------------------------------------------------------------
    def search(self, query: str, k: int = 50, filters: Filters | None = None
               ) -> list[SearchResult]:
        """Photos for a query (text, image path, arithmetic, weights), best first; its
        words also match file names, folders and EXIF text (``Searcher.search``)."""
        result_count(k)
        if not self.cache.ready:   # the index opens while the text encoder does
            in_background(self.ensure_index)
        return self.searcher.search(query, k, filters or Filters())

    def search_vector(self, vector: np.ndarray, k: int = 50, filters: Filters | None = None,
                      exclude: set[int] | None = None) -> list[SearchResult]:
        """The top ``k`` for a unit vector (a video: its best frame)."""
        result_count(k)
        return self.searcher.search_vector(vector, k, filters or Filters(), exclude)

    def similar(self, path: str | os.PathLike[str], k: int = 50,
                filters: Filters | None = None) -> list[SearchResult]:
        """Photos like the one at ``path`` (itself excluded)."""
        result_count(k)
        return self.searcher.similar(path, k, filters or Filters())

    # -- photos: the timeline, the trash, duplicates -----------------------------------
    def browse(self, filters: Filters | None = None, limit: int | None = None
               ) -> list[SearchResult]:
        """Every usable photo, newest first, or the newest ``limit`` (``Photos.browse``)."""
        return self.photos.browse(filters, limit)

    def trash(self, paths: Sequence[str]) -> TrashReport:
        """Move photos to the desktop's trash and drop them from the library
        (``Photos.trash``)."""
        return self.photos.trash(paths)

    def duplicates(self, folder: str | os.PathLike[str] | None = None,
                   cosine: float = DEFAULT_COSINE,
                   max_distance: int = DEFAULT_MAX_DISTANCE,
                   exact_limit: int = EXACT_LIMIT) -> list[DuplicateGroup]:
        """Groups of copies of the same photo (``Duplicates.duplicates``)."""
        return self.copies.duplicates(folder, cosine, max_distance, exact_limit)

    def trash_duplicates(self, groups: Sequence[DuplicateGroup],
                         chosen: Collection[str] | None = None,
                         similar: bool = False) -> TrashReport:
        """Move copies to the trash (``Duplicates.trash_duplicates``)."""
        return self.copies.trash_duplicates(groups, chosen, similar)

    # -- reports ------------------------------------------------------------------------
    def check(self, repair: bool = False) -> CheckReport:
        """Verify the catalog and its HNSW cache; ``repair`` fixes what can be
        (``Checker.check``)."""
        return self.checker.check(repair)

    def waiting(self) -> int:
        """Photos listed but not encoded by this model yet (an index run under way or
        stopped): searches do not find them until they are."""
        return waiting_count(self.catalog.folders.all(), self.catalog.vectors.count(self.model_id))

    def status(self) -> StatusReport:
        """What the library holds; opens the text encoder to name the device really used."""
        subject = Subject(self.home, self.catalog, self.model, self.key, self.model_id,
                          self.vectors.path)
        return status_report(subject, self.ensure_index())


def open_library(home: str | os.PathLike[str], model: str | os.PathLike[str] | ClipModel,
                 device: str = "auto") -> Library:
    """Open (creating if needed) the library at ``home`` with a bundle folder or ClipModel."""
    clip = model if isinstance(model, ClipModel) else load_model(Path(model), device=device)
    return Library(Path(home).expanduser(), clip)
