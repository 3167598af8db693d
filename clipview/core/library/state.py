"""Opening a library's parts safely, and what a library knows about its surroundings:
whether it can be written (a backup, a read-only disk), its model's catalog id (looked up,
recorded only by a writer), whether another process is writing, and which tracked folders
are offline.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

from clipview.core.catalog.catalog import Catalog
from clipview.core.catalog.db import CATALOG_FILE
from clipview.core.catalog.errors import is_damage
from clipview.core.errors import CatalogError, ClipviewError
from clipview.core.library.locking import WriterLock
from clipview.core.library.sync import Plan
from clipview.core.models.encoder import ClipModel
from clipview.core.models.weights_key import legacy_key, weights_key
from clipview.core.private_files import DIR_MODE

logger = logging.getLogger(__name__)

NO_MODEL = -1  # the model has no row yet: no vectors (a writer records it when indexing)


def open_home(home: Path) -> None:
    """Create the library folder 0700, or tighten an existing one others can read (logged);
    a folder that cannot be changed (read-only, not ours) is left as it is."""
    try:
        home.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    except OSError as exc:
        raise ClipviewError(f"cannot use {home} as the library: {exc.strerror}") from exc
    try:
        mode = stat.S_IMODE(home.stat().st_mode)
        if mode & 0o077:
            os.chmod(home, DIR_MODE)
            logger.warning("the library folder %s could be read by other users (mode %o); "
                           "made it private (0700)", home, mode)
    except OSError as exc:
        logger.info("cannot make the library folder %s private: %s", home, exc.strerror)


def open_catalog(home: Path) -> tuple[Catalog, WriterLock]:
    """The library's catalog and writer lock (the folder made if needed); a library that
    cannot be written gets a lock that refuses every write with the reason."""
    open_home(home)
    catalog = Catalog(home / CATALOG_FILE)
    reason = None
    if catalog.read_only or not os.access(home, os.W_OK):
        reason = (f"the library at {home} is read-only (a backup or a read-only disk?): "
                  "it can be searched, not changed")
    return catalog, WriterLock(home / "library.lock", read_only=reason)


class _CatalogHashCache:
    """The catalog as the weights' hash cache; a damaged catalog only costs hashing."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def cached_hash(self, path: str, facts: tuple[int, ...]) -> str | None:
        try:
            return self.catalog.weights.cached(path, facts)
        except CatalogError:
            return None

    def store_hash(self, path: str, facts: tuple[int, ...], sha256: str) -> None:
        try:
            self.catalog.weights.store(path, facts, sha256)
        except CatalogError as exc:
            logger.info("cannot cache a weight hash in the catalog: %s", exc)


class ModelRow:
    """The model's weights key and its catalog id: looked up when the library opens,
    recorded only by a writer (``record``, with the writer lock held)."""

    def __init__(self, catalog: Catalog, model: ClipModel, read_only: bool) -> None:
        self._catalog = catalog
        self._model = model
        self.key = weights_key(model.bundle, _CatalogHashCache(catalog)) + \
            model.key_suffix  # int8 vectors (CPU) are kept apart from fp32 ones
        self.id = self._known(read_only)

    def _known(self, read_only: bool) -> int:
        """The model's catalog id without recording it (NO_MODEL when it has none); a
        library made before keys covered every weight file hands its vectors over."""
        try:
            found = self._catalog.models.find(self.key)
            if found is None:
                legacy = legacy_key(self._model.bundle)   # reads the weights: once
                old = self._catalog.models.find(legacy)
                if old is not None and not read_only:
                    self._catalog.models.rename_key(legacy, self.key)
                found = old
        except CatalogError as exc:
            if not is_damage(exc):
                raise
            logger.warning("cannot read the model's id: %s", exc)  # `check` says more
            return NO_MODEL
        return NO_MODEL if found is None else found

    def refresh(self) -> int:
        """Look again for a model that had no row (another process may have indexed)."""
        if self.id == NO_MODEL:
            found = self._catalog.models.find(self.key)
            self.id = NO_MODEL if found is None else found
        return self.id

    def record(self) -> int:
        """The model's id, recorded now if needed (only with the writer lock held)."""
        if self.refresh() == NO_MODEL:
            self.id = self._catalog.models.add(self.key, self._model.name, self._model.dim)
        return self.id


def record_folder_states(catalog: Catalog, plan: Plan) -> None:
    """After planning a run: remember where each online folder was found, mark the
    offline ones (their photos are kept and stay searchable) and clear the others."""
    offline = {root.folder_id: root.reason for root in plan.offline_roots}
    online = {folder_id: device for folder_id, device in plan.root_devices.items()
              if folder_id not in offline}
    catalog.folders.record_states(online, offline.items())
