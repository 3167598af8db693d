"""What the grid shows and why: browse mode (the library newest first, in date sections) or
search results, the reference chips beside the search text, the scope and filter chips above
the grid, counts that match the tiles, and honest empty states."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QObject, QSettings, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPixmap

from clipview.core.progress import Phase, Progress
from clipview.core.search.search import Filters
from clipview.gui.chips import Chip, ChipSpec
from clipview.gui.date_controls import describe_range
from clipview.gui.main_window import MainWindow
from clipview.gui.pasted import is_pasted
from clipview.gui.query_state import QueryState
from clipview.gui.results_model import BROWSE, RESULTS, ResultsModel, count_text
from clipview.gui.session import LibrarySession, QueryAnswer
from clipview.gui.sidebar import root_labels
from clipview.gui.thumbnails import ThumbnailLoader
from clipview.gui.translation import plural

RESULT_LIMIT = 2000
BROWSE_REFRESH_MS = 2500   # how often the timeline catches up while indexing


class GridPresenter(QObject):
    resultsShown = Signal(int)   # photos now in the grid

    def __init__(self, window: MainWindow, session: LibrarySession, model: ResultsModel,
                 thumbs: ThumbnailLoader, settings: QSettings) -> None:
        super().__init__(window)  # deleted with the window, on the GUI thread
        self.window, self.session, self.model = window, session, model
        self.thumbs, self.settings = thumbs, settings
        self.state = QueryState()
        self.request = 0                   # the latest request sent
        self.answered = 0                  # the latest request whose answer is shown
        self.ready = False                 # a library is open
        self.model_key = ""                # the open model (cut-offs are kept per model)
        self.progress: Progress | None = None   # the running index job's last report
        self.listed = 0   # photos a listing run left to encode (the int8 copy is made first)
        self.partial = False   # the timeline shown is its first page (the rest is coming)
        self._whole_due: Filters | None = None   # that page's filters, until the rest comes
        self._again = False   # a rerun of that timeline waits for the rest
        self.has_folders = True
        self._refresh = QTimer(self)
        self._refresh.setSingleShot(True)
        self._refresh.setInterval(BROWSE_REFRESH_MS)
        self._refresh.timeout.connect(self.rerun)
        self.wire()

    def wire(self) -> None:
        w = self.window
        w.search.search.connect(self.set_text)
        w.search.committed.connect(self.commit)
        w.search.imageDropped.connect(lambda path: self.add_reference(path, 1, True))
        w.imageDropped.connect(lambda path: self.add_reference(path, 1, True))
        w.search.imagesPasted.connect(self.set_references)
        w.refs.removed.connect(self.remove_chip)
        w.filters.removed.connect(self.remove_chip)
        w.sidebar.scopeChanged.connect(self.set_scope)
        w.dates.rangeChanged.connect(self.set_dates)
        w.types.typesChanged.connect(self.set_types)
        w.clear_action.triggered.connect(self.clear_search)
        w.cutoff.valueChanged.connect(self.set_cutoff)
        w.best_only.toggled.connect(self.set_best_only)
        w.labels_action.toggled.connect(w.view.show_labels)
        w.sort.currentIndexChanged.connect(lambda _: self._arranged(
            lambda: self.model.set_order(w.sort.currentData())))
        w.jump.jumpRequested.connect(w.view.scroll_to_row)
        self.thumbs.ready.connect(self._chip_thumbnail)

    # -- what people change -------------------------------------------------------------
    def set_text(self, text: str) -> None:
        self.state = self.state.with_text(text)
        self.rerun()

    def commit(self, text: str) -> None:
        """A search that was run (Enter, or looked at): it goes to the history."""
        if text and (self.model.shown or self.window.search.text().strip() == text):
            self.window.search.remember(text)

    def add_reference(self, path: str, sign: int, replace_all: bool = False) -> None:
        self.state = self.state.with_reference(path, sign, replace_all)
        if replace_all:
            self.state = self.state.with_text("")
            self.window.search.setText("")
        self.rerun()

    def set_references(self, paths: list[str]) -> None:
        """Search by these photos together ("a.jpg" + "b.jpg"), the text cleared."""
        self.state = self.state.with_references(paths)
        self.window.search.setText("")
        self.rerun()

    def drop_photo(self, path: str) -> bool:
        """A photo in the query could not be used (too large, unreadable): its chip goes and
        the grid shows what is left; False when no chip shows it."""
        kept = self.state.without_photo(path)
        if kept == self.state and self.state.similar_path() is not None:
            kept = replace(self.state, refs=())   # its one photo, by another name (a link)
        if kept == self.state:
            return False
        self.state = kept
        self.rerun()
        return True

    def remove_chip(self, key: str) -> None:
        if key == "best":
            self.window.best_only.setChecked(False)
        elif key == "score":
            self.window.cutoff.setValue(0)
        elif key == "dates":
            self.window.dates.clear_range()
        elif key == "types":
            self.window.types.set_types(())
        elif key.startswith("folder:"):
            self.window.sidebar.set_scope([p for p in self.state.scope
                                           if f"folder:{p}" != key])
        else:
            self.state = self.state.without(key)
            self.rerun()

    def set_scope(self, folders: list[str]) -> None:
        self.state = replace(self.state, scope=tuple(folders))
        self.rerun()

    def set_dates(self, after: float | None, before: float | None) -> None:
        self.state = replace(self.state, after=after, before=before)
        self.rerun()

    def set_types(self, kinds: tuple[str, ...]) -> None:
        self.state = replace(self.state, types=tuple(kinds))
        self.rerun()

    def clear_search(self) -> None:
        self.window.search.setText("")
        self.state = replace(self.state, text="", refs=())
        self.rerun()

    def set_cutoff(self, value: int) -> None:
        self.window.cutoff_label.setText(self.tr("min score {score}").format(
            score=f"{value / 100:.2f}"))
        if self.model_key:
            self.settings.setValue(f"cutoff/{self.model_key}", value)
        self._arranged(lambda: self.model.set_min_score(value / 100 if value else None))

    def set_best_only(self, best: bool) -> None:
        self._arranged(lambda: self.model.set_best_only(best))

    def use_model(self, key: str) -> None:
        """A library opened with the model ``key``: its own score cut-off comes back."""
        self.model_key = key
        self.ready = True
        self.window.cutoff.setValue(int(str(self.settings.value(f"cutoff/{key}", 0))))
        self.rerun()

    def browse_early(self) -> None:
        """The first library's photos can be listed while its model opens: the timeline
        is asked for now (searching waits for ``use_model``)."""
        if self.ready or not self.state.browsing:
            return
        self.request += 1
        self.session.browse(self.request, self.state.filters())

    # -- requests -----------------------------------------------------------------------
    def rerun(self) -> None:
        self._refresh.stop()
        self._show_chips()
        self.prefer_scope()
        if not self.ready:
            return
        state, filters = self.state, self.state.filters()
        if state.browsing and self._whole_due == filters:
            self._again = True   # asked once the whole timeline on its way is shown
            return
        self._whole_due = None
        self.request += 1
        if state.browsing:
            self.session.browse(self.request, filters)
        elif state.similar_path() is not None:
            self.session.similar(self.request, str(state.similar_path()), RESULT_LIMIT,
                                 filters)
        else:
            self.session.query(self.request, state.compose(), RESULT_LIMIT, filters)

    def prefer_scope(self) -> None:
        """Index runs encode the folders shown (the scope chips) before the rest."""
        for job in self.session.jobs():
            if job.kind.adds_photos:
                job.token.prefer(self.state.scope)

    def show_answer(self, answer: QueryAnswer) -> None:
        if answer.request != self.request:
            return  # an older request finished after a newer one was sent
        self.answered = answer.request
        self.window.status.clear_source("search")   # its last error is mended
        mode = BROWSE if self.state.browsing else RESULTS
        self._whole_coming(answer.partial and mode == BROWSE)
        if answer.partial and mode == BROWSE and self.model.begins_with(answer.results):
            return   # the timeline shown already starts so: its rest decides (no flicker)
        extended = answer.extends > 0 and answer.arranged is not None and mode == BROWSE \
            and self.model.extend(answer.arranged, answer.extends, answer.fingerprint)
        if not extended:
            self.model.set_results(answer.results, mode, answer.fingerprint, answer.arranged)
        self.partial = answer.partial
        self._after_change(answer.seconds)
        if self.progress is not None and mode == BROWSE:
            self._refresh.start()   # photos keep arriving: catch up in a moment

    @property
    def settled(self) -> bool:
        """Every request sent has been answered (or failed)."""
        return self.answered == self.request

    def failed(self, request: int) -> None:
        if request == self.request:
            self.answered = request
            self._whole_coming(False)

    def _whole_coming(self, coming: bool) -> None:
        """A timeline's first page is shown and its whole is on its way (``coming``): a
        rerun of the same timeline meanwhile waits for it (at 1M it takes seconds, and a
        run's refreshes would otherwise cancel it again and again); else the rerun that
        waited goes now."""
        self._whole_due = self.state.filters() if coming else None
        if not coming and self._again:
            self._again = False
            QTimer.singleShot(0, self.rerun)

    def indexing(self, progress: Progress | None) -> None:
        """The running index job's last report (None when none runs)."""
        self.progress = progress
        if progress is not None:
            self.listed = 0   # a run: its reports say what waits
        if progress is None:
            self.rerun()
            return
        self._show_empty()
        listed = progress.phase is Phase.SCANNING and 0 < progress.total == progress.done
        if self.state.browsing and listed:
            self.rerun()   # every new photo is listed: the timeline shows them now
        elif self.state.browsing and not self._refresh.isActive():
            self._refresh.start()

    # -- showing ------------------------------------------------------------------------
    def _arranged(self, change: Callable[[], None]) -> None:
        change()
        self._show_chips()
        self._after_change(None)

    def _after_change(self, seconds: float | None) -> None:
        shown, total = self.model.shown, self.model.total
        if self.model.mode == BROWSE:
            counted = count_text(shown, self.model.videos_shown)
            self.window.status.show_count(self.tr("{count} (the newest; the rest in a moment)")
                                          .format(count=counted) if self.partial else counted)
        else:
            self.window.status.show_count(self._results_text(shown, total, seconds))
        self.window.jump.set_sections(self.model.headers())
        self.window.show_result_controls(self.model.mode != BROWSE)
        self._show_empty()
        self.resultsShown.emit(shown)

    def _results_text(self, shown: int, total: int, seconds: float | None) -> str:
        """"12 results (of 40) in 35 ms"."""
        text = plural(shown, self.tr("%n result", "", shown), self.tr("%n results", "", shown))
        if shown != total:
            text = self.tr("{results} (of {total})").format(results=text, total=total)
        if seconds is not None:
            text = self.tr("{results} in {ms} ms").format(results=text,
                                                         ms=f"{seconds * 1000:.0f}")
        waiting = self._waiting()
        if waiting:   # listed, not encoded yet: this search could not look at them
            text = plural(waiting, self.tr("{results}; %n photo not searched yet", "", waiting),
                          self.tr("{results}; %n photos not searched yet", "", waiting)
                          ).format(results=text)
        return text

    def _waiting(self) -> int:
        """Photos the running index job listed but has not encoded yet."""
        p = self.progress
        if p is None:
            return self.listed
        if not p.total:
            return 0
        if p.phase is Phase.SCANNING:   # every new photo listed, none encoded
            return p.total
        return max(0, p.total - p.done) if p.phase in (Phase.ENCODING, Phase.PAUSED) else 0

    def _show_empty(self) -> None:
        self.window.show_empty(self.empty_text())

    def empty_text(self) -> str:
        if not self.ready or self.model.shown:
            return ""
        busy = ""
        if self.progress is not None:
            p = self.progress
            busy = self.tr("Indexing… {done}/{total}").format(done=p.done, total=p.total) \
                if p.total else self.tr("Indexing… (scanning)")
        if self.model.mode == BROWSE:
            if busy:
                return self.tr("{indexing}\nPhotos appear here as they are indexed.").format(
                    indexing=busy)
            if not self.has_folders:
                return self.tr("Drop folders of photos here (or use Add folder…) to index "
                               "them, then type what you are looking for.")
            return self.tr("No photos in this view.") + self._filters_hint()
        if busy:
            return self.tr("No matches yet. {indexing}: more photos are coming.").format(
                indexing=busy)
        if self.model.total:
            return self.tr("No results above the score cut-off.") + self._filters_hint()
        return self.tr("No photos match.") + self._filters_hint()

    def _filters_hint(self) -> str:
        state = self.state
        if state.scope or state.types or state.after is not None or state.before is not None:
            return "\n" + self.tr("Remove a filter above (or click All photos) to see more.")
        return ""

    def _show_chips(self) -> None:
        specs = []
        for ref in self.state.refs:
            name = self.tr("pasted image") if is_pasted(ref.path) else \
                os.path.basename(ref.path)
            text = name if ref.sign > 0 else self.tr("not {photo}").format(photo=name)
            specs.append(ChipSpec(ref.key, text, ref.path, self._chip_pixmap(ref.path)))
        self.window.refs.set_chips(specs)
        filters = [ChipSpec(k, t, tip, icon="folder")
                   for k, t, tip in self.state.folder_chips(
                       root_labels(self.window.sidebar.roots()))]
        if self.state.after is not None or self.state.before is not None:
            filters.append(ChipSpec("dates", describe_range(self.state.after,
                                                            self.state.before), icon="dates"))
        if self.state.types:
            names = ", ".join(self.window.types.in_words[k] for k in self.state.types)
            filters.append(ChipSpec("types", self.tr("only {kinds}").format(kinds=names),
                                    icon="types"))
        if not self.state.browsing:
            if self.model.min_score:
                filters.append(ChipSpec("score", self.tr("score ≥ {score}").format(
                    score=f"{self.model.min_score:.2f}")))
            if self.model.best_only:
                filters.append(ChipSpec("best", self.tr("best matches only")))
        self.window.filters.set_chips(filters)

    def _chip_pixmap(self, path: str) -> QPixmap:
        pixmap = self.thumbs.pixmap(path, 128)
        if pixmap is None:
            blank = QPixmap(QSize(22, 22))
            blank.fill(Qt.GlobalColor.gray)
            return blank
        return pixmap.scaled(22, 22, Qt.AspectRatioMode.KeepAspectRatioByExpanding,
                             Qt.TransformationMode.SmoothTransformation)

    def _chip_thumbnail(self, path: str) -> None:
        for ref in self.state.refs:
            chip: Chip | None = self.window.refs.chip(ref.key)
            if ref.path == path and chip is not None:
                chip.set_pixmap(self._chip_pixmap(path))
