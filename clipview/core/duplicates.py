"""Finding copies of the same photo: exact copies, resized, recompressed, re-saved in another
format.

Candidates come from the vectors: pairs of photos whose embeddings are nearer than a high
cosine (``DEFAULT_COSINE``; exact blocked products up to ``EXACT_LIMIT`` photos, the HNSW
index's nearest neighbours above). An embedding says "the same subject and colours", which
many different photos share, so each candidate pair is confirmed with perceptual hashes of
the pictures themselves (``imagehash``'s dHash and pHash, both within ``max_distance`` bits
of 64) and the same aspect ratio. imagehash was chosen because it is the maintained,
tested implementation of these hashes (used by many duplicate finders); pHash survives
resizing and recompression, dHash adds the gradient structure, and two different photos of
the same colours differ in both.

Pictures are decoded with the safe decoder (``preprocess.open_photo``: allow-listed formats,
bounded reads); their hashes are cached in memory by path, size and modification time.
"""

from __future__ import annotations

import logging
import math
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from clipview.core.errors import ImageSkipped
from clipview.core.preprocess import open_photo

if TYPE_CHECKING:
    import imagehash

logger = logging.getLogger(__name__)

DEFAULT_COSINE = 0.95
DEFAULT_MAX_DISTANCE = 8
ASPECT_TOLERANCE = 0.03
NEIGHBOURS = 16
EXACT_LIMIT = 20000
HASH_SIDE = 256


@dataclass(frozen=True)
class DuplicatePhoto:
    id: int
    path: str
    width: int | None
    height: int | None
    size: int | None
    date: float | None  # taken, else the file's time (unix seconds)

    @property
    def pixels(self) -> int:
        return (self.width or 0) * (self.height or 0)


def keeper_key(photo: DuplicatePhoto) -> tuple[int, float, int, str]:
    """Largest resolution first, then the oldest, then the shortest path."""
    date = photo.date if photo.date is not None else math.inf
    return -photo.pixels, date, len(photo.path), photo.path


@dataclass(frozen=True)
class DuplicateGroup:
    """Copies of one photo, the suggested keeper first."""

    photos: tuple[DuplicatePhoto, ...]
    reason: str

    @property
    def keep(self) -> str:
        return self.photos[0].path

    @property
    def paths(self) -> list[str]:
        return [photo.path for photo in self.photos]

    @property
    def extra(self) -> list[str]:
        """Every copy but the keeper."""
        return [photo.path for photo in self.photos[1:]]


@dataclass(frozen=True)
class PictureHash:
    dhash: imagehash.ImageHash
    phash: imagehash.ImageHash


class HashCache:
    """Perceptual hashes by (path, size, mtime); thread-safe, bounded."""

    def __init__(self, limit: int = 50000) -> None:
        self.limit = limit
        self._hashes: OrderedDict[tuple[str, int, int], PictureHash | None] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, path: str) -> PictureHash | None:
        """The photo's hashes, or None when it cannot be read or decoded now."""
        try:
            info = os.stat(path)
        except OSError:
            return None
        key = (path, info.st_size, info.st_mtime_ns)
        with self._lock:
            if key in self._hashes:
                self._hashes.move_to_end(key)
                return self._hashes[key]
        found = picture_hash(path)
        with self._lock:
            self._hashes[key] = found
            while len(self._hashes) > self.limit:
                self._hashes.popitem(last=False)
        return found


def picture_hash(path: str) -> PictureHash | None:
    import imagehash  # with scipy: loaded when first needed, not by every command

    try:
        image = open_photo(path, min_side=HASH_SIDE).image
    except ImageSkipped as skipped:
        logger.info("no perceptual hash for %s: %s", path, skipped)
        return None
    return PictureHash(imagehash.dhash(image), imagehash.phash(image))


def same_shape(a: DuplicatePhoto, b: DuplicatePhoto) -> bool:
    if not (a.width and a.height and b.width and b.height):
        return False
    ratio_a, ratio_b = a.width / a.height, b.width / b.height
    return abs(ratio_a - ratio_b) <= ASPECT_TOLERANCE * max(ratio_a, ratio_b)


def same_picture(a: PictureHash, b: PictureHash, max_distance: int) -> bool:
    return a.dhash - b.dhash <= max_distance and a.phash - b.phash <= max_distance


def exact_pairs(ids: np.ndarray, vectors: np.ndarray, cosine: float,
                neighbours: int = NEIGHBOURS, block: int = 1024) -> set[tuple[int, int]]:
    """Id pairs (smaller first) whose unit vectors' cosine is at least ``cosine``, at most
    ``neighbours`` per photo, by blocked products (``ids`` and rows of ``vectors`` match)."""
    pairs: set[tuple[int, int]] = set()
    matrix = np.asarray(vectors, np.float32)
    matrix = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
    for start in range(0, len(matrix), block):
        scores = matrix[start:start + block] @ matrix.T
        for row, line in enumerate(scores):
            me = start + row
            line[me] = -1.0
            near = np.flatnonzero(line >= cosine)
            if len(near) > neighbours:
                near = near[np.argsort(-line[near])[:neighbours]]
            for other in near:
                a, b = int(ids[me]), int(ids[other])
                pairs.add((min(a, b), max(a, b)))
    return pairs


def index_pairs(items: Iterable[tuple[int, np.ndarray]],
                search: Callable[[np.ndarray, int], list[tuple[int, float]]],
                cosine: float, neighbours: int = NEIGHBOURS) -> set[tuple[int, int]]:
    """The same from an index's nearest neighbours (``search(vector, k)``)."""
    pairs: set[tuple[int, int]] = set()
    for image_id, vector in items:
        for other, score in search(vector, neighbours + 1):
            if other != image_id and score >= cosine:
                pairs.add((min(image_id, other), max(image_id, other)))
    return pairs


def confirmed_groups(pairs: Iterable[tuple[int, int]], photos: dict[int, DuplicatePhoto],
                     hashes: HashCache, max_distance: int) -> list[list[DuplicatePhoto]]:
    """Groups (two or more) of photos joined by pairs that pass the perceptual check."""
    parent: dict[int, int] = {}
    joined: set[int] = set()

    def root(item: int) -> int:
        while parent.get(item, item) != item:
            item = parent[item]
        return item

    for a, b in sorted(pairs):
        first, second = photos.get(a), photos.get(b)
        if first is None or second is None or not same_shape(first, second):
            continue
        hash_a, hash_b = hashes.get(first.path), hashes.get(second.path)
        if hash_a is None or hash_b is None or not same_picture(hash_a, hash_b, max_distance):
            continue
        parent[root(b)] = root(a)
        joined.update((a, b))
    members: dict[int, list[DuplicatePhoto]] = {}
    for item in sorted(joined):
        members.setdefault(root(item), []).append(photos[item])
    return [sorted(group, key=keeper_key) for group in members.values() if len(group) > 1]
