"""The catalog: one SQLite file (folders, images, per-model vectors, …), the source of truth.

``Catalog`` opens one connection (``base.Connection``) and builds one part per table or
concern on it, each given the parts it needs:

=================  =====================================================================
``folders``        tracked folders, online or not, removal and its undo (``folders``)
``excludes``       patterns excluded from a folder (``excludes``)
``images``         catalogued files and the batch commit (``images``)
``vectors``        per-model vectors (``vectors``)
``text``           the full-text table (``media_text``)
``media``          video frames, counts per kind (``frames``)
``models``         models with vectors, their coverage (``models``)
``stamps``         directory stamps (``dir_stamps``)
``digests``        lookups by content digest (``images.content_hash``)
``weights``        cached hashes of model weight files (``meta``)
``browse``         usable photos by folder and date (browsing, filters)
``health``         counts, integrity checks and repair (``check``, ``status``)
=================  =====================================================================

What belongs to the whole file stays here: ``path``, ``read_only``, ``transaction``,
``generation`` and ``close``. SQL lives only in this package; no ``sqlite3.Error`` leaves it
(it becomes ``CatalogError``).
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from pathlib import Path

from clipview.core.catalog.base import Connection
from clipview.core.catalog.browse import Browse
from clipview.core.catalog.digests import DigestTable
from clipview.core.catalog.excludes import ExcludeTable
from clipview.core.catalog.folders import FolderTable
from clipview.core.catalog.health import Health
from clipview.core.catalog.images import ImageTable
from clipview.core.catalog.media import MediaTable
from clipview.core.catalog.models import ModelTable
from clipview.core.catalog.rows import FolderRow, ImageInfo, ImageRow, NewImage
from clipview.core.catalog.stamps import StampTable
from clipview.core.catalog.text import TextTable
from clipview.core.catalog.vectors import VectorTable
from clipview.core.catalog.weights import WeightHashes

__all__ = ["Catalog", "FolderRow", "ImageInfo", "ImageRow", "NewImage"]


class Catalog:
    """Folders, models, images and vectors of one library, one part per table or concern."""

    def __init__(self, path: Path) -> None:
        self._connection = connection = Connection(path)
        self.excludes = ExcludeTable(connection)
        self.folders = FolderTable(connection, self.excludes)
        self.stamps = StampTable(connection)
        self.text = TextTable(connection)
        self.media = MediaTable(connection, self.text)
        self.vectors = VectorTable(connection)
        self.images = ImageTable(connection, stamps=self.stamps, text=self.text,
                                 vectors=self.vectors, media=self.media)
        self.models = ModelTable(connection)
        self.digests = DigestTable(connection)
        self.weights = WeightHashes(connection)
        self.browse = Browse(connection)
        self.health = Health(connection)

    @property
    def path(self) -> Path:
        return self._connection.path

    @property
    def read_only(self) -> bool:
        """True when the file or its folder cannot be written (a backup, a read-only mount):
        the catalog is then opened read-only and never written."""
        return self._connection.read_only

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT`` on the catalog's connection (see ``Connection``)."""
        return self._connection.transaction()

    def generation(self, model_id: int | None = None) -> int:
        """The counter of changes to the vectors (all, or ``model_id``'s): see ``Connection``."""
        return self._connection.generation(model_id)

    def change_token(self) -> tuple[int, int]:
        """Changes whenever the catalog may have changed (see ``Connection.change_token``):
        what caches of catalog answers are keyed by."""
        return self._connection.change_token()

    @staticmethod
    def bump_generation(db: sqlite3.Connection, model_id: int | None = None) -> None:
        """Count a change to the vectors inside ``transaction`` (see ``Connection``)."""
        Connection.bump_generation(db, model_id)

    def interrupt(self) -> None:
        """Stop the query running on another thread (``Connection.interrupt``)."""
        self._connection.interrupt()

    def close(self) -> None:
        self._connection.close()
