"""In the app, a dropped folder's photos are in the timeline before any is encoded: the
encoder is held, and the grid still lists every photo (the sidebar counts them too), a
search says how many photos it could not look at yet; once the encoder runs, search finds
them."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from clipview.core.library import indexer
from clipview.gui.jobs import Job
from clipview.gui.results_model import BROWSE
from tests.gui.test_app import Window, drop_urls, search, shown_colours, sidebar_folders
from tests.helpers.library_data import PALETTE, colour_folder


@pytest.fixture()
def held(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The encoder waits until the returned event is set."""
    release, encode = threading.Event(), indexer.encode_items
    monkeypatch.setattr(indexer, "encode_items",
                        lambda model, inputs: release.wait(60) and encode(model, inputs))
    return release


def test_the_timeline_lists_a_dropped_folder_before_it_is_encoded(  # type: ignore[no-untyped-def]
        qtbot, app_window: Window, tmp_path: Path, held: threading.Event) -> None:
    window, controller = app_window
    release = held
    colour_folder(tmp_path / "photos")
    count = sum(PALETTE.values())
    try:
        drop_urls(window, [tmp_path / "photos"])
        qtbot.waitUntil(lambda: controller.model.mode == BROWSE
                        and controller.model.shown == count, timeout=20000)
        qtbot.waitUntil(lambda: [(p, n) for p, _, n in sidebar_folders(window)] ==
                        [(str(tmp_path / "photos"), str(count))], timeout=10000)
        assert not release.is_set()   # listed while the encoder still waits
        search(qtbot, window, controller, "red")   # answers over what is encoded: nothing
        assert f"{count} photos not searched yet" in window.status.results.text()
        window.search.clear()
    finally:
        release.set()
    qtbot.waitUntil(lambda: controller.session.running() is None, timeout=60000)
    search(qtbot, window, controller, "red")
    assert shown_colours(controller)[:4] == ["red"] * 4


def test_the_folder_shown_is_encoded_first(  # type: ignore[no-untyped-def]
        qtbot, app_window: Window, tmp_path: Path, held: threading.Event) -> None:
    window, controller = app_window
    release = held
    colour_folder(tmp_path / "photos")
    chosen = str(tmp_path / "photos" / "set1")
    try:
        drop_urls(window, [tmp_path / "photos"])
        def indexing() -> Job[Any] | None:
            job = controller.session.running()
            return job if job is not None and job.kind.adds_photos else None

        qtbot.waitUntil(lambda: indexing() is not None, timeout=10000)
        job = indexing()
        assert job is not None and job.token.preferred == ()
        controller.grid.set_scope([chosen])   # a click on set1 in the sidebar
        assert job.token.preferred == (chosen,)
    finally:
        release.set()
    qtbot.waitUntil(lambda: controller.session.running() is None, timeout=60000)
