"""Catalog queries about tracked folders being online: the device each one was found on,
and why one is offline now (its photos are kept, and stay searchable, until it is back)."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping

from clipview.core.catalog.base import CatalogBase


class FolderStateQueries(CatalogBase):
    """Recorded devices and offline states of the tracked folders."""

    def recorded_devices(self) -> dict[int, int]:
        """folder id → the st_dev it had when last found online (folders never seen: absent)."""
        return {int(r[0]): int(r[1]) for r in self._query(
            "SELECT id, device FROM folders WHERE device IS NOT NULL")}

    def record_folder_states(self, online: Mapping[int, int],
                             offline: Iterable[tuple[int, str]]) -> None:
        """``online``: folder id → its device now (recorded, offline state cleared);
        ``offline``: (folder id, reason) — ``offline_since`` keeps the first time."""
        now = time.time()
        with self.transaction() as db:
            db.executemany("UPDATE folders SET device = ?, offline_reason = NULL, "
                           "offline_since = NULL WHERE id = ?",
                           [(device, folder_id) for folder_id, device in online.items()])
            db.executemany("UPDATE folders SET offline_reason = ?, "
                           "offline_since = COALESCE(offline_since, ?) WHERE id = ?",
                           [(reason, now, folder_id) for folder_id, reason in offline])

    def offline_since(self, folder_id: int) -> float | None:
        rows = self._query("SELECT offline_since FROM folders WHERE id = ?", (folder_id,))
        return None if not rows or rows[0][0] is None else float(rows[0][0])
