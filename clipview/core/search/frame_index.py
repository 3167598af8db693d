"""Every video frame's vector in memory, searched exactly: a video ranks by its best frame.

The HNSW index holds one vector per item (a video's middle frame, ``catalog_media``); this
matrix holds all frames of all videos (up to MAX_FRAMES a video: 10 000 videos are
100 000 rows, a 512-d scan of them takes milliseconds). It is reloaded from the catalog
when the catalog's generation moves on.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from clipview.core.catalog.catalog import Catalog


@dataclass(frozen=True)
class FrameHit:
    score: float
    time_s: float


class FrameIndex:
    """Best frame per video for a query vector."""

    def __init__(self, dim: int) -> None:
        self.dim = dim
        self.generation = -1
        self._lock = threading.Lock()
        self._ids = np.zeros(0, np.int64)
        self._times = np.zeros(0, np.float64)
        self._vectors = np.zeros((0, dim), np.float32)

    def refresh(self, catalog: Catalog, model_id: int) -> None:
        generation = catalog.generation()
        with self._lock:
            if generation == self.generation:
                return
            self._ids, self._times, self._vectors = catalog.media.frame_matrix(model_id, self.dim)
            self.generation = generation

    def __len__(self) -> int:
        with self._lock:
            return len(self._ids)

    def best(self, vector: np.ndarray, allowed: Callable[[int], bool] | None = None
             ) -> dict[int, FrameHit]:
        """{video id: its best frame's cosine and time} for the videos ``allowed`` takes."""
        with self._lock:
            ids, times, vectors = self._ids, self._times, self._vectors
        if not len(ids):
            return {}
        scores = vectors @ np.asarray(vector, np.float32)
        order = np.lexsort((-scores, ids))  # by video, best frame first
        first = np.ones(len(order), bool)
        first[1:] = ids[order][1:] != ids[order][:-1]
        found: dict[int, FrameHit] = {}
        for row in order[first]:
            image_id = int(ids[row])
            if allowed is None or allowed(image_id):
                found[image_id] = FrameHit(float(scores[row]), float(times[row]))
        return found
