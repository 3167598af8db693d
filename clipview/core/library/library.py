"""A photo library: catalog + vector index + model. ``open_library`` is the Python API."""

from __future__ import annotations

import os
import threading
from collections.abc import Collection, Iterator
from pathlib import Path

import numpy as np

from clipview.core.catalog.browse import FolderSnapshot
from clipview.core.errors import ClipviewError
from clipview.core.library.browse import BrowseMixin
from clipview.core.library.check import CheckMixin
from clipview.core.library.copies import DuplicatesMixin
from clipview.core.library.folders import FoldersMixin
from clipview.core.library.indexer import IndexJob, run
from clipview.core.library.media import MediaMixin
from clipview.core.library.reports import StatusReport
from clipview.core.library.state import StateMixin
from clipview.core.library.status import Subject, status_report
from clipview.core.library.sync import make_plan
from clipview.core.library.watching import WatchMixin
from clipview.core.models.encoder import ClipModel, load_model
from clipview.core.progress import CancelToken, Phase, Progress
from clipview.core.search.index_loader import in_background
from clipview.core.search.query import not_a_photo, query_vector
from clipview.core.search.search import Filters, SearchResult, result_count
from clipview.core.search.vector_index import VectorIndex


class Library(FoldersMixin, BrowseMixin, WatchMixin, DuplicatesMixin, CheckMixin, StateMixin,
              MediaMixin):
    """Folders of photos, indexed with one model; safe to search while indexing.

    Every method that writes holds the writer lock for its whole run (``index()`` from its
    first step to its last): the same thread may nest them, another thread of this process
    waits for them, another process is refused (``LibraryBusy``).
    """

    def __init__(self, home: Path, model: ClipModel) -> None:
        self.home = home
        self.model = model
        self._open_parts(home, model)  # library_state: read-only aware, records nothing
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

    # -- folders (tracking them: library_folders.FoldersMixin) ---------------------------
    def _prepare_vectors(self) -> None:
        self.ensure_index()

    def _drop_vectors(self, removed: list[int]) -> None:
        self.vectors.remove(removed, self.catalog.generation(self.model_id))
        self.vectors.save()

    def _restore_vectors(self, snapshot: FolderSnapshot, new_ids: dict[int, int]) -> None:
        mine = [(new_ids[n], np.frombuffer(blob, np.float32))
                for n, key, blob in snapshot.vectors if key == self.key and n in new_ids]
        if mine:
            self.vectors.add(np.array([i for i, _ in mine], np.int64),
                             np.stack([v for _, v in mine]),
                             self.catalog.generation(self.model_id))
            self.vectors.save()

    # -- indexing -----------------------------------------------------------------------
    def index(self, token: CancelToken | None = None, batch_size: int = 32,
              only_dirs: Collection[str] | None = None,
              follow_external_links: bool = False) -> Iterator[Progress]:
        """Scan every folder and encode what is new or changed; yields Progress.
        ``only_dirs``: only below these directories (``apply_changes``, a watcher's batch).
        ``follow_external_links``: follow folder links that leave a tracked folder."""
        token = token or CancelToken()
        with self.writer:
            self._writer_model_id()  # a reader never records the model; a run does
            yield Progress(Phase.SCANNING, 0, 0)
            plan = make_plan(self.catalog, self.model_id, self.catalog.folders(),
                             excludes=self.catalog.excludes(), only_dirs=only_dirs,
                             recorded_devices=self.catalog.recorded_devices(),
                             follow_external_links=follow_external_links)
            self._record_folder_states(plan)
            if plan.to_encode or plan.removed:
                self.ensure_index()   # an unchanged run never loads (nor saves) the index
            self._indexing = True
            try:
                job = IndexJob(self.catalog, self.model, self.model_id, self.vectors, plan,
                               token, batch_size)
                yield from run(job)
            finally:
                self._indexing = False

    def ensure_index(self) -> VectorIndex:
        """Load the HNSW file, or rebuild it from the catalog if missing, corrupt or stale."""
        with self._index_guard:
            self._refresh_model_id()   # first: the generation is the model's own
            generation = self.catalog.generation(self.model_id)
            if self._index_ready and (self._indexing or self.vectors.generation == generation):
                return self.vectors
            batches = self.catalog.vector_batches(self.model_id, self.model.dim)
            if self.vectors.load(generation):  # the stamp, not the whole file; no graph yet
                self.vectors.fill_exact(batches)
            else:
                self.vectors.rebuild(batches, generation,
                                     self.catalog.count_vectors(self.model_id))
                self._save_cache()  # never by a read-only library, nor during another's run
            self._index_ready = True
            return self.vectors

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
        words also match file names, folders and EXIF text (library_media.fused_search)."""
        result_count(k)
        if not self._index_ready:   # the index opens while the text encoder does
            in_background(self.ensure_index)
        vector = query_vector(query, self.model, self.catalog, self.model_id)
        return self.fused_search(query, vector, k, filters or Filters())

    def search_vector(self, vector: np.ndarray, k: int = 50, filters: Filters | None = None,
                      exclude: set[int] | None = None) -> list[SearchResult]:
        result_count(k)
        return self.rank_media(vector, k, filters or Filters(), exclude)  # videos: best frame

    def similar(self, path: str | os.PathLike[str], k: int = 50,
                filters: Filters | None = None) -> list[SearchResult]:
        """Photos like the one at ``path`` (itself excluded)."""
        result_count(k)
        real = os.path.realpath(os.path.expanduser(os.fspath(path)))
        known = self.catalog.vector_of(real, self.model_id) or \
            self.catalog.vector_of(os.path.expanduser(os.fspath(path)), self.model_id)
        if known is not None:
            return self.search_vector(known[1], k, filters, exclude={known[0]})
        if not os.path.isfile(real):
            raise ClipviewError(not_a_photo(os.fspath(path)))
        vector = self.model.encode_images([real])[0]
        return self.search_vector(vector, k, filters)

    # -- reports ------------------------------------------------------------------------
    def _subject(self) -> Subject:
        return Subject(self.home, self.catalog, self.model, self.key, self.model_id,
                       self.vectors.path)

    def status(self) -> StatusReport:
        """What the library holds; opens the text encoder to name the device really used."""
        return status_report(self._subject(), self.ensure_index())



def open_library(home: str | os.PathLike[str], model: str | os.PathLike[str] | ClipModel,
                 device: str = "auto") -> Library:
    """Open (creating if needed) the library at ``home`` with a bundle folder or ClipModel."""
    clip = model if isinstance(model, ClipModel) else load_model(Path(model), device=device)
    return Library(Path(home).expanduser(), clip)
