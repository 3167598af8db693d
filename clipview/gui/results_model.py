"""The result grid's model: rows of search results, thumbnails from the loader."""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QUrl,
)
from PySide6.QtGui import QIcon

from clipview.core.search import SearchResult, arrange
from clipview.gui.thumbnails import ThumbnailLoader, placeholder, tier_for

Index = QModelIndex | QPersistentModelIndex
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
SCORE_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3


def describe(result: SearchResult) -> str:
    when = datetime.fromtimestamp(result.taken_at).strftime("%Y-%m-%d %H:%M") \
        if result.taken_at else "unknown date"
    size = f"{result.width}×{result.height}" if result.width and result.height else ""
    return f"{result.path}\nscore {result.score:.3f} · {when}" + (f" · {size}" if size else "")


class ResultsModel(QAbstractListModel):
    """Keeps the results (ids, paths, scores) only; pixmaps live in the thumbnail cache."""

    def __init__(self, thumbs: ThumbnailLoader, cell: int = 160) -> None:
        super().__init__()
        self.thumbs = thumbs
        self.cell = cell
        self.order = "relevance"
        self.min_score: float | None = None
        self._all: list[SearchResult] = []
        self._shown: list[SearchResult] = []
        self._rows: dict[str, int] = {}
        thumbs.ready.connect(self._thumbnail_ready)

    # -- contents -----------------------------------------------------------------------
    def set_results(self, results: list[SearchResult]) -> None:
        self.thumbs.new_generation()
        self._all = list(results)
        self._rearrange()

    def set_order(self, order: str) -> None:
        self.order = order
        self._rearrange()

    def set_min_score(self, min_score: float | None) -> None:
        self.min_score = min_score
        self._rearrange()

    def _rearrange(self) -> None:
        self.beginResetModel()
        self._shown = arrange(self._all, self.order, self.min_score)
        self._rows = {r.path: i for i, r in enumerate(self._shown)}
        self.endResetModel()

    def set_cell(self, cell: int) -> None:
        self.cell = cell
        if self._shown:
            self.dataChanged.emit(self.index(0), self.index(len(self._shown) - 1),
                                  [Qt.ItemDataRole.DecorationRole])

    def result(self, row: int) -> SearchResult | None:
        return self._shown[row] if 0 <= row < len(self._shown) else None

    def results(self) -> list[SearchResult]:
        return list(self._shown)

    @property
    def total(self) -> int:
        return len(self._all)

    # -- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        result = self._shown[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return os.path.basename(result.path)
        if role == Qt.ItemDataRole.DecorationRole:
            pixmap = self.thumbs.pixmap(result.path, tier_for(self.cell))
            if pixmap is None:
                pixmap = placeholder(self.cell, self.thumbs.is_broken(result.path))
            return QIcon(pixmap)  # an icon is drawn fitted to the view's icon size
        if role == Qt.ItemDataRole.ToolTipRole:
            return describe(result)
        if role == PATH_ROLE:
            return result.path
        if role == SCORE_ROLE:
            return result.score
        if role == ID_ROLE:
            return result.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list"]

    def mimeData(self, indexes: Any) -> QMimeData:
        """Dragging results out hands other apps the files themselves."""
        mime = QMimeData()
        paths = [self._shown[i.row()].path for i in indexes if i.isValid()]
        mime.setUrls([QUrl.fromLocalFile(p) for p in paths])
        mime.setText("\n".join(paths))
        return mime

    def _thumbnail_ready(self, path: str) -> None:
        row = self._rows.get(path)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])
