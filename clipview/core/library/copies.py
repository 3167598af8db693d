"""The duplicate finder on a library (``duplicates``) and the trash for the extra copies
(``trash_duplicates``). Read-only until something is trashed; see ``core.duplicates``."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterator, Sequence

import numpy as np

from clipview.core.catalog.catalog import Catalog
from clipview.core.catalog.digests import FileFacts
from clipview.core.errors import ClipviewError
from clipview.core.library.duplicates import (
    DEFAULT_COSINE,
    DEFAULT_MAX_DISTANCE,
    EXACT_LIMIT,
    IDENTICAL,
    SAME_PICTURE,
    DuplicateGroup,
    DuplicatePhoto,
    HashCache,
    confirmed_groups,
    exact_pairs,
    index_pairs,
)
from clipview.core.library.index_cache import IndexCache
from clipview.core.library.state import ModelRow
from clipview.core.library.trash import TrashReport
from clipview.core.media.file_stamp import stamp_of, unchanged
from clipview.core.media.hashing import digest_or_none

__all__ = ["IDENTICAL", "SAME_PICTURE", "Duplicates"]


class Duplicates:
    """Finding copies of the same photo among a library's photos (its catalog, its model's
    vectors in ``cache``) and sending the extra ones to the trash (``trash``: the library's,
    which drops their vectors too)."""

    def __init__(self, catalog: Catalog, row: ModelRow, cache: IndexCache,
                 trash: Callable[[Sequence[str]], TrashReport]) -> None:
        self._catalog = catalog
        self._row = row
        self._cache = cache
        self._trash = trash
        self._hashes = HashCache()   # the pictures' hashes, kept between searches

    def duplicates(self, folder: str | os.PathLike[str] | None = None,
                   cosine: float = DEFAULT_COSINE,
                   max_distance: int = DEFAULT_MAX_DISTANCE,
                   exact_limit: int = EXACT_LIMIT) -> list[DuplicateGroup]:
        """Groups of copies of the same photo (inside ``folder`` when given), the suggested
        keeper first in each; groups with the most copies first. ``cosine``: how near two
        vectors must be to be compared at all; ``max_distance``: the most bits of 64 in
        which their dHash and pHash may differ."""
        if not 0.0 < cosine <= 1.0:
            raise ClipviewError(f"the cosine threshold must be in (0, 1], not {cosine}")
        folders = [os.path.realpath(os.path.expanduser(os.fspath(folder)))] if folder else []
        photos = self._duplicate_candidates(folders)
        if len(photos) < 2:
            return []
        identical = self._identical_files(folders, photos)
        index = self._cache.ensure()
        if len(photos) <= exact_limit:
            ids, vectors = self._vectors_of(set(photos))
            pairs = exact_pairs(ids, vectors, cosine)
        else:
            allowed = set(photos)
            pairs = index_pairs(self._vector_items(allowed),
                                lambda v, k: index.search(v, k, allowed.__contains__), cosine)
        groups = confirmed_groups(pairs, photos, self._hashes, max_distance,
                                  identical)
        found = [group if group.reason == IDENTICAL or _reason(list(group.photos)) != IDENTICAL
                 else DuplicateGroup(group.photos, IDENTICAL,
                                     tuple((path, group.keep) for path in group.extra))
                 for group in groups]
        return sorted(found, key=lambda g: (-len(g.photos), g.keep))

    def trash_duplicates(self, groups: Sequence[DuplicateGroup],
                         chosen: Collection[str] | None = None,
                         similar: bool = False) -> TrashReport:
        """Move copies to the trash (``trash``): the ``chosen`` paths of ``groups`` when
        given (the dialog's ticks), else every byte copy of a member (``identical_extra``:
        its original stays), and with ``similar`` its near copies too (``relation``; never
        the keeper). A byte copy is read again first, and its original (``identical_to``):
        one whose bytes are not its original's now (or that cannot be read) stays, reported
        in ``failed``."""
        extra: list[str] = []
        changed: list[tuple[str, str]] = []
        digests: dict[str, str | None] = {}
        for group in groups:
            for path in _wanted(group, chosen, similar):
                original = group.identical_to(path)
                why = None if original is None else _changed(path, original, digests)
                if why is None:
                    extra.append(path)
                else:
                    changed.append((path, why))
        report = self._trash(extra)
        report.failed += changed
        return report

    def _duplicate_candidates(self, folders: list[str]) -> dict[int, DuplicatePhoto]:
        rows = self._catalog.browse.photos(folders)
        sizes = self._catalog.images.sizes([row.id for row in rows])
        return {row.id: DuplicatePhoto(row.id, row.path, row.width, row.height,
                                       sizes.get(row.id), row.when) for row in rows}

    def _identical_files(self, folders: list[str], photos: dict[int, DuplicatePhoto]
                         ) -> list[list[int]]:
        """Ids of byte-identical files, by the digests the catalog stores (a file changed
        since it was indexed is digested again; one that cannot be read now is left out)."""
        groups: list[list[int]] = []
        for same in self._catalog.digests.same_content(folders):
            now: dict[str, list[int]] = {}
            for facts in same:
                photo = photos.get(facts.id)
                digest = _digest_now(photo.path, facts) if photo is not None else None
                if digest is not None:
                    now.setdefault(digest, []).append(facts.id)
            groups += [ids for ids in now.values() if len(ids) > 1]
        return groups

    def _vector_items(self, wanted: set[int]) -> Iterator[tuple[int, np.ndarray]]:
        dim = self._cache.vectors.dim
        for ids, vectors in self._catalog.vectors.batches(self._row.id, dim):
            for image_id, vector in zip(ids, vectors, strict=True):
                if int(image_id) in wanted:
                    yield int(image_id), vector

    def _vectors_of(self, wanted: set[int]) -> tuple[np.ndarray, np.ndarray]:
        items = list(self._vector_items(wanted))
        if not items:
            return np.zeros(0, np.int64), np.zeros((0, self._cache.vectors.dim), np.float32)
        return (np.array([i for i, _ in items], np.int64),
                np.stack([v for _, v in items]).astype(np.float32))


def _wanted(group: DuplicateGroup, chosen: Collection[str] | None, similar: bool
            ) -> list[str]:
    """The paths of ``group`` to trash: the ``chosen`` ones, else its identical copies (and
    its near copies too when ``similar``)."""
    if chosen is not None:
        return [path for path in group.paths if path in chosen]
    return group.extra if similar else group.identical_extra


def _changed(path: str, original: str, digests: dict[str, str | None]) -> str | None:
    """Why the byte copy ``path`` of ``original`` stays: both read again now (``digests``:
    the originals read already); None while their bytes are the same."""
    if original not in digests:
        digests[original] = digest_or_none(original)
    mine = digest_or_none(path)
    if mine is None:
        return "could not be read again: kept"
    if digests[original] is None:
        return f"its original {original} could not be read: kept"
    return None if mine == digests[original] else "changed since it was compared: kept"


def _digest_now(path: str, facts: FileFacts) -> str | None:
    """The file's digest now: the catalog's while its size, mtime and ctime are as recorded
    (``file_stamp``), else read again."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if unchanged(facts.stamp, stamp_of(info)):
        return facts.digest
    return digest_or_none(path)


def _reason(group: list[DuplicatePhoto], same_file: dict[int, int] | None = None) -> str:
    """IDENTICAL when the group is one set of byte-identical files (``same_file``: id →
    its set in ``_identical_files``, digested already) or its files' digests agree now,
    else SAME_PICTURE."""
    known = {(same_file or {}).get(photo.id) for photo in group}
    if len(known) == 1 and None not in known:
        return IDENTICAL
    if len({photo.size for photo in group}) != 1:
        return SAME_PICTURE
    digests = {digest_or_none(photo.path) for photo in group}
    return IDENTICAL if len(digests) == 1 and None not in digests else SAME_PICTURE
