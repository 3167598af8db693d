"""While an index run adds photos, the dates on screen go to its token: scrolled down the
timeline, the section shown is encoded first; at the top, or searching, newest first."""

from __future__ import annotations

import threading
from collections.abc import Generator
from pathlib import Path

from clipview.core.catalog.rows import NewImage
from clipview.core.library.library import Library
from clipview.core.progress import CancelToken
from clipview.gui.controller import Controller
from clipview.gui.jobs import JobKind
from clipview.gui.main_window import MainWindow

DAY = 86_400.0


def test_the_run_is_told_the_dates_scrolled_to(  # type: ignore[no-untyped-def]
        qtbot, app_window: tuple[MainWindow, Controller], tmp_path: Path) -> None:
    window, controller = app_window
    folder = tmp_path / "photos"
    folder.mkdir()

    def listed(library: Library | None, _token: CancelToken) -> None:
        assert library is not None   # one photo a day, newest first: about eight years
        tracked = library.add_folder(folder)
        folder_id = next(f.id for f in library.catalog.folders.all() if f.path == tracked)
        library.catalog.images.register([
            NewImage(str(folder / f"p{i:04d}.jpg"), folder_id, 1, 1, "",
                     taken_at=1.6e9 - i * DAY) for i in range(3000)])

    with qtbot.waitSignal(controller.session.continuations.done, timeout=10000):
        controller.session.submit(JobKind.ADD_FOLDER, listed)
    controller.grid.rerun()
    qtbot.waitUntil(lambda: controller.model.shown == 3000, timeout=10000)
    newest = controller.model.results()[0].taken_at
    release = threading.Event()

    def held(_library: object, _token: CancelToken) -> Generator[int, None, None]:
        yield 0
        release.wait(30)

    job = controller.session.submit_steps(JobKind.INDEX, held)
    try:
        qtbot.waitUntil(lambda: controller.session.running() is job, timeout=10000)
        view = window.view
        qtbot.waitUntil(lambda: view.verticalScrollBar().maximum() > 0, timeout=20000)
        bar = view.verticalScrollBar()
        bar.setValue(bar.maximum() // 2)   # as a drag of the scroll bar does
        qtbot.waitUntil(lambda: job.token.preferred_dates is not None, timeout=5000)
        first, last = job.token.preferred_dates  # type: ignore[misc]
        assert newest is not None   # scrolled down the timeline: a screenful of older days
        assert newest - 2999 * DAY < first <= last < newest - 30 * DAY
        assert DAY <= last - first < 300 * DAY   # the days of the tiles on screen
        view.scrollToTop()
        qtbot.waitUntil(lambda: job.token.preferred_dates is None, timeout=5000)
    finally:
        release.set()
    qtbot.waitUntil(lambda: controller.session.running() is None, timeout=10000)
