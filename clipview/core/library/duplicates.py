"""Finding copies of the same photo: exact copies, resized, recompressed, re-saved in another
format.

Byte-identical files come from the content digest the catalog stores for every file
(``catalog.digests.same_content``), whatever their vectors say: a burst of near-identical shots
can tie hundreds of photos at the same cosine, and no neighbour list may hide a copy among them.

Other candidates come from the vectors: pairs of photos whose embeddings are nearer than a
high cosine (``DEFAULT_COSINE``; exact blocked products, every pair above it, up to
``EXACT_LIMIT`` photos; above that the HNSW index's nearest neighbours, asked again with a
larger k while the farthest one returned is still above the cosine, up to
``MAX_NEIGHBOURS``). An embedding says "the same subject and colours", which
many different photos share, so each candidate pair is confirmed with perceptual hashes of
the pictures themselves (dHash and pHash, both within ``max_distance`` bits of 64:
``media.perceptual``, bit for bit imagehash's, without its scipy) and the same aspect ratio.
pHash survives resizing and recompression, dHash adds the gradient structure, and two
different photos of the same colours differ in both.

Pictures are decoded with the safe decoder (``preprocess.open_photo``: allow-listed formats,
bounded reads); their hashes are cached in memory by path, size, mtime and ctime.
"""

from __future__ import annotations

import logging
import math
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from clipview.core.errors import ImageSkipped
from clipview.core.media.file_stamp import Stamp, stamp_of
from clipview.core.media.perceptual import PerceptualHash, dhash, phash
from clipview.core.media.preprocess import open_photo

logger = logging.getLogger(__name__)

DEFAULT_COSINE = 0.95
DEFAULT_MAX_DISTANCE = 8
ASPECT_TOLERANCE = 0.03
NEIGHBOURS = 16        # the first k asked of the index
MAX_NEIGHBOURS = 1024  # the most (a photo with more near-copies than this is a corner case)
EXACT_LIMIT = 20000
HASH_SIDE = 256

IDENTICAL = "identical files"  # a group's reason
SAME_PICTURE = "the same picture (resized, recompressed or saved in another format)"
KEEPER = "suggested keeper"  # a member's relation to the keeper
IDENTICAL_FILE = "identical file"
NEAR_COPY = "same picture (resized, recompressed or another format)"


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
    """Copies of one photo, the suggested keeper first; ``originals``: (copy, original) for
    each file byte-identical to another member, its ``original`` (the best file of its set
    of byte-identical files: the keeper's set, or a near copy's); a group whose ``reason``
    is IDENTICAL without them has every file identical to the keeper."""

    photos: tuple[DuplicatePhoto, ...]
    reason: str
    originals: tuple[tuple[str, str], ...] = ()

    @property
    def keep(self) -> str:
        return self.photos[0].path

    def identical_to(self, path: str) -> str | None:
        """The member ``path`` is a byte copy of (its original), or None."""
        for copy, original in self.originals:
            if copy == path:
                return original
        if self.reason == IDENTICAL and not self.originals and path != self.keep:
            return self.keep if path in self.paths else None
        return None

    def relation(self, photo: DuplicatePhoto) -> str:
        """What ``photo`` is: KEEPER, IDENTICAL_FILE (of ``identical_to``) or NEAR_COPY."""
        if photo.path == self.keep:
            return KEEPER
        return NEAR_COPY if self.identical_to(photo.path) is None else IDENTICAL_FILE

    def without(self, paths: Collection[str]) -> DuplicateGroup | None:
        """The group once ``paths`` left, or None when fewer than two photos stay; a copy
        whose original left is a copy of the best file of its set that stays."""
        photos = tuple(p for p in self.photos if p.path not in paths)
        if len(photos) < 2:
            return None
        sets: dict[str, list[str]] = {}
        for photo in self.photos:
            original = self.identical_to(photo.path) or photo.path
            sets.setdefault(original, []).append(photo.path)
        originals: list[tuple[str, str]] = []
        for same in sets.values():  # each in keeper order: its best file first
            staying = [path for path in same if path not in paths]
            originals += [(copy, staying[0]) for copy in staying[1:]]
        return DuplicateGroup(photos, self.reason, tuple(originals))

    @property
    def paths(self) -> list[str]:
        return [photo.path for photo in self.photos]

    @property
    def extra(self) -> list[str]:
        """Every copy but the keeper."""
        return [photo.path for photo in self.photos[1:]]

    @property
    def identical_extra(self) -> list[str]:
        """The byte copies of a member (IDENTICAL_FILE): each has an original that is not
        one of them."""
        return [p.path for p in self.photos[1:] if self.relation(p) == IDENTICAL_FILE]


def summary(groups: Sequence[DuplicateGroup]) -> str:
    """"1 group, 1 extra copy", "3 groups, 5 extra copies" (the CLI's and the dialog's)."""
    extra = sum(len(group.photos) - 1 for group in groups)
    return (f"{len(groups)} group{'' if len(groups) == 1 else 's'}, "
            f"{extra} extra cop{'y' if extra == 1 else 'ies'}")


@dataclass(frozen=True)
class PictureHash:
    dhash: PerceptualHash
    phash: PerceptualHash


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
    try:
        image = open_photo(path, min_side=HASH_SIDE).image
    except ImageSkipped as skipped:
        logger.info("no perceptual hash for %s: %s", path, skipped)
        return None
    return PictureHash(dhash(image), phash(image))


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
                     identical: Iterable[Sequence[int]] = ()) -> list[DuplicateGroup]:
    """Groups (two or more) of copies, never chained: the best unit left (``keeper_key``)
    is a keeper, and a unit joins it only when it is confirmed (``_Matcher.same``) against
    every unit already there, its nearest first; the units left form their own groups. A
    unit is one photo or one set of ``identical`` byte-identical files (ids; together
    without a check). Candidates come from ``pairs`` (of ids)."""
    units = _units(photos, identical)
    unit_of = {photo.id: n for n, unit in enumerate(units) for photo in unit}
    match = _Matcher(hashes, max_distance)
    near: dict[int, set[int]] = {}
    for a, b in sorted(pairs):
        one, two = unit_of.get(a), unit_of.get(b)
        if one is not None and two is not None and one != two and match.same(
                units[one][0], units[two][0]):
            near.setdefault(one, set()).add(two)
            near.setdefault(two, set()).add(one)
    taken: set[int] = set()
    groups: list[DuplicateGroup] = []
    for n in sorted(range(len(units)), key=lambda u: keeper_key(units[u][0])):
        if n in taken:
            continue
        keeper, members = units[n][0], [n]
        for other in sorted(near.get(n, set()) - taken,
                            key=lambda u: (match.distance(keeper, units[u][0]),
                                           keeper_key(units[u][0]))):
            if all(match.same(units[m][0], units[other][0]) for m in members[1:]):
                members.append(other)
        taken.update(members)
        if len(members) > 1 or len(units[n]) > 1:
            groups.append(_group([units[m] for m in members]))
    return groups


def _units(photos: dict[int, DuplicatePhoto], identical: Iterable[Sequence[int]]
           ) -> list[list[DuplicatePhoto]]:
    """Each set of byte-identical photos, then every other photo alone; best first."""
    units: list[list[DuplicatePhoto]] = []
    seen: set[int] = set()
    for same in identical:
        unit = [photos[i] for i in same if i in photos and i not in seen]
        seen.update(photo.id for photo in unit)
        if unit:
            units.append(unit)
    units += [[photo] for image_id, photo in photos.items() if image_id not in seen]
    return [sorted(unit, key=keeper_key) for unit in units]


def _group(units: list[list[DuplicatePhoto]]) -> DuplicateGroup:
    """The keeper's unit first; each unit's files but its best are IDENTICAL_FILE copies of
    that best one, the best ones (but the keeper) NEAR_COPY."""
    photos = sorted((photo for unit in units for photo in unit), key=keeper_key)
    originals = tuple((photo.path, unit[0].path) for unit in units for photo in unit[1:])
    reason = IDENTICAL if len(units) == 1 else SAME_PICTURE
    return DuplicateGroup(tuple(photos), reason, originals)


class _Matcher:
    """Whether two photos are the same picture: the same aspect ratio and both perceptual
    hashes within ``max_distance`` bits (hashes from the cache; a photo without one matches
    nothing)."""

    def __init__(self, hashes: HashCache, max_distance: int) -> None:
        self.hashes = hashes
        self.max_distance = max_distance
        self._known: dict[str, PictureHash | None] = {}  # one stat per photo per search

    def hash_of(self, photo: DuplicatePhoto) -> PictureHash | None:
        if photo.path not in self._known:
            self._known[photo.path] = self.hashes.get(photo.path)
        return self._known[photo.path]

    def distance(self, a: DuplicatePhoto, b: DuplicatePhoto) -> int:
        hash_a, hash_b = self.hash_of(a), self.hash_of(b)
        if hash_a is None or hash_b is None:
            return 2 * 64
        return (hash_a.dhash - hash_b.dhash) + (hash_a.phash - hash_b.phash)

    def same(self, a: DuplicatePhoto, b: DuplicatePhoto) -> bool:
        if not same_shape(a, b):
            return False
        hash_a, hash_b = self.hash_of(a), self.hash_of(b)
        return (hash_a is not None and hash_b is not None
                and same_picture(hash_a, hash_b, self.max_distance))
