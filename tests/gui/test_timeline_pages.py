"""The timeline comes in two answers: its newest FIRST_PAGE photos at once, then the whole,
appended below them — no reset, so what was scrolled to and selected stays — while a
refresh that repeats what is shown changes nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from clipview.core.catalog.rows import NewImage
from clipview.core.library.library import Library
from clipview.core.progress import CancelToken
from clipview.gui import session as session_module
from clipview.gui.controller import Controller
from clipview.gui.jobs import JobKind
from clipview.gui.main_window import MainWindow

DAY = 86_400.0


def _list_photos(qtbot, controller: Controller, folder: Path, count: int) -> None:  # type: ignore[no-untyped-def]
    def listed(library: Library | None, _token: CancelToken) -> None:
        assert library is not None
        tracked = library.add_folder(folder)
        folder_id = next(f.id for f in library.catalog.folders.all() if f.path == tracked)
        library.catalog.images.register([
            NewImage(str(folder / f"p{i:05d}.jpg"), folder_id, 1, 1, "",
                     taken_at=1.6e9 - i * DAY / 3) for i in range(count)])

    folder.mkdir()
    with qtbot.waitSignal(controller.session.continuations.done, timeout=10000):
        controller.session.submit(JobKind.ADD_FOLDER, listed)


def test_the_first_page_comes_first_and_the_rest_is_appended(  # type: ignore[no-untyped-def]
        qtbot, app_window: tuple[MainWindow, Controller], tmp_path: Path) -> None:
    window, controller = app_window
    page = session_module.FIRST_PAGE
    _list_photos(qtbot, controller, tmp_path / "photos", page + 1500)
    shown: list[int] = []
    controller.grid.resultsShown.connect(shown.append)
    resets: list[int] = []
    controller.model.modelReset.connect(lambda: resets.append(controller.model.shown))
    statuses: list[str] = []
    controller.grid.resultsShown.connect(lambda _n: statuses.append(
        window.status.results.text()))
    controller.grid.rerun()
    qtbot.waitUntil(lambda: page + 1500 in shown, timeout=20000)
    assert shown[-2:] == [page, page + 1500] and resets == [page]   # appended, not reset
    assert "the rest in a moment" in statuses[-2] and "the rest" not in statuses[-1]
    assert controller.model.results()[page].path.endswith(f"p{page:05d}.jpg")
    view = window.view
    view.setCurrentIndex(controller.model.index(30, 0))
    with qtbot.waitSignal(controller.grid.resultsShown, timeout=20000):
        controller.grid.rerun()   # the same timeline (page: skipped; whole: equal): no move
    assert resets == [page] and view.currentIndex().row() == 30
    assert controller.model.shown == page + 1500


def test_a_refresh_waits_for_the_whole_timeline_on_its_way(  # type: ignore[no-untyped-def]
        qtbot, app_window: tuple[MainWindow, Controller], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    window, controller = app_window
    page = session_module.FIRST_PAGE
    _list_photos(qtbot, controller, tmp_path / "photos", page + 10)
    library = controller.session.library()
    assert library is not None
    release, whole_asked = threading.Event(), threading.Event()
    browse = library.browse

    def held_browse(filters: object = None, limit: int | None = None) -> object:
        if limit is None:   # the whole timeline: held until the test lets it go
            whole_asked.set()
            assert release.wait(30)
        return browse(filters, limit)  # type: ignore[arg-type]

    monkeypatch.setattr(library, "browse", held_browse)
    try:
        with qtbot.waitSignal(controller.grid.resultsShown, timeout=20000):
            controller.grid.rerun()
        assert controller.model.shown == page and controller.grid.partial
        assert whole_asked.wait(20)
        asked = controller.grid.request
        controller.grid.rerun()   # an index run's refresh, say: it waits
        controller.grid.rerun()
        assert controller.grid.request == asked
    finally:
        release.set()
    qtbot.waitUntil(lambda: controller.model.shown == page + 10, timeout=20000)
    qtbot.waitUntil(lambda: controller.grid.request == asked + 1, timeout=20000)   # then once
    qtbot.waitUntil(lambda: controller.grid.settled, timeout=20000)
    assert not controller.grid.partial
