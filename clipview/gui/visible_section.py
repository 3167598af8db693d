"""Encoding follows the timeline's scroll: while an index run adds photos, the dates of the
photos on screen (browse mode, scrolled below the top) are handed to the run's token
(``CancelToken.prefer_dates``), so the section a person looks at is encoded, and becomes
searchable, before the rest. At the top of the timeline the order is newest first anyway."""

from __future__ import annotations

from PySide6.QtCore import QObject, QPoint, QTimer

from clipview.core.search.search import SearchResult
from clipview.gui.main_window import MainWindow
from clipview.gui.results_model import BROWSE, RESULT_ROLE, ResultsModel
from clipview.gui.session import LibrarySession

SETTLE_MS = 250   # the scroll rests this long before the run is told


class VisibleSection(QObject):
    """Tells the running index jobs which dates the grid shows (GUI thread)."""

    def __init__(self, window: MainWindow, session: LibrarySession,
                 model: ResultsModel) -> None:
        super().__init__(window)
        self.window, self.session, self.model = window, session, model
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.tell)
        window.view.verticalScrollBar().valueChanged.connect(lambda _: self._settle.start())

    def dates(self) -> tuple[float, float] | None:
        """The first and last date of the photos on screen; None at the top of the
        timeline, in search results or when no dated photo is shown."""
        view = self.window.view
        if self.model.mode != BROWSE or view.verticalScrollBar().value() == 0:
            return None
        area = view.viewport().rect()
        first = self._row_near(area.top(), 1)
        last = self._row_near(area.bottom(), -1)
        if first < 0 or last < first:
            return None
        taken = [r.taken_at for r in self._results(first, last) if r.taken_at is not None]
        return (min(taken), max(taken)) if taken else None

    def _row_near(self, y: int, step: int) -> int:
        """The row of the first tile found from the edge at ``y`` inwards (``step``: +1 down
        from the top, -1 up from the bottom), past the gaps between tiles; -1: none."""
        view = self.window.view
        area = view.viewport().rect()
        for offset in range(1, area.height(), 8):
            for x in range(area.left() + 1, area.right(), max(8, area.width() // 8)):
                row = view.indexAt(QPoint(x, y + step * offset)).row()
                if row >= 0:
                    return row
        return -1

    def _results(self, first: int, last: int) -> list[SearchResult]:
        rows = (self.model.index(row, 0).data(RESULT_ROLE) for row in range(first, last + 1))
        return [r for r in rows if isinstance(r, SearchResult)]

    def tell(self) -> None:
        """Hand the dates on screen to every job that adds photos."""
        dates = self.dates()
        for job in self.session.jobs():
            if job.kind.adds_photos:
                job.token.prefer_dates(dates)
