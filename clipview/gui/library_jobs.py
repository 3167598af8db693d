"""The write lane's jobs on the library: each a function of (library, token) that the
session's runner calls on its thread (see gui/jobs.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from clipview.core.errors import ClipviewError
from clipview.core.library.browse import FolderSnapshot, TrashReport
from clipview.core.library.folders import FolderShelf
from clipview.core.library.library import Library
from clipview.core.progress import CancelToken, Progress
from clipview.gui.jobs import Work

WRITER_POLL_S = 2.0   # how often a waiting index job looks again for the other writer


def require(library: Library | None) -> Library:
    if library is None:
        raise ClipviewError("no library is open: choose a model first")
    return library


@dataclass(frozen=True)
class WaitingForWriter:
    """Yielded while another process holds the library's writer lock."""

    pid: int


def index(library: Library | None, token: CancelToken
          ) -> Iterator[Progress | WaitingForWriter]:
    """Index, after waiting (cancellably) for another process that is writing to the library
    (a `clipview index` or `clipview watch` in a terminal) to finish."""
    library = require(library)
    yield from wait_for_writer(library, token)
    if not token.cancelled:
        yield from library.index(token)


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
        raise ClipviewError(f"the library is not open yet; {what} again in a moment")
    return held


def add_folder(path: str, shelf: Shelf) -> Work:
    """Track a folder: in the open library, else in the library opened without a model
    (the folder waits there for a model)."""
    return lambda library, _token: folders_of(library, shelf, "add the folder").add_folder(path)


def detach(path: str, shelf: Shelf) -> Work:
    """Remove a folder, keeping what an undo needs (its rows and vectors) in memory; also
    before any model (a folder waiting for one)."""
    return lambda library, _token: folders_of(library, shelf, "remove it").detach_folder(path)


def restore(snapshot: FolderSnapshot, shelf: Shelf) -> Work:
    return lambda library, _token: folders_of(library, shelf, "undo").restore_folder(snapshot)


def trash(paths: list[str]) -> Work:
    return lambda library, _token: require(library).trash(paths)


def trash_text(report: TrashReport | None) -> str:
    if report is None:
        return ""
    text = f"Moved {len(report.moved)} photo{'s' if len(report.moved) != 1 else ''} to the trash"
    if report.failed:
        first = report.failed[0]
        text += f"; {len(report.failed)} could not be moved ({first[0]}: {first[1]})"
    return text
