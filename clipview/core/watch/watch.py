"""Watching tracked folders: watchdog observers feeding settled batches of changes.

``FolderWatcher`` watches every root recursively with watchdog's native observer (inotify on
Linux). A root on a network mount (NFS, SMB/CIFS, sshfs, other FUSE mounts: ``mounts``) is
polled with watchdog's ``PollingObserver`` instead, and so is a root whose inotify watches ran
out (``ENOSPC``/``EMFILE``); ``poll_seconds`` polls every root. Watchdog was chosen because
it is the maintained cross-platform watcher (inotify, FSEvents, ReadDirectoryChangesW and
polling behind one API, with its own test suite).

Threads: watchdog's observer threads call the event handler (``Settler.add``); the watcher's
own thread ("clipview-watch") checks every ``tick`` seconds whether the changes have settled
and whether each root is still the folder that was scheduled (an unmounted drive, a share
that came back: the root is watched again and looked at as a whole), then hands each batch to
``on_batch`` (called on that thread) or, without one, queues it for ``take_batch`` (any
thread). ``start``, ``stop`` and ``set_roots`` may be called from any thread; ``set_roots``
never touches the file system (a GUI calls it), the watcher's thread takes the new roots up
at its next tick.

Every root is looked at (one ``stat``) at every tick on the watcher's thread, a missing one
too: a tracked folder that is offline (an unplugged drive, a share that went away) is
noticed when it returns, watched again and looked at as a whole.

A root that disappears is only *looked at*: the library's sync plan finds it missing or empty
and keeps its photos as offline; nothing is removed on the strength of an event.
"""

from __future__ import annotations

import errno
import logging
import os
import queue
import threading
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch
from watchdog.observers.polling import PollingObserver

from clipview.core.watch.events import WATCHED_EVENTS, ChangeBatch, Settler, touched
from clipview.core.watch.mounts import MOUNT_TABLE, polling_reason, read_mounts

logger = logging.getLogger(__name__)

DEFAULT_POLL_SECONDS = 10.0
MIN_POLL_SECONDS = 0.5  # more often only burns CPU: a shorter interval is taken as this
_OUT_OF_WATCHES = (errno.ENOSPC, errno.EMFILE)

__all__ = ["ChangeBatch", "FolderWatcher", "WatchedRoot"]


@dataclass(frozen=True)
class WatchedRoot:
    """How one root is watched: ``mode`` "native" or "polling"; ``why`` for polling."""

    path: str
    mode: str
    why: str = ""
    identity: tuple[int, int] | None = None


def _identity(path: str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _quiet_watchdog_rewatch_warning() -> None:
    """watchdog 7's inotify thread warns "Callback with id ... already exists for watch ...
    It will be Overwritten" when a folder is moved inside a watched tree (harmless: it
    re-adds the moved folder's watch). Where warnings are errors (pytest's strict setup) the
    warning would end watchdog's reader thread, and no event would come again."""
    warnings.filterwarnings("ignore", message=r"Callback with id .* already exists for watch",
                            category=RuntimeWarning)


class _Handler(FileSystemEventHandler):
    def __init__(self, settler: Settler) -> None:
        self.settler = settler

    def on_any_event(self, event: FileSystemEvent) -> None:
        dirs, files = touched(event)
        self.settler.add(dirs, files)


class FolderWatcher:
    """Watches ``roots`` and hands out settled ``ChangeBatch``es (see the module)."""

    def __init__(self, roots: Sequence[str], poll_seconds: float | None = None,
                 settle_seconds: float = 2.0,
                 on_batch: Callable[[ChangeBatch], None] | None = None, *,
                 mount_table: str = MOUNT_TABLE,
                 native_observer: Callable[[], BaseObserver] = Observer,
                 on_error: Callable[[Exception], None] | None = None) -> None:
        self.poll_seconds = poll_seconds
        interval = max(MIN_POLL_SECONDS, poll_seconds or DEFAULT_POLL_SECONDS)
        self._poll_interval = interval
        self._settler = Settler(quiet=settle_seconds, settle=settle_seconds)
        self._settler_quiet_polled = settle_seconds + interval
        self._on_batch = on_batch
        self._on_error = on_error   # the first look failed (``start(wait=False)``)
        self._batches: queue.Queue[ChangeBatch] = queue.Queue()
        self._mount_table = mount_table
        self._native_factory = native_observer
        self._native: BaseObserver | None = None
        self._polling: BaseObserver | None = None
        self._handler = _Handler(self._settler)
        self._roots = sorted(set(roots))
        self._watched: dict[str, tuple[WatchedRoot, BaseObserver, ObservedWatch]] = {}
        self._unwatchable: dict[str, tuple[int, int]] = {}  # root → identity that failed
        self._guard = threading.RLock()
        self._roots_guard = threading.Lock()   # only ``_roots``: never held over a stat
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.tick = max(0.05, min(0.5, settle_seconds / 4))

    # -- life ---------------------------------------------------------------------------
    def start(self, wait: bool = True) -> None:
        """Start watching. ``wait``: the roots are watched when it returns (it looks at each
        root and adds watches over whole trees); without, that first look is the watcher's
        thread's (a GUI thread never waits for a share that hangs) and a failure of it goes
        to ``on_error`` (called on that thread; the watcher then stops)."""
        with self._guard:
            if self._thread is not None:
                return
            self._stop.clear()
            _quiet_watchdog_rewatch_warning()
            if wait:
                self._reconcile(announce=False)  # the caller brings the library up to date
            self._thread = threading.Thread(target=self._loop, args=(not wait,),
                                            name="clipview-watch", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        """Stop watching; pending changes not yet handed out are dropped (a catch-up index
        at the next start finds them)."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join()
        with self._guard:
            for root in list(self._watched):
                self._unwatch(root)
            for observer in (self._native, self._polling):
                if observer is not None:
                    observer.stop()
                    observer.join()
            self._native = self._polling = None

    def set_roots(self, roots: Sequence[str]) -> None:
        """Watch these roots from now on (from the next tick on; see the module); a new
        root is looked at as a whole once."""
        with self._roots_guard:
            self._roots = sorted(set(roots))

    @property
    def roots(self) -> list[WatchedRoot]:
        """The roots watched now and how (a missing root is not watched until it returns)."""
        with self._guard:
            return [entry[0] for entry in self._watched.values()]

    def take_batch(self, timeout: float | None = None) -> ChangeBatch | None:
        """The next settled batch (without ``on_batch``), waiting at most ``timeout``."""
        try:
            return self._batches.get(timeout=timeout)
        except queue.Empty:
            return None

    # -- the watcher's thread -----------------------------------------------------------
    def _loop(self, first_look: bool = False) -> None:
        if first_look and not self._first_look():
            return
        while not self._stop.wait(self.tick):
            try:
                with self._guard:
                    self._reconcile()
                batch = self._settler.ready()
                if batch:
                    self._hand_out(batch)
            except Exception:  # keep watching; the log has it
                logger.exception("folder watcher failed a round")

    def _first_look(self) -> bool:
        """``start(wait=False)``'s first reconcile, on this thread; False when it failed."""
        try:
            with self._guard:
                self._reconcile(announce=False)
        except Exception as exc:  # a thread boundary: the caller hears of it
            logger.exception("watching could not start")
            if self._on_error is not None:
                self._on_error(exc)
            return False
        return True

    def _hand_out(self, batch: ChangeBatch) -> None:
        logger.info("%d folders changed (%s)", len(batch.dirs), batch.reason)
        if self._on_batch is not None:
            self._on_batch(batch)
        else:
            self._batches.put(batch)

    def _reconcile(self, announce: bool = True) -> None:
        """Watch the roots that should be and are there; re-watch a root that is another
        folder now (remounted); look at every root whose state changed (``announce``)."""
        with self._roots_guard:
            roots = list(self._roots)
        for root in [r for r in self._watched if r not in roots]:
            self._unwatch(root)
        for root in roots:
            identity = _identity(root)
            entry = self._watched.get(root)
            if entry is not None and entry[0].identity == identity:
                continue
            if entry is None and identity is not None and \
                    self._unwatchable.get(root) == identity:
                continue  # failed before, nothing changed since
            if entry is not None:
                self._unwatch(root)
            if identity is not None:
                self._watch(root, identity)
            elif entry is None:
                continue  # missing before and now: nothing new
            if announce:
                self._settler.add({root}, set(), "a folder appeared, changed or went away")

    def _watch(self, root: str, identity: tuple[int, int]) -> None:
        why = "polling asked for" if self.poll_seconds else polling_reason(
            root, read_mounts(self._mount_table))
        if why is None:
            try:
                observer = self._native_observer()
                watch = observer.schedule(self._handler, root, recursive=True,
                                          event_filter=WATCHED_EVENTS)
            except OSError as exc:
                if exc.errno not in _OUT_OF_WATCHES:
                    logger.warning("cannot watch %s: %s", root, exc)
                    self._unwatchable[root] = identity
                    return
                why = f"inotify watches ran out ({exc.strerror or exc})"
                logger.warning("%s: polling %s instead", why, root)
            else:
                self._watched[root] = (WatchedRoot(root, "native", "", identity), observer,
                                       watch)
                return
        observer = self._polling_observer()
        self._settler.quiet = max(self._settler.quiet, self._settler_quiet_polled)
        try:
            watch = observer.schedule(self._handler, root, recursive=True,
                                      event_filter=WATCHED_EVENTS)
        except OSError as exc:
            logger.warning("cannot watch %s: %s", root, exc)
            self._unwatchable[root] = identity
            return
        self._watched[root] = (WatchedRoot(root, "polling", why, identity), observer, watch)

    def _unwatch(self, root: str) -> None:
        entry = self._watched.pop(root, None)
        if entry is None:
            return
        try:
            entry[1].unschedule(entry[2])
        except (OSError, KeyError):
            logger.info("unwatching %s failed (already gone)", root, exc_info=True)

    def _native_observer(self) -> BaseObserver:
        if self._native is None:
            observer = self._native_factory()
            observer.start()
            self._native = observer
        return self._native

    def _polling_observer(self) -> BaseObserver:
        if self._polling is None:
            observer = PollingObserver(timeout=self._poll_interval)
            observer.start()
            self._polling = observer
        return self._polling
