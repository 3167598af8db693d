"""Finding copies of the same photo: exact copies, resized, recompressed, re-saved in another
format.

Byte-identical files come from the content digest the catalog stores for every file
(``Catalog.same_content``), whatever their vectors say: a burst of near-identical shots can
tie hundreds of photos at the same cosine, and no neighbour list may hide a copy among them.

Other candidates come from the vectors: pairs of photos whose embeddings are nearer than a
high cosine (``DEFAULT_COSINE``; exact blocked products, every pair above it, up to
``EXACT_LIMIT`` photos; above that the HNSW index's nearest neighbours, asked again with a
larger k while the farthest one returned is still above the cosine, up to
``MAX_NEIGHBOURS``). An embedding says "the same subject and colours", which
many different photos share, so each candidate pair is confirmed with perceptual hashes of
the pictures themselves (``imagehash``'s dHash and pHash, both within ``max_distance`` bits
of 64) and the same aspect ratio. imagehash was chosen because it is the maintained,
tested implementation of these hashes (used by many duplicate finders); pHash survives
resizing and recompression, dHash adds the gradient structure, and two different photos of
the same colours differ in both.

Pictures are decoded with the safe decoder (``preprocess.open_photo``: allow-listed formats,
bounded reads); their hashes are cached in memory by path, size, mtime and ctime.
"""

from __future__ import annotations

import logging
import math
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from clipview.core.errors import ImageSkipped
from clipview.core.file_stamp import Stamp, stamp_of
from clipview.core.preprocess import open_photo

if TYPE_CHECKING:
    import imagehash

logger = logging.getLogger(__name__)

DEFAULT_COSINE = 0.95
DEFAULT_MAX_DISTANCE = 8
ASPECT_TOLERANCE = 0.03
NEIGHBOURS = 16        # the first k asked of the index
MAX_NEIGHBOURS = 1024  # the most (a photo with more near-copies than this is a corner case)
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
    """Perceptual hashes by path and stamp (size, mtime, ctime: ``file_stamp``); thread-safe,
    bounded."""

    def __init__(self, limit: int = 50000) -> None:
        self.limit = limit
        self._hashes: OrderedDict[tuple[str, Stamp], PictureHash | None] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, path: str) -> PictureHash | None:
        """The photo's hashes, or None when it cannot be read or decoded now."""
        try:
            info = os.stat(path)
        except OSError:
            return None
        key = (path, stamp_of(info))
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
                neighbours: int | None = None, block: int = 1024) -> set[tuple[int, int]]:
    """Id pairs (smaller first) whose unit vectors' cosine is at least ``cosine`` (every such
    pair; at most ``neighbours`` per photo when given), by blocked products (``ids`` and rows
    of ``vectors`` match)."""
    pairs: set[tuple[int, int]] = set()
    matrix = np.asarray(vectors, np.float32)
    matrix = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
    for start in range(0, len(matrix), block):
        scores = matrix[start:start + block] @ matrix.T
        for row, line in enumerate(scores):
            me = start + row
            line[me] = -1.0
            near = np.flatnonzero(line >= cosine)
            if neighbours is not None and len(near) > neighbours:
                near = near[np.argsort(-line[near])[:neighbours]]
            for other in near:
                a, b = int(ids[me]), int(ids[other])
                pairs.add((min(a, b), max(a, b)))
    return pairs


def index_pairs(items: Iterable[tuple[int, np.ndarray]],
                search: Callable[[np.ndarray, int], list[tuple[int, float]]],
                cosine: float, neighbours: int = NEIGHBOURS,
                most: int = MAX_NEIGHBOURS) -> set[tuple[int, int]]:
    """The same from an index's nearest neighbours (``search(vector, k)``): k grows while
    the farthest neighbour returned is still above ``cosine`` (ties cannot hide a photo
    behind the first ``neighbours``), up to ``most``."""
    pairs: set[tuple[int, int]] = set()
    for image_id, vector in items:
        for other, _score in near_enough(vector, search, cosine, neighbours + 1, most + 1):
            if other != image_id:
                pairs.add((min(image_id, other), max(image_id, other)))
    return pairs


def near_enough(vector: np.ndarray, search: Callable[[np.ndarray, int], list[tuple[int, float]]],
                cosine: float, k: int, most: int) -> list[tuple[int, float]]:
    """Every neighbour at or above ``cosine`` (at most ``most``), asking with a larger k
    until the answer ends below the cosine or holds fewer than were asked for."""
    while True:
        found = search(vector, k)
        if len(found) < k or not found or found[-1][1] < cosine or k >= most:
            return [(other, score) for other, score in found if score >= cosine]
        k = min(most, k * 4)


def confirmed_groups(pairs: Iterable[tuple[int, int]], photos: dict[int, DuplicatePhoto],
                     hashes: HashCache, max_distance: int,
                     identical: Iterable[Sequence[int]] = ()) -> list[list[DuplicatePhoto]]:
    """Groups (two or more) of photos joined by pairs that pass the perceptual check, and
    by ``identical`` (ids of byte-identical files: joined without a check)."""
    parent: dict[int, int] = {}
    joined: set[int] = set()

    def root(item: int) -> int:
        while parent.get(item, item) != item:
            item = parent[item]
        return item

    for same in identical:
        members = [item for item in same if item in photos]
        for item in members[1:]:
            parent[root(item)] = root(members[0])
        joined.update(members if len(members) > 1 else ())
    for a, b in sorted(pairs):
        if root(a) == root(b):
            continue  # already together: no need to decode and compare
        first, second = photos.get(a), photos.get(b)
        if first is None or second is None or not same_shape(first, second):
            continue
        hash_a, hash_b = hashes.get(first.path), hashes.get(second.path)
        if hash_a is None or hash_b is None or not same_picture(hash_a, hash_b, max_distance):
            continue
        parent[root(b)] = root(a)
        joined.update((a, b))
    members_of: dict[int, list[DuplicatePhoto]] = {}
    for item in sorted(joined):
        members_of.setdefault(root(item), []).append(photos[item])
    return [sorted(group, key=keeper_key) for group in members_of.values() if len(group) > 1]
