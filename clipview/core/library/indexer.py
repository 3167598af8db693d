"""The indexing run: a generator that yields Progress and obeys a CancelToken.

Decoding runs in a bounded thread pool that overlaps with batched inference; each batch's
rows and vectors are committed in one transaction, then added to the HNSW index.
"""

from __future__ import annotations

import dataclasses
import os
import time
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np

from clipview.core.catalog.blobs import as_stored
from clipview.core.catalog.catalog import Catalog, NewImage
from clipview.core.catalog.media import main_vector
from clipview.core.errors import ImageSkipped
from clipview.core.library.media_decode import decode_video, encode_items
from clipview.core.library.sync import FileToEncode, Plan
from clipview.core.media.decode_budget import DecodeBudget
from clipview.core.media.first_look import first_date
from clipview.core.media.hashing import bytes_digest
from clipview.core.media.kinds import is_video_name
from clipview.core.media.preprocess import decoded_photo
from clipview.core.media.safe_read import read_regular
from clipview.core.media.words import photo_words
from clipview.core.models.encoder import ClipModel
from clipview.core.paths import inside
from clipview.core.progress import CancelToken, IndexSummary, Phase, Progress, Skipped
from clipview.core.search.vector_index import VectorIndex

REGISTER_BATCH = 2000   # new files listed per transaction before encoding
UNUSABLE = "unusable embedding"  # the model gave NaN, inf or zero for it (vector_rule)


@dataclass(frozen=True)
class Ready:
    """Decoded: the row to store and the model's inputs ([3, H, W], a video [F, 3, H, W])."""

    work: FileToEncode
    image: NewImage
    pixels: np.ndarray


@dataclass(frozen=True)
class Undecodable:
    """Read but not usable (damaged, too large, not what its name says): its row is kept
    as skipped, with the reason."""

    work: FileToEncode
    image: NewImage
    problem: ImageSkipped


@dataclass(frozen=True)
class Unread:
    """Vanished or unreadable: nothing is known about the content (a vanished file's row
    goes; an unreadable one keeps what the catalog knew)."""

    work: FileToEncode
    problem: ImageSkipped


Decoded: TypeAlias = Ready | Undecodable | Unread


def _state(work: FileToEncode, image: NewImage | None, pixels: np.ndarray | None,
           problem: ImageSkipped | None) -> Decoded:
    if problem is None and image is not None and pixels is not None:
        return Ready(work, image, pixels)
    problem = problem or ImageSkipped(work.file.path, "undecodable", "nothing decoded")
    return Undecodable(work, image, problem) if image is not None else Unread(work, problem)


@dataclass
class IndexJob:
    """Everything a run needs; built by the Library."""

    catalog: Catalog
    model: ClipModel
    model_id: int
    index: VectorIndex
    plan: Plan
    token: CancelToken
    batch_size: int = 32
    encode: bool = True   # False: list the new photos only (``Library.index``)
    workers: int = max(1, (os.cpu_count() or 2))
    budget: DecodeBudget | None = None  # decoding bytes in flight; None: the shared budget
    registered: set[int] = dataclasses.field(default_factory=set)  # rows this run listed


def decode(work: FileToEncode, model: ClipModel, budget: DecodeBudget | None = None) -> Decoded:
    """Read once (bounded, regular files only), hash and decode the same bytes, preprocess
    (runs on a pool thread). The decoded pixels stay in ``budget`` until the model's input
    is made."""
    found = work.file
    if is_video_name(found.path):  # a few frames, each a model input (media_decode)
        return _state(work, *decode_video(found, work.folder_id, model))
    try:
        source = read_regular(found.path)
    except ImageSkipped as problem:
        if problem.reason in ("vanished", "unreadable"):
            return Unread(work, problem)  # nothing known about the content
        base = NewImage(found.path, work.folder_id, found.size, found.mtime_ns, "",
                        ctime_ns=found.ctime_ns)
        return Undecodable(work, base, problem)
    digest = bytes_digest(source.data)
    base = NewImage(found.path, work.folder_id, source.size, source.mtime_ns, digest,
                    ctime_ns=source.ctime_ns)
    try:
        with decoded_photo(found.path, min_side=min(model.bundle.preprocess.size),
                           max_pixels=model.max_pixels, budget=budget,
                           source=source) as photo:
            pixels = model.pixels(photo.image)
    except ImageSkipped as problem:
        return Undecodable(work, base, problem)
    taken = photo.taken_at if photo.taken_at is not None else source.mtime_ns / 1e9
    words = photo_words(source.data, found.path)  # caption and camera (header only)
    image = NewImage(found.path, work.folder_id, source.size, source.mtime_ns, digest,
                     photo.width, photo.height, taken, words.caption, words.camera,
                     ctime_ns=source.ctime_ns)
    return Ready(work, image, pixels)


def run(job: IndexJob) -> Iterator[Progress]:
    """Apply moves and removals, then encode what is new or changed, batch by batch."""
    started = time.monotonic()
    summary = IndexSummary(unchanged=job.plan.unchanged, skipped=list(job.plan.skipped))
    _apply_moves_and_removals(job, summary)
    if not job.plan.quick:  # rows a quick plan saw unchanged have theirs
        job.catalog.text.backfill()  # full-text rows older catalogs or restored folders lack
    yield from _register_new(job, summary)   # (SCANNING reports: listed / new files)
    total = len(job.plan.to_encode)
    if not job.encode:
        yield from _listed_only(job, summary, started)
        return
    yield Progress(Phase.ENCODING, 0, total, skipped=summary.files_skipped)
    encode_started = time.monotonic()
    done = 0
    for batch in _decoded_batches(job):
        done += len(batch)
        _commit(job, batch, summary)
        elapsed = max(time.monotonic() - encode_started, 1e-6)
        rate = done / elapsed
        yield Progress(Phase.ENCODING, done, total, rate, (total - done) / rate if rate else None,
                       batch[-1].work.file.path, summary.files_skipped)
        if job.token.paused:
            yield Progress(Phase.PAUSED, done, total, rate, None, "", summary.files_skipped)
        if not job.token.wait_while_paused():
            break
    if job.token.cancelled:   # between batches, or while one was decoded (dropped)
        summary.cancelled, summary.left = True, total - done
    yield Progress(Phase.SAVING, done, total, skipped=summary.files_skipped)
    job.index.save()
    if job.plan.dir_stamps is not None and not summary.cancelled:
        job.catalog.stamps.replace(job.model_id, job.plan.dir_stamps)
    summary.seconds = time.monotonic() - started
    yield Progress(Phase.DONE, done, total, skipped=summary.files_skipped, summary=summary)


def _listed_only(job: IndexJob, summary: IndexSummary, started: float) -> Iterator[Progress]:
    """The end of a run that encodes nothing: what is waiting, the index saved after
    removals, no directory stamps (their photos have no vectors yet)."""
    summary.waiting = len(job.plan.to_encode)
    yield Progress(Phase.SAVING, 0, summary.waiting, skipped=summary.files_skipped)
    if job.plan.removed:
        job.index.save()
    summary.seconds = time.monotonic() - started
    yield Progress(Phase.DONE, 0, summary.waiting, skipped=summary.files_skipped,
                   summary=summary)


def _register_new(job: IndexJob, summary: IndexSummary) -> Iterator[Progress]:
    """Rows for the new files before any is decoded (their size, file time and EXIF date:
    ``first_look``), REGISTER_BATCH at a time, so that the timeline lists every new photo in
    seconds and search says how many are still waiting; encoding fills the rows in. Each
    file to encode then carries its row's id."""
    new = [i for i, work in enumerate(job.plan.to_encode) if work.existing_id is None]
    with ThreadPoolExecutor(max_workers=job.workers, thread_name_prefix="first-look") as pool:
        for start in range(0, len(new), REGISTER_BATCH):
            chunk = new[start:start + REGISTER_BATCH]
            works = [job.plan.to_encode[i] for i in chunk]
            dates = list(pool.map(lambda w: first_date(w.file.path), works))
            ids = job.catalog.images.register([_listed(w, d) for w, d in zip(works, dates,
                                                                          strict=True)])
            for i, work, taken in zip(chunk, works, dates, strict=True):
                job.plan.to_encode[i] = dataclasses.replace(
                    work, existing_id=ids.get(work.file.path), taken_at=taken)
            job.registered.update(ids.values())
            yield Progress(Phase.SCANNING, start + len(chunk), len(new),
                           current=works[-1].file.path, skipped=summary.files_skipped)
            if job.token.cancelled:
                return


def _listed(work: FileToEncode, taken: float | None) -> NewImage:
    found = work.file
    when = taken if taken is not None else found.mtime_ns / 1e9
    return NewImage(found.path, work.folder_id, found.size, found.mtime_ns, "", taken_at=when,
                    ctime_ns=found.ctime_ns)


def _apply_moves_and_removals(job: IndexJob, summary: IndexSummary) -> None:
    for row, work in job.plan.moves:
        job.catalog.images.move(row.id, work.file.path, work.folder_id, work.file.size,
                         work.file.mtime_ns, work.file.ctime_ns)
    job.catalog.images.refresh_files(job.plan.refreshed)  # ctime only (sync._recheck)
    summary.moved = len(job.plan.moves)
    if job.plan.removed:
        job.catalog.images.delete(job.plan.removed)
        job.index.remove(job.plan.removed, job.catalog.generation(job.model_id))
    summary.removed = len(job.plan.removed)


def _decoded_batches(job: IndexJob) -> Iterator[list[Decoded]]:
    """Batches in file order; at most two batches of decoding in flight (bounded memory)."""
    pending: deque[Future[Decoded]] = deque()
    queue = EncodeOrder(job.plan.to_encode, job.token)
    limit = 2 * job.batch_size
    with ThreadPoolExecutor(max_workers=job.workers, thread_name_prefix="decode") as pool:
        try:
            batch: list[Decoded] = []
            while True:
                while len(pending) < limit:
                    work = queue.next()
                    if work is None:
                        break
                    pending.append(pool.submit(decode, work, job.model, job.budget))
                if not pending or job.token.cancelled:   # cancelled: not even this batch
                    break
                batch.append(pending.popleft().result())
                if len(batch) == job.batch_size:
                    yield batch
                    batch = []
            if batch and not job.token.cancelled:
                yield batch
        finally:
            for future in pending:
                future.cancel()


class EncodeOrder:
    """The files to encode, newest first (the top of the timeline becomes searchable first);
    before them those dated in the timeline's section a person has scrolled to
    (``token.preferred_dates``), then those below the folders they look at
    (``token.preferred``): both may change while the run goes."""

    def __init__(self, works: Sequence[FileToEncode], token: CancelToken) -> None:
        self._token = token
        self._tiers: list[deque[FileToEncode]] = [deque(), deque(),
                                                   deque(sorted(works, key=_newest_first))]
        self._seen: tuple[tuple[str, ...], tuple[float, float] | None] = ((), None)

    def next(self) -> FileToEncode | None:
        wanted = (self._token.preferred, self._token.preferred_dates)
        if wanted != self._seen:
            self._split(*wanted)
        for tier in self._tiers:
            if tier:
                return tier.popleft()
        return None

    def _split(self, folders: tuple[str, ...], dates: tuple[float, float] | None) -> None:
        self._seen = (folders, dates)
        works = sorted([w for tier in self._tiers for w in tier], key=_newest_first)
        self._tiers = [deque(), deque(), deque()]
        for work in works:
            self._tiers[_tier(work, folders, dates)].append(work)


def _tier(work: FileToEncode, folders: tuple[str, ...],
          dates: tuple[float, float] | None) -> int:
    """0: in the section scrolled to, 1: below a folder looked at, 2: the rest."""
    if dates is not None and dates[0] <= _when(work) <= dates[1]:
        return 0
    return 1 if any(inside(work.file.path, folder) for folder in folders) else 2


def _when(work: FileToEncode) -> float:
    """The date the timeline shows the file at: its listed date, else its file time."""
    return work.taken_at if work.taken_at is not None else work.file.mtime_ns / 1e9


def _newest_first(work: FileToEncode) -> tuple[float, str]:
    return -_when(work), work.file.path


def _commit(job: IndexJob, batch: list[Decoded], summary: IndexSummary) -> None:
    """One transaction for the batch's rows and vectors, then the HNSW index."""
    encoded = _encoded(job, [d for d in batch if isinstance(d, Ready)], summary)
    problems = [d for d in batch if not isinstance(d, Ready)]
    summary.skipped.extend(Skipped(d.work.file.path, d.problem.reason) for d in problems)
    undecodable = [d for d in problems if isinstance(d, Undecodable)]
    vanished = [d.work.existing_id for d in problems if isinstance(d, Unread)
                and d.work.existing_id is not None and (d.problem.reason == "vanished" or
                                                        d.work.existing_id in job.registered)]
    # unreadable: the catalog keeps what it knew (never delete what could not be read);
    # a row this run listed a moment ago held nothing the catalog knew, and goes
    ids = job.catalog.images.commit_batch(
        job.model_id, encoded, [(d.image, d.problem.reason, d.problem.detail) for d in undecodable])
    if vanished:
        job.catalog.images.delete(vanished)
    stale = [d.work.existing_id for d in undecodable if d.work.existing_id is not None]
    generation = job.catalog.generation(job.model_id)
    if stale or vanished:
        job.index.remove(stale + vanished, generation)
    if ids:
        job.index.add(np.asarray(ids, np.int64),   # as the catalog hands them back
                      as_stored(np.stack([main_vector(v) for _, v in encoded])), generation)
    summary.indexed += len(ids)


def _encoded(job: IndexJob, ready: list[Ready], summary: IndexSummary
             ) -> list[tuple[NewImage, np.ndarray]]:
    """The rows and vectors of what encoded; an unusable embedding is never stored (the
    next run tries again: another model may do)."""
    encoded: list[tuple[NewImage, np.ndarray]] = []
    vectors = encode_items(job.model, [d.pixels for d in ready])
    for item, vector in zip(ready, vectors, strict=True):
        if vector is None:
            summary.skipped.append(Skipped(item.work.file.path, UNUSABLE))
        else:
            encoded.append((item.image, vector))
    return encoded
