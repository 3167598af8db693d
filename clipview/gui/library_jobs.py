"""The write lane's jobs on the library: each a function of (library, token) that the
session's runner calls on its thread (see gui/jobs.py), typed by what it returns (and, for
the long ones, yields)."""

from __future__ import annotations

from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass

from clipview.core.errors import ClipviewError
from clipview.core.library.browse import FolderSnapshot, TrashReport
from clipview.core.library.folders import FolderShelf
from clipview.core.library.library import Library
from clipview.core.progress import CancelToken, IndexSummary, Progress
from clipview.gui.jobs import Steps, Work
from clipview.gui.translation import plural, translate

WRITER_POLL_S = 2.0   # how often a waiting index job looks again for the other writer


def require(library: Library | None) -> Library:
    if library is None:
        raise ClipviewError(translate("LibraryJobs", "no library is open: choose a model first"))
    return library


@dataclass(frozen=True)
class WaitingForWriter:
    """Yielded while another process holds the library's writer lock."""

    pid: int


# a long job: yields its progress (or that it waits), returns the run's summary (None when
# it was cancelled before one)
Run = Generator[Progress | WaitingForWriter, None, IndexSummary | None]
LongSteps = Steps[Progress | WaitingForWriter, IndexSummary | None]


def index(library: Library | None, token: CancelToken) -> Run:
    """Index, after waiting (cancellably) for another process that is writing to the library
    (a `clipview index` or `clipview watch` in a terminal) to finish."""
    library = require(library)
    yield from wait_for_writer(library, token)
    if token.cancelled:
        return None
    return (yield from summarised(library.index(token)))


def list_new(library: Library | None, token: CancelToken) -> Run:
    """``index``, but the new photos are only listed (browsable, dated), not encoded: while
    the model's int8 copy is made (``int8_job``)."""
    library = require(library)
    yield from wait_for_writer(library, token)
    if token.cancelled:
        return None
    return (yield from summarised(library.index(token, encode=False)))


def summarised(progress: Iterator[Progress]) -> Generator[Progress, None, IndexSummary | None]:
    """Every report of a run, then the summary its last one carries."""
    last: Progress | None = None
    for last in progress:
        yield last
    return last.summary if last is not None else None


def wait_for_writer(library: Library, token: CancelToken) -> Iterator[WaitingForWriter]:
    """Until no other process holds the writer lock (or the job is cancelled)."""
    while (pid := library.other_writer()) is not None:
        yield WaitingForWriter(pid)
        if token.wait_cancelled(WRITER_POLL_S):
            return


Shelf = Callable[[], FolderShelf | None]


def folders_of(library: Library | None, shelf: Shelf, what: str) -> FolderShelf:
    """The open library, else the library opened without a model (``shelf``): folders are
    tracked and removed in either."""
    held = library if library is not None else shelf()
    if held is None:
        raise ClipviewError(translate(
            "LibraryJobs", "the library is not open yet; {what} again in a moment").format(
            what=what))
    return held


def add_folder(path: str, shelf: Shelf) -> Work[str]:
    """Track a folder: in the open library, else in the library opened without a model
    (the folder waits there for a model)."""
    return lambda library, _token: folders_of(
        library, shelf, translate("LibraryJobs", "add the folder")).add_folder(path)


def detach(path: str, shelf: Shelf) -> Work[FolderSnapshot]:
    """Remove a folder, keeping what an undo needs (its rows and vectors) in memory; also
    before any model (a folder waiting for one)."""
    return lambda library, _token: folders_of(
        library, shelf, translate("LibraryJobs", "remove it")).detach_folder(path)


def restore(snapshot: FolderSnapshot, shelf: Shelf) -> Work[int]:
    return lambda library, _token: folders_of(
        library, shelf, translate("LibraryJobs", "undo")).restore_folder(snapshot)


def trash(paths: list[str]) -> Work[TrashReport]:
    return lambda library, _token: require(library).trash(paths)


def trash_text(report: TrashReport) -> str:
    moved = len(report.moved)
    text = plural(moved, translate("LibraryJobs", "Moved %n photo to the trash", "", moved),
                  translate("LibraryJobs", "Moved %n photos to the trash", "", moved))
    if report.failed:
        first = report.failed[0]
        text += translate("LibraryJobs", "; {count} could not be moved ({path}: {why})").format(
            count=len(report.failed), path=first[0], why=first[1])
    return text
