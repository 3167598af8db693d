"""The vector side of a library: the HNSW cache of its model's vectors, kept agreeing with
the catalog (``IndexCache``), and what the folder parts ask of it when photos leave or come
back (``VectorSide``; ``NoVectors`` for a library without a model)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol

import numpy as np

from clipview.core.catalog.catalog import Catalog
from clipview.core.catalog.rows import FolderSnapshot
from clipview.core.errors import ClipviewError
from clipview.core.library.locking import WriterLock
from clipview.core.library.state import ModelRow
from clipview.core.search.vector_index import VectorIndex


class VectorSide(Protocol):
    """What happens to vectors when photos leave the catalog or come back."""

    def prepare(self) -> None:
        """Before photos leave or come back: the vectors are ready to change."""

    def drop(self, removed: list[int]) -> None:
        """After photos left the catalog (their ids): their vectors go too."""

    def restore(self, snapshot: FolderSnapshot, new_ids: dict[int, int]) -> None:
        """After a removed folder came back: its vectors come back too."""


class NoVectors:
    """The vector side of a library without a model: there are none to change."""

    def prepare(self) -> None:
        """Nothing to load."""

    def drop(self, removed: list[int]) -> None:
        """Nothing to drop."""

    def restore(self, snapshot: FolderSnapshot, new_ids: dict[int, int]) -> None:
        """Nothing to put back (the snapshot's vectors stay in the catalog)."""


class IndexCache:
    """The HNSW cache of one model's vectors: loaded (or rebuilt from the catalog when it is
    missing, corrupt or stale) when first needed, saved only by a library that can be
    written and only while no other process writes."""

    def __init__(self, catalog: Catalog, row: ModelRow, lock: WriterLock, path: Path,
                 dim: int) -> None:
        self._catalog = catalog
        self._row = row
        self._lock = lock
        self._dim = dim
        self.vectors = VectorIndex(path, dim)
        self.ready = False       # loaded (or rebuilt) for the catalog's generation
        self._indexing = False   # an index run changes the vectors as it goes
        self._guard = threading.Lock()

    def ensure(self) -> VectorIndex:
        """Load the HNSW file, or rebuild it from the catalog if missing, corrupt or stale."""
        with self._guard:
            model_id = self._row.refresh()   # first: the generation is the model's own
            generation = self._catalog.generation(model_id)
            if self.ready and (self._indexing or self.vectors.generation == generation):
                return self.vectors
            batches = self._catalog.vectors.batches(model_id, self._dim)
            if self.vectors.load(generation):  # the stamp, not the whole file; no graph yet
                self.vectors.fill_exact(batches)
            else:
                self.vectors.rebuild(batches, generation,
                                     self._catalog.vectors.count(model_id))
                self._save_rebuilt()  # never by a read-only library, nor during another's run
            self.ready = True
            return self.vectors

    @contextmanager
    def indexing(self) -> Iterator[None]:
        """While an index run changes the vectors: they are current as they are."""
        self._indexing = True
        try:
            yield
        finally:
            self._indexing = False

    def rebuild(self) -> None:
        """Rebuild the cache from the catalog now and save it (with the writer lock held)."""
        self.ready = False
        self.vectors.path.unlink(missing_ok=True)
        self.ensure()

    def _save_rebuilt(self) -> None:
        """Save a rebuilt cache only when this library can be written and no one else is
        writing (the writer lock taken without waiting): a reader never writes while a
        writer works, and a read-only library is never written."""
        if self._lock.read_only is not None:
            return
        try:
            self._lock.acquire(timeout=0)
        except ClipviewError:
            return  # another writer is at work: it saves its own cache
        try:
            self.vectors.save()
        finally:
            self._lock.release()

    # -- the vector side of photos that leave or come back (VectorSide) -------------------
    def prepare(self) -> None:
        self.ensure()

    def drop(self, removed: list[int]) -> None:
        self.vectors.remove(removed, self._catalog.generation(self._row.id))
        self.vectors.save()

    def restore(self, snapshot: FolderSnapshot, new_ids: dict[int, int]) -> None:
        mine = [(new_ids[n], np.frombuffer(blob, np.float32))
                for n, key, blob in snapshot.vectors if key == self._row.key and n in new_ids]
        if mine:
            self.vectors.add(np.array([i for i, _ in mine], np.int64),
                             np.stack([v for _, v in mine]),
                             self._catalog.generation(self._row.id))
            self.vectors.save()
