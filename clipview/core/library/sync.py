"""What an indexing run must do: compare the folders on disk with the catalog.

Nothing that could not be read is ever planned for removal: a tracked folder that is missing,
unreadable, empty although the library knows photos in it, or on another device than recorded
is *offline* (``Plan.offline_roots``) and keeps its photos; so do photos below a sub-folder that
could not be read (``Plan.unreadable_dirs``) and files whose entry could not be examined.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from clipview.core.catalog.catalog import Catalog, FolderRow, ImageRow
from clipview.core.catalog.paths import dir_key
from clipview.core.library.dir_stamps import DirStamp, all_unchanged, stamp_folders
from clipview.core.library.excludes import is_excluded
from clipview.core.media.file_stamp import Stamp, unchanged
from clipview.core.media.hashing import digest_or_none
from clipview.core.media.scanner import FoundFile, RootState, ScanProblem, root_state, scan_roots
from clipview.core.progress import RunCancelled, Skipped
from clipview.core.watch.scope import narrow


@dataclass(frozen=True)
class FileToEncode:
    """A file to decode and encode, and the folder it belongs to."""

    file: FoundFile
    folder_id: int
    existing_id: int | None
    taken_at: float | None = None   # the date the timeline shows it at, once it is listed


@dataclass(frozen=True)
class OfflineRoot:
    """A tracked folder that is not there as the library knew it; its photos are kept."""

    folder_id: int
    path: str
    reason: str


@dataclass
class Plan:
    to_encode: list[FileToEncode] = field(default_factory=list)
    moves: list[tuple[ImageRow, FileToEncode]] = field(default_factory=list)
    removed: list[int] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    offline_roots: list[OfflineRoot] = field(default_factory=list)
    unreadable_dirs: list[str] = field(default_factory=list)
    root_devices: dict[int, int] = field(default_factory=dict)  # folder id → st_dev now
    kept: int = 0  # photos not seen but kept: below something that could not be read
    quick: bool = False  # every directory's stamp unchanged: no catalog row was read
    dir_stamps: dict[str, tuple[str, int]] | None = None  # to keep after a complete run
    # (image id, path, ctime_ns) of files in place whose content is unchanged but whose
    # ctime is not what the catalog holds (``touch -r``): only the ctime is stored (a move
    # stores its ctime with the move)
    refreshed: list[tuple[int, str, int]] = field(default_factory=list)


def offline_reason(folder: FolderRow, state: RootState, had_photos: bool,
                   recorded_dev: int | None) -> str | None:
    """Why a tracked folder counts as offline, or None when it can be walked."""
    if state.missing:
        return "folder not found"
    if not state.readable:
        return f"cannot be read ({state.detail})"
    if recorded_dev is not None and state.dev != recorded_dev:
        return "on another device than before (not mounted?)"
    if state.empty and had_photos:
        return "empty although it had photos (not mounted?)"
    return None


def check_roots(folders: list[FolderRow], plan: Plan,
                recorded_devices: Mapping[int, int]) -> list[FolderRow]:
    """Record each root's device and offline state in the plan; returns the online ones."""
    with_photos = {f.id for f in folders if f.images or f.skipped}
    online = []
    for folder in folders:
        state = root_state(folder.path)
        if state.dev is not None:
            plan.root_devices[folder.id] = state.dev
        reason = offline_reason(folder, state, folder.id in with_photos,
                                recorded_devices.get(folder.id))
        if reason is None:
            online.append(folder)
        else:
            plan.offline_roots.append(OfflineRoot(folder.id, folder.path, reason))
            plan.skipped.append(Skipped(folder.path, f"offline: {reason} (its photos are kept)",
                                        offline=True))
    return online


def scan_folders(folders: list[FolderRow], plan: Plan, protected: set[str],
                 follow_external_links: bool = False,
                 excludes: Mapping[int, Sequence[str]] | None = None,
                 walk: Sequence[str] | None = None) -> Iterator[tuple[FoundFile, int]]:
    """Found photos with their folder id; problems go to the plan, their paths to
    ``protected`` (known photos there are kept). ``walk``: the directories to walk, one per
    folder row (default: the folders themselves)."""
    paths = list(walk) if walk is not None else [f.path for f in folders]
    for index, item in scan_roots(paths, follow_external_links):
        if is_excluded(item.path, folders[index].path,
                       (excludes or {}).get(folders[index].id, ())):
            continue  # left out by the user: not seen, so known photos there leave
        if isinstance(item, ScanProblem):
            plan.skipped.append(Skipped(item.path, f"{item.reason}: {item.detail}"))
            if item.folder:
                plan.unreadable_dirs.append(item.path)
            if item.reason != "vanished":
                protected.add(item.path)
        else:  # any file name: the catalog stores undecodable bytes too (catalog_paths)
            yield item, folders[index].id


def make_plan(catalog: Catalog, model_id: int, folders: list[FolderRow], *,
              recorded_devices: Mapping[int, int] | None = None,
              follow_external_links: bool = False,
              excludes: Mapping[int, Sequence[str]] | None = None,
              only_dirs: Collection[str] | None = None,
              cancelled: Callable[[], bool] = lambda: False) -> Plan:
    """Sort every photo into unchanged, to encode, moved or removed (or kept: not seen, but
    below something that could not be read). ``recorded_devices``: folder id → its st_dev
    when last indexed. ``only_dirs``: only below these directories (a watcher's, the rest as
    it is). ``cancelled()`` is asked as the walk goes (RunCancelled: 1M photos take seconds)."""
    plan = Plan()
    online = check_roots(folders, plan, recorded_devices or {})
    stamps = None
    if only_dirs is None and not follow_external_links:
        stamps = stamp_folders(online, excludes, cancelled)
        if _quick(plan, catalog, model_id, folders, online, stamps):
            return plan
    known = catalog.images.rows(model_id)
    walk: list[str] | None = None
    if only_dirs is not None:
        online, walk, known = narrow(online, known, only_dirs)
    offline = {root.folder_id for root in plan.offline_roots}
    protected: set[str] = set()
    seen: set[str] = set()
    new: list[FileToEncode] = []
    for found, folder_id in _asking(scan_folders(online, plan, protected,
                                                 follow_external_links, excludes, walk),
                                    cancelled):
        seen.add(found.path)
        row = known.get(found.path)
        if row is None:
            new.append(FileToEncode(found, folder_id, None))
        else:
            _sort(plan, row, found, folder_id)
    missing = []
    touched = {os.path.dirname(w.file.path) for w in plan.to_encode + new}
    touched.update(os.path.dirname(path) for _, path, _ in plan.refreshed)
    for path, row in known.items():
        if path in seen:
            continue
        touched.add(os.path.dirname(path))
        if row.folder_id in offline or _below_any(path, protected):
            plan.kept += 1
        else:
            missing.append(row)
    _match_moves(plan, new, missing)
    if stamps is not None:
        plan.dir_stamps = _untouched(stamps, touched, plan)
    return plan


def _asking(found: Iterator[tuple[FoundFile, int]], cancelled: Callable[[], bool]
            ) -> Iterator[tuple[FoundFile, int]]:
    """``found`` as it comes, ``cancelled()`` asked every 1,024 files (RunCancelled)."""
    for count, item in enumerate(found):
        if count % 1024 == 0 and cancelled():
            raise RunCancelled("the run was cancelled while its folders were walked")
        yield item


def _sort(plan: Plan, row: ImageRow, found: FoundFile, folder_id: int) -> None:
    """A file the catalog knows: unchanged (``file_stamp``), to check (``_recheck``: its
    size and mtime as recorded, not its ctime) or to encode again."""
    work = FileToEncode(found, folder_id, row.id)
    if not (row.has_vector or row.state == "skipped"):
        plan.to_encode.append(work)
    elif unchanged(Stamp(row.size, row.mtime_ns, row.ctime_ns),
                   Stamp(found.size, found.mtime_ns, found.ctime_ns)):
        plan.unchanged += 1
    elif row.size == found.size and row.mtime_ns == found.mtime_ns:
        _recheck(plan, row, work)
    else:
        plan.to_encode.append(work)


def _recheck(plan: Plan, row: ImageRow, work: FileToEncode) -> None:
    """A file with the size and mtime the catalog knows but another ctime: an edit that
    restored its mtime (``cp -p``, ``rsync -t``, ``touch -r``) or none (a ``chmod``, a
    rename in place). Its digest tells: the same content is unchanged (only the new ctime
    is stored), other content is encoded again. A row of an older clipview (no ctime
    stored) is taken as it is, and gets the ctime seen now."""
    if row.ctime_ns is not None and (
            not row.content_hash or digest_or_none(work.file.path) != row.content_hash):
        plan.to_encode.append(work)
        return
    plan.unchanged += 1
    plan.refreshed.append((row.id, work.file.path, work.file.ctime_ns))


def _quick(plan: Plan, catalog: Catalog, model_id: int, folders: list[FolderRow],
           online: list[FolderRow], stamps: Mapping[str, DirStamp]) -> bool:
    """Whether the directory stamps alone show an unchanged library (``dir_stamps``): then
    ``plan`` says so, and no catalog row was read."""
    catalogued = sum(f.images + f.skipped for f in online)
    if not all_unchanged(stamps, catalog.stamps.of(model_id), catalogued):
        return False
    plan.unchanged = catalogued
    plan.kept = sum(f.images + f.skipped for f in folders) - catalogued  # offline folders
    plan.quick = True
    return True


def _untouched(stamps: Mapping[str, DirStamp], touched: set[str], plan: Plan
               ) -> dict[str, tuple[str, int]]:
    """The stamps of the directories in which this run changes nothing and sees no
    problem: after it, their catalog rows are what the stamp describes."""
    for problem in plan.skipped:
        touched.update((problem.path, os.path.dirname(problem.path)))
    keys = {dir_key(d) for d in touched}
    return {key: (found.stamp, found.photos) for key, found in stamps.items()
            if found.plain and key not in keys}


def _below_any(path: str, protected: set[str]) -> bool:
    """Whether ``path`` or one of its parent folders is in ``protected``."""
    current = path
    while True:
        if current in protected:
            return True
        parent = os.path.dirname(current)
        if parent == current or not parent:
            return False
        current = parent


def _match_moves(plan: Plan, new: list[FileToEncode], missing: list[ImageRow]) -> None:
    by_size: dict[int, list[ImageRow]] = {}
    for row in missing:
        if row.content_hash and row.state == "ok" and row.has_vector:
            by_size.setdefault(row.size, []).append(row)
    claimed: set[int] = set()
    for work in new:
        candidates = [r for r in by_size.get(work.file.size, []) if r.id not in claimed]
        match = _same_content(work.file.path, candidates) if candidates else None
        if match is None:
            plan.to_encode.append(work)
        else:
            claimed.add(match.id)
            plan.moves.append((match, work))
    plan.removed = [row.id for row in missing if row.id not in claimed]


def _same_content(path: str, candidates: list[ImageRow]) -> ImageRow | None:
    digest = digest_or_none(path)
    if digest is None:
        return None
    return next((row for row in candidates if row.content_hash == digest), None)
