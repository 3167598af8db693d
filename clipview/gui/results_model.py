"""The grid's model: the library's photos newest first in date sections (browse mode), or
the results of a search (result mode). It keeps ids, paths and scores only; pixmaps live in
the thumbnail cache."""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QUrl,
)

from clipview.core.media.kinds import is_video_name
from clipview.core.search.search import SearchResult
from clipview.gui.date_sections import Header
from clipview.gui.dates import moment_text, spoken_day
from clipview.gui.grid_rows import Arranged, arrange_rows, starts_with
from clipview.gui.ranking import arrange, match_lines, score_text
from clipview.gui.thumbnails import ThumbnailLoader
from clipview.gui.translation import plural, translate

Index = QModelIndex | QPersistentModelIndex
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
SCORE_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3
HEADER_ROLE = Qt.ItemDataRole.UserRole + 4   # the Header of a section row, else None
RESULT_ROLE = Qt.ItemDataRole.UserRole + 5   # the SearchResult of a photo row
BROWSE, RESULTS = "browse", "results"


def count_text(count: int, videos: int = 0) -> str:
    """'24 photos', '1 video', '20 photos, 4 videos': a video is not called a photo."""
    photos = count - videos
    photo_text = plural(photos, translate("Counts", "%n photo", "", photos),
                        translate("Counts", "%n photos", "", photos))
    video_text = plural(videos, translate("Counts", "%n video", "", videos),
                        translate("Counts", "%n videos", "", videos))
    if videos == 0:
        return photo_text
    if videos == count:
        return video_text
    return translate("Counts", "{photos}, {videos}", "20 photos, 4 videos").format(
        photos=photo_text, videos=video_text)


def describe(result: SearchResult, with_score: bool) -> str:
    """A tile's tooltip: the path, the match (when searching), the day and time and size."""
    when = _when(result.taken_at)
    size = f"{result.width}×{result.height}" if result.width and result.height else ""
    parts = [when] + ([size] if size else [])
    match = match_lines(result) if with_score else []
    return "\n".join([result.path, *match, " · ".join(parts)])


def spoken(result: SearchResult, with_score: bool) -> str:
    """What a screen reader says of a tile: "beach.jpg, 5 March 2022" (", video" for a
    video; ", match 0.72" when searching)."""
    parts = [os.path.basename(result.path)]
    if is_video_name(result.path):
        parts.append(translate("ResultsModel", "video"))
    day = _taken_day(result.taken_at)
    parts.append(spoken_day(day) if day is not None else
                 translate("ResultsModel", "unknown date"))
    if with_score:
        parts.append(translate("ResultsModel", "match {score}").format(
            score=score_text(result.score)))
    return ", ".join(parts)


def _taken_day(taken_at: float | None) -> datetime | None:
    if taken_at is None:
        return None
    try:
        return datetime.fromtimestamp(taken_at)
    except (OverflowError, OSError, ValueError):
        return None


def _when(taken_at: float | None) -> str:
    moment = _taken_day(taken_at)
    return moment_text(moment) if moment is not None else \
        translate("ResultsModel", "unknown date")


class ResultsModel(QAbstractListModel):
    """Rows are photos, and in date order also section headers (not selectable)."""

    def __init__(self, thumbs: ThumbnailLoader, cell: int = 160,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thumbs = thumbs
        self.cell = cell
        self.mode = BROWSE
        self.order = "relevance"
        self.min_score: float | None = None
        self.best_only = False
        self._all: list[SearchResult] = []
        self._shown: list[SearchResult] = []
        self._rows: list[SearchResult | Header] = []
        self._row_of: dict[str, int] = {}
        self._videos = 0
        self._fingerprint: int | None = None   # of ``_all``, when it came from an answer
        thumbs.ready.connect(self._thumbnail_ready)

    # -- contents -----------------------------------------------------------------------
    def set_results(self, results: list[SearchResult], mode: str = RESULTS,
                    fingerprint: int | None = None, arranged: Arranged | None = None) -> None:
        """Show ``results``; with their ``fingerprint`` (``QueryAnswer``), results equal to
        those shown in the same mode keep the rows as they are (no reset: selection,
        scroll position and layout stay). ``arranged``: a browse answer's rows, made on
        the read lane (``grid_rows``)."""
        if fingerprint is not None and mode == self.mode and fingerprint == self._fingerprint \
                and len(results) == len(self._all):
            return
        if mode != self.mode or [r.id for r in results[:64]] != [r.id for r in self._all[:64]]:
            self.thumbs.new_generation()
        self.mode = mode
        self._all = list(results) if arranged is None else arranged.shown
        self._fingerprint = fingerprint
        usable = arranged is not None and mode == BROWSE and arranged.sectioned
        self._rearrange(arranged if usable else None)

    def begins_with(self, page: list[SearchResult]) -> bool:
        """Whether the timeline shown is longer than ``page`` and starts with it."""
        return self.mode == BROWSE and len(self._shown) > len(page) and \
            starts_with(self._shown, page)

    def extend(self, arranged: Arranged, prefix: int, fingerprint: int) -> bool:
        """The whole timeline after its first page: when the browse rows shown are the
        ``prefix`` first of ``arranged``, the rest is inserted below them (no reset: the
        scroll position, the selection and the layout done stay) and the headers shown
        get their new counts. False (nothing changed) otherwise."""
        if self.mode != BROWSE or len(self._shown) != prefix or not arranged.sectioned:
            return False
        before = len(self._rows)
        if len(arranged.rows) > before:
            self.beginInsertRows(QModelIndex(), before, len(arranged.rows) - 1)
        self._all, self._shown, self._rows = arranged.shown, arranged.shown, arranged.rows
        self._row_of, self._videos = arranged.row_of, arranged.videos
        self._fingerprint = fingerprint
        if len(arranged.rows) > before:
            self.endInsertRows()
        for row in range(before):   # a section the page ended in counts its new photos
            if isinstance(self._rows[row], Header):
                self.dataChanged.emit(self.index(row, 0), self.index(row, 0))
        return True

    def set_order(self, order: str) -> None:
        self.order = order
        self._rearrange()

    def set_min_score(self, min_score: float | None) -> None:
        self.min_score = min_score
        self._rearrange()

    def set_best_only(self, best_only: bool) -> None:
        self.best_only = best_only
        self._rearrange()

    def _rearrange(self, arranged: Arranged | None = None) -> None:
        if arranged is None:
            shown = list(self._all) if self.mode == BROWSE else \
                arrange(self._all, self.order, self.min_score, self.best_only)
            arranged = arrange_rows(shown, self.sectioned)
        self.beginResetModel()
        self._shown, self._rows = arranged.shown, arranged.rows
        self._row_of, self._videos = arranged.row_of, arranged.videos
        self.endResetModel()

    @property
    def sectioned(self) -> bool:
        return self.mode == BROWSE or self.order == "date"

    def set_cell(self, cell: int) -> None:
        self.cell = cell

    def result(self, row: int) -> SearchResult | None:
        entry = self._rows[row] if 0 <= row < len(self._rows) else None
        return entry if isinstance(entry, SearchResult) else None

    def results(self) -> list[SearchResult]:
        """The photos shown, in grid order (section headers left out)."""
        return list(self._shown)

    def headers(self) -> list[tuple[int, Header]]:
        return [(i, r) for i, r in enumerate(self._rows) if isinstance(r, Header)]

    def row_of(self, path: str) -> int | None:
        return self._row_of.get(path)

    @property
    def total(self) -> int:
        return len(self._all)

    @property
    def shown(self) -> int:
        return len(self._shown)

    @property
    def videos_shown(self) -> int:
        """How many of the shown items are videos."""
        return self._videos

    # -- Qt model API -------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        if isinstance(entry, Header):
            return _header_data(entry, role)
        return self._photo_data(entry, role)

    def _photo_data(self, result: SearchResult, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return os.path.basename(result.path)
        if role == Qt.ItemDataRole.ToolTipRole:
            return describe(result, self.mode == RESULTS)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return spoken(result, self.mode == RESULTS)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return os.path.dirname(result.path)
        if role == PATH_ROLE:
            return result.path
        if role == SCORE_ROLE:
            return result.score if self.mode == RESULTS else None
        if role == ID_ROLE:
            return result.id
        if role == RESULT_ROLE:
            return result
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if isinstance(self._rows[index.row()], Header):
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                | Qt.ItemFlag.ItemIsDragEnabled)

    def mimeTypes(self) -> list[str]:
        return ["text/uri-list"]

    def mimeData(self, indexes: Any) -> QMimeData:
        """Dragging photos out hands other apps the files themselves."""
        mime = QMimeData()
        results = [self.result(i.row()) for i in indexes if i.isValid()]
        paths = [r.path for r in results if r is not None]
        mime.setUrls([QUrl.fromLocalFile(p) for p in paths])
        mime.setText("\n".join(paths))
        return mime

    def _thumbnail_ready(self, path: str) -> None:
        row = self._row_of.get(path)
        if row is not None:
            index = self.index(row)
            self.dataChanged.emit(index, index, [Qt.ItemDataRole.DecorationRole])


def _header_data(header: Header, role: int) -> Any:
    """A section header row: its title, and for a screen reader with its count."""
    if role == HEADER_ROLE:
        return header
    if role == Qt.ItemDataRole.DisplayRole:
        return header.label
    if role == Qt.ItemDataRole.AccessibleTextRole:
        return translate("ResultsModel", "{section}, {count}", "June 2021, 24 photos").format(
            section=header.label, count=count_text(header.count, header.videos))
    return None
