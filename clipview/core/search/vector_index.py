"""HNSW cache of a model's vectors (hnswlib, cosine, labels = catalog image ids).

The file is a rebuildable cache: saved atomically (only when it changed) with a stamp (catalog
generation, size, mtime, sampled blocks); a missing, corrupt or stale file is rebuilt from the
catalog. One lock keeps ``knn_query`` from running while ``add_items`` or ``resize_index`` does.
``VectorIndex`` keeps the vectors and chooses which back-end answers (``backends``).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path

import hnswlib
import numpy as np

from clipview.core.errors import ClipviewError
from clipview.core.media.safe_read import read_regular
from clipview.core.private_files import create_private_file, private_dir, write_private
from clipview.core.search.backends import (
    EF_BY_KIND,
    EF_SEARCH,
    EF_TEXT,
    TEXT_LIKE_BELOW,
    GraphExact,
    GraphVectors,
    VectorSearch,
)
from clipview.core.search.exact import EXACT_BELOW, ExactVectors
from clipview.core.search.index_file import (
    check_saved,
    empty_index,
    read_graph,
    remove_quietly,
    remove_stale_temporaries,
    sync_file,
)
from clipview.core.search.index_loader import LiveIds, MappedVectors, file_facts, stamp_matches
from clipview.core.search.text_check import TextCheck

logger = logging.getLogger(__name__)

M = 16
EF_CONSTRUCTION = 200
__all__ = ["EF_BY_KIND", "EF_SEARCH", "EF_TEXT", "TEXT_LIKE_BELOW", "VectorIndex"]

# the back-ends VectorIndex chooses among (typed: mypy checks each is a VectorSearch)
BACKENDS: tuple[type[VectorSearch], ...] = (ExactVectors, MappedVectors, GraphVectors, GraphExact)
SUBSETS_BYTES = 96 << 20   # the scoped searches' subsets kept (a 10,000-photo folder: 20 MB)
GRAPH_IDLE_S, GRAPH_GRACE_S = 10.0, 1.0  # load_graph_later's waits (seconds): a first query
# within 10 s of opening comes before the graph's read (which holds the GIL: 1.7 s at 1M)
_GROWTH = 1.5
_MIN_CAPACITY = 1024


def _write_index(index: hnswlib.Index, path: str) -> None:
    """hnswlib writes the file itself (and says nothing when the disk fills up)."""
    index.save_index(path)


def _add_items(index: hnswlib.Index, live: LiveIds, ids: np.ndarray, vectors: np.ndarray
               ) -> None:
    """New ids may take a removed photo's slot; a live id's changed vector is written in
    its own slot (given a freed one, hnswlib would leave the old slot answering under the
    same id with the old vector)."""
    known = live.mask_of(ids)
    if known.any():
        index.add_items(vectors[known], ids[known])
    if not known.all():
        index.add_items(vectors[~known], ids[~known], replace_deleted=True)


class VectorIndex:
    """Thread-safe HNSW index with atomic persistence.

    A saved file whose stamp matches is opened in two steps: ``load`` maps the file and
    answers searches exactly from the vectors in it at once; the graph itself is read on
    the first change, on ``ensure_graph`` or in the background (``load_graph_later``)."""

    def __init__(self, path: Path, dim: int) -> None:
        self.path = path
        self.stamp_path = path.with_suffix(".stamp.json")
        self.dim = dim
        self.generation = -1
        self.last_ef = 0  # the ef of the last HNSW query (per query kind)
        self.last_way = ""  # how the last query was answered (GraphVectors.way)
        self._lock = threading.Lock()
        self._graph_lock = threading.Lock()  # one graph load at a time
        self._index: hnswlib.Index | None = self._empty(_MIN_CAPACITY)
        self._mapped: MappedVectors | None = None
        self._capacity = _MIN_CAPACITY
        self._live = LiveIds()
        self._exact: ExactVectors | None = None
        self._dirty = False  # changed since loaded or saved: the file is stale
        # the saved file as the graph last matched it, mapped (scoped searches read their
        # subset's vectors from it), and the ids added or changed since
        self._file: MappedVectors | None = None
        self._since_file: dict[int, int] = {}   # id → the change's number (_changes)
        self._changes = 0
        # the last subsets read for scoped searches: key → (ids, vectors), newest last
        self._subsets: OrderedDict[tuple[object, ...], tuple[np.ndarray, np.ndarray]] = \
            OrderedDict()
        self.searched = threading.Event()
        self._check: tuple[MappedVectors, TextCheck] | None = None  # over self._file

    def _empty(self, capacity: int) -> hnswlib.Index:
        return empty_index(self.dim, capacity, M, EF_CONSTRUCTION, EF_SEARCH)

    def __len__(self) -> int:
        with self._lock:
            return len(self._live)

    def labels(self) -> set[int]:
        with self._lock:
            return set(self._live)

    @property
    def graph_loaded(self) -> bool:
        return self._index is not None

    # -- loading and saving -------------------------------------------------------------
    def load(self, generation: int) -> bool:
        """Open the saved file if its stamp (not the whole file) matches ``generation``, else
        False; small ones load their graph now, large ones are searched in place until it is
        needed (the live ids are the file's labels)."""
        remove_stale_temporaries(self.path, self.stamp_path)  # left by dead processes
        try:
            stamp = json.loads(read_regular(self.stamp_path, 1 << 20).data)
            if stamp.get("generation") != generation or stamp.get("dim") != self.dim:
                return False
            if not stamp_matches(self.path, self.stamp_path, stamp):
                return False
            mapped = MappedVectors(self.path, self.dim)
        except (OSError, ClipviewError, ValueError, KeyError, RuntimeError, TypeError):
            return False
        with self._lock:
            self._index, self._mapped = None, mapped
            self._file, self._since_file = mapped, {}
            self._capacity = int(stamp["capacity"])
            self._live = mapped.live()
            self._exact = None
            self._dirty = False
            self.generation = generation
        if len(self._live) <= EXACT_BELOW:
            return self.ensure_graph()
        return True

    def ensure_graph(self) -> bool:
        """Read a mapped file's graph now; False (an empty index) when it cannot be read."""
        with self._graph_lock:
            with self._lock:
                mapped, capacity = self._mapped, self._capacity
                if self._index is not None or mapped is None:
                    return True
            try:
                index = read_graph(self.path, self.dim, capacity)
            except (OSError, RuntimeError, ValueError) as exc:
                logger.warning("cannot read the search index %s (rebuilt next time): %s",
                               self.path, exc)
                index = None
            with self._lock:
                self._index = index if index is not None else self._empty(_MIN_CAPACITY)
                self._mapped = None
                if index is None:
                    self._live, self._dirty, self.generation = LiveIds(), True, -1
                    self._file = None
            return index is not None

    def load_graph_later(self, idle_s: float = GRAPH_IDLE_S) -> threading.Thread:
        """Read the graph on a daemon thread after the first search and GRAPH_GRACE_S (or
        ``idle_s``): hnswlib holds the GIL while it reads, so the first answer comes first."""

        def work() -> None:
            if self.searched.wait(idle_s):
                time.sleep(GRAPH_GRACE_S)  # the first answer's rows and thumbnails first
            self.ensure_graph()

        thread = threading.Thread(target=work, name="clipview-graph", daemon=True)
        thread.start()
        return thread

    def fill_exact(self, batches: Iterable[tuple[np.ndarray, np.ndarray]]) -> None:
        """Keep a matrix for exact search when the index is small (EXACT_BELOW). A label
        of the saved file that ``batches`` lack (its catalog vector damaged since, left out
        by ``catalog.vectors.batches``) leaves the index too: it is never found."""
        if len(self) > EXACT_BELOW:
            return
        exact = ExactVectors(self.dim)
        for ids, vectors in batches:
            exact.add(ids, vectors)
        gone = self.labels() - exact.labels()
        if gone and len(gone) < len(self):
            self.remove(gone, self.generation)
        with self._lock:
            self._exact = exact if len(exact) == len(self._live) else None

    def rebuild(self, batches: Iterable[tuple[np.ndarray, np.ndarray]], generation: int,
                total: int) -> None:
        fresh = self._empty(max(_MIN_CAPACITY, int(total * _GROWTH)))
        live: set[int] = set()
        exact = ExactVectors(self.dim) if total <= EXACT_BELOW else None
        for ids, vectors in batches:
            live.update(int(i) for i in ids)
            if exact is not None:
                exact.add(ids, vectors)
            if len(ids):
                if fresh.get_current_count() + len(ids) > fresh.get_max_elements():
                    fresh.resize_index(int((fresh.get_current_count() + len(ids)) * _GROWTH))
                fresh.add_items(vectors, ids, num_threads=os.cpu_count() or 1)
        with self._lock:
            self._index, self._mapped = fresh, None
            self._file, self._since_file = None, {}
            self._live = LiveIds(live)
            self._exact = exact
            self._dirty = True
            self.generation = generation

    def save(self) -> bool:
        """Only when changed since loaded or saved: a private temporary file, checked complete,
        then os.replace (a reader never sees half a file; a short one, disk full, never
        replaces a good one). A cache that cannot be written (read-only library, disk full)
        is logged and skipped: returns False, and search goes on from memory."""
        with self._lock:
            if not self._dirty:
                return True
        pid = os.getpid()
        temporary = self.path.with_name(f".{self.path.name}.{pid}.tmp")
        stamp_tmp = self.stamp_path.with_name(f".{self.stamp_path.name}.{pid}.tmp")
        try:
            private_dir(self.path.parent)
            create_private_file(temporary)
            with self._lock:
                index = self._index
                assert index is not None  # a dirty index has its graph
                _write_index(index, str(temporary))
                count = int(index.get_current_count())
                stamp: dict[str, object] = {
                    "generation": self.generation, "dim": self.dim,
                    "capacity": int(index.get_max_elements())}
                self._dirty = False  # a change from here on marks it again
                written = self._changes   # the changes the file holds
            check_saved(temporary, count)
            sync_file(temporary)
            stamp.update(file_facts(temporary))
            write_private(stamp_tmp, json.dumps(stamp).encode())
            os.replace(temporary, self.path)
            os.replace(stamp_tmp, self.stamp_path)
            self._map_saved(written)
        except (OSError, RuntimeError, ClipviewError) as exc:
            logger.warning("could not save the search index cache %s (search goes on; it is "
                           "rebuilt next time): %s", self.path, exc)
            remove_quietly(temporary)
            remove_quietly(stamp_tmp)
            with self._lock:
                self._dirty = True
            return False
        return True

    def _map_saved(self, written: int) -> None:
        """The file just saved (holding the changes up to number ``written``), mapped for
        scoped searches; none when it cannot be mapped (they read from the graph)."""
        try:
            saved: MappedVectors | None = MappedVectors(self.path, self.dim)
        except (OSError, ValueError) as exc:
            logger.info("scoped searches read from the graph: %s", exc)
            saved = None
        with self._lock:
            self._file = saved
            self._since_file = {i: n for i, n in self._since_file.items() if n > written}

    # -- changes ------------------------------------------------------------------------
    def add(self, ids: np.ndarray, vectors: np.ndarray, generation: int) -> None:
        self.ensure_graph()
        with self._lock:
            index = self._index
            assert index is not None
            needed = index.get_current_count() + len(ids)
            if needed > index.get_max_elements():
                index.resize_index(max(int(needed * _GROWTH), _MIN_CAPACITY))
            _add_items(index, self._live, np.asarray(ids, np.int64),
                       np.asarray(vectors, np.float32))
            self._live.update(int(i) for i in ids)
            self._changes += 1
            self._since_file.update((int(i), self._changes) for i in ids)
            if self._exact is not None:
                self._exact.add(ids, vectors)
                if len(self._exact) > EXACT_BELOW:
                    self._exact = None  # from here on HNSW alone answers
            self._dirty = True
            self.generation = generation

    def remove(self, ids: Iterable[int], generation: int) -> None:
        ids = [int(i) for i in ids]
        self.ensure_graph()
        with self._lock:
            index = self._index
            assert index is not None
            for label in (i for i in ids if i in self._live):
                index.mark_deleted(label)
                self._live.discard(label)
                self._dirty = True
            if self._exact is not None:
                self._exact.remove(ids)
            self._changes += 1
            self.generation = generation

    # -- queries ------------------------------------------------------------------------
    def search(self, vector: np.ndarray, k: int, allowed: Callable[[int], bool] | None = None,
               kind: str | None = None) -> list[tuple[int, float]]:
        """(image id, cosine) best first; at most ``k``; only ids ``allowed`` accepts.
        ``kind`` "text" or "image" picks the search width (EF_BY_KIND); None: told by a
        narrow probe (text-like when the nearest photo is below TEXT_LIKE_BELOW)."""
        if self.searched.is_set() and not self.graph_loaded and not self._graph_lock.locked():
            self.ensure_graph()  # a second search (duplicates, a session): the graph pays
        with self._lock:
            k = min(k, len(self._live))
            if k <= 0:
                return []
            if self._exact is not None:   # in memory: searched under the lock
                return self._exact.search(vector, k, allowed)
            if self._index is not None:
                graph = GraphVectors(self._index, self._live, kind, self._subset,
                                     self._text_check())
                found = graph.search(vector, k, allowed)
                self.last_ef, self.last_way = graph.ef, graph.way
                return found
            mapped = self._mapped
        try:
            return mapped.search(vector, k, allowed) if mapped else []  # the file is fixed
        finally:
            self.searched.set()

    def _text_check(self) -> TextCheck | None:
        """The second opinion on text-like queries over the saved file (under the lock);
        none while the graph matches no saved file."""
        if self._file is None:
            return None
        if self._check is None or self._check[0] is not self._file:
            self._check = (self._file, TextCheck(self._file, self._usable))
        return self._check[1]

    def _usable(self, labels: np.ndarray) -> np.ndarray:
        """Which ``labels`` are live with the saved file's vector still theirs (under the
        lock): those added or changed since are left to the graph."""
        usable = self._live.mask_of(labels)
        if self._since_file:
            changed = np.fromiter(self._since_file, np.int64, len(self._since_file))
            usable &= ~np.isin(labels, changed)
        return usable

    def _subset(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(ids, unit vectors) of live ``ids`` (under the lock), the last subset kept until
        the index changes (the next query in the same scope reuses it)."""
        key = (hash(ids.tobytes()), len(ids), self._changes, id(self._file), id(self._index))
        cached = self._subsets.get(key)
        if cached is not None:
            self._subsets.move_to_end(key)
            return cached
        found, vectors = self._read_subset(ids)
        self._subsets[key] = (found, vectors)
        while len(self._subsets) > 1 and sum(
                v.nbytes for _, v in self._subsets.values()) > SUBSETS_BYTES:
            self._subsets.popitem(last=False)
        return found, vectors

    def _read_subset(self, ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """From the saved file, and from the graph for those changed since it or missing
        from it."""
        index = self._index
        assert index is not None
        fresh = np.zeros(len(ids), bool)
        if self._since_file:
            fresh = np.isin(ids, np.fromiter(self._since_file, np.int64))
        found_ids, rows = (self._file.rows_of(ids[~fresh]) if self._file is not None
                           else (ids[:0], ids[:0]))
        rest = np.concatenate([ids[fresh], np.setdiff1d(ids[~fresh], found_ids)])
        parts = [(found_ids, self._file.matrix(rows) if self._file is not None else
                  np.zeros((0, self.dim), np.float32))]
        if len(rest):
            parts.append((rest, np.asarray(index.get_items(rest), np.float32)))
        return (np.concatenate([p[0] for p in parts]),
                np.concatenate([p[1] for p in parts]).reshape(-1, self.dim))

    def vector(self, image_id: int) -> np.ndarray | None:
        self.ensure_graph()
        with self._lock:
            if image_id not in self._live or self._index is None:
                return None
            return np.asarray(self._index.get_items([image_id])[0], np.float32)
