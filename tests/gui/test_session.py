"""The library session: every write a queued job, every failure reported, nothing stuck."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from clipview.core.library.library import Library
from clipview.core.progress import Progress
from clipview.gui.controller import Controller
from clipview.gui.jobs import Job, JobKind
from clipview.gui.main_window import MainWindow
from tests.gui.test_app import drop_urls, index_folder, search, shown_colours, sidebar_folders
from tests.helpers.library_data import PALETTE, colour_folder

Window = tuple[MainWindow, Controller]


LIBRARY_JOBS = (JobKind.OPEN, JobKind.ADD_FOLDER, JobKind.FORGET, JobKind.INDEX)
REOPENED = [JobKind.INDEX, JobKind.OPEN, JobKind.INDEX]   # a run, the reopening, a run


def _record(controller: Controller) -> list[Job]:
    """The library's own jobs as they finish (model-state checks and watcher batches left
    out: they come and go with timing)."""
    done: list[Job] = []
    controller.jobDone.connect(lambda job: done.append(job) if job.kind in LIBRARY_JOBS
                               else None)
    return done


def test_a_database_error_in_indexing_leaves_the_gui_idle_with_the_error_shown(  # type: ignore[no-untyped-def]
        qtbot, app_window: Window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window, controller = app_window
    colour_folder(tmp_path / "photos")

    def broken_index(self: Library, token: object = None, batch_size: int = 32
                     ) -> Iterator[Progress]:
        yield Progress("scanning", 0, 0)
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(Library, "index", broken_index)
    with qtbot.waitSignal(controller.indexingFinished, timeout=20000):
        drop_urls(window, [tmp_path / "photos"])
    # the run queued when the library opened may fail first: wait for the queue to drain
    qtbot.waitUntil(lambda: not [job for job in controller.session.jobs()
                                 if job.kind in LIBRARY_JOBS], timeout=10000)
    qtbot.waitUntil(lambda: len(sidebar_folders(window)) == 1, timeout=10000)
    assert "database is locked" in window.status.message.text()
    assert window.status.details.isVisibleTo(window)
    assert not window.status.cancel.isVisibleTo(window)   # idle, not "indexing" forever
    assert "indexing" not in sidebar_folders(window)[0][1]
    assert [job for job in controller.session.jobs() if job.kind in LIBRARY_JOBS] == []


def test_a_failing_search_is_reported_and_the_next_one_works(  # type: ignore[no-untyped-def]
        qtbot, app_window: Window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window, controller = app_window
    colour_folder(tmp_path / "photos")
    index_folder(qtbot, window, controller, tmp_path / "photos")
    real_search = Library.search

    def flaky(self: Library, query: str, *args: object, **kwargs: object) -> object:
        if query == "boom":
            raise RuntimeError("inference blew up")
        return real_search(self, query, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Library, "search", flaky)
    window.search.run("boom")   # (session.failed is emitted on the read lane's thread)
    qtbot.waitUntil(lambda: "inference blew up" in window.status.message.text(), timeout=5000)
    assert window.status.message.text() == \
        "The search failed: inference blew up (details in the log)"   # no exception name
    assert window.status.details.isVisibleTo(window)   # unexpected: the log has it
    search(qtbot, window, controller, "red")
    assert shown_colours(controller)[:4] == ["red"] * 4
    assert window.status.message.text() == ""   # the search works again: its error goes


def test_switching_device_during_indexing_runs_after_it(  # type: ignore[no-untyped-def]
        qtbot, app_window: Window, tmp_path: Path) -> None:
    window, controller = app_window
    colour_folder(tmp_path / "photos", {c: 12 for c in PALETTE})
    done = _record(controller)
    window.status.pause.setChecked(True)  # hold the run so the switch lands during it
    with qtbot.waitSignal(controller.progressShown, timeout=20000,
                          check_params_cb=lambda p: p.phase == "paused"):
        drop_urls(window, [tmp_path / "photos"])
    window.device_actions["auto"].trigger()   # reopen with another device, mid-run
    kinds = [job.kind for job in controller.session.jobs() if job.kind in LIBRARY_JOBS]
    assert kinds == [JobKind.INDEX, JobKind.OPEN]
    with qtbot.waitSignal(controller.libraryReady, timeout=60000):
        window.status.pause.setChecked(False)
    qtbot.waitUntil(lambda: [j.kind for j in done][-3:] == REOPENED,
                    timeout=60000)
    assert all(job.error is None for job in done)
    first_run = next(j for j in done if j.kind is JobKind.INDEX and j.result is not None)
    assert first_run.result.indexed == 12 * len(PALETTE)   # the run returns its summary
    assert not first_run.result.cancelled
    search(qtbot, window, controller, "green")
    assert shown_colours(controller)[:12] == ["green"] * 12


def test_switching_model_during_indexing_runs_after_it(  # type: ignore[no-untyped-def]
        qtbot, app_window: Window, tmp_path: Path, colour_bundle: Path) -> None:
    import shutil

    window, controller = app_window
    colour_folder(tmp_path / "photos", {c: 12 for c in PALETTE})
    other = tmp_path / "other-bundle"
    shutil.copytree(colour_bundle, other)
    done = _record(controller)
    window.status.pause.setChecked(True)
    with qtbot.waitSignal(controller.progressShown, timeout=20000,
                          check_params_cb=lambda p: p.phase == "paused"):
        drop_urls(window, [tmp_path / "photos"])
    controller.use_bundle(str(other))
    assert [job.kind for job in controller.session.jobs()
            if job.kind in LIBRARY_JOBS] == [JobKind.INDEX, JobKind.OPEN]
    window.status.pause.setChecked(False)
    qtbot.waitUntil(lambda: [j.kind for j in done][-3:] == REOPENED,
                    timeout=60000)
    assert all(job.error is None for job in done)
    search(qtbot, window, controller, "blue")
    assert shown_colours(controller)[:12] == ["blue"] * 12


def test_jobs_queued_in_quick_succession_run_in_order(  # type: ignore[no-untyped-def]
        qtbot, app_window: Window, tmp_path: Path) -> None:
    window, controller = app_window
    keep = colour_folder(tmp_path / "keep")
    colour_folder(tmp_path / "drop")
    done = _record(controller)
    answers: list[object] = []
    controller.session.answered.connect(answers.append)
    controller.removal.ask = False   # the confirmation is tested in test_browse
    # all from the GUI thread, without waiting in between
    controller.add_folders([str(tmp_path / "keep"), str(tmp_path / "drop")])
    controller.forget_folder(str(tmp_path / "drop"))
    controller.grid.add_reference(str(keep["red"][0]), 1, replace_all=True)   # Find similar
    window.device_actions["auto"].trigger()
    expected = [JobKind.ADD_FOLDER, JobKind.ADD_FOLDER, JobKind.INDEX, JobKind.FORGET,
                JobKind.INDEX, JobKind.OPEN, JobKind.INDEX]
    qtbot.waitUntil(lambda: len(done) >= len(expected), timeout=90000)
    assert [job.kind for job in done] == expected
    assert [job.error for job in done] == [None] * len(expected)
    assert answers, "Find similar was answered while the jobs ran"
    qtbot.waitUntil(lambda: [f[0] for f in sidebar_folders(window)]
                    == [str(tmp_path / "keep")], timeout=10000)
    search(qtbot, window, controller, "yellow")
    paths = [r.path for r in controller.model.results()]
    assert len(paths) == sum(PALETTE.values())
    assert all(p.startswith(str(tmp_path / "keep")) for p in paths)


def test_shutdown_during_indexing_stops_cleanly(  # type: ignore[no-untyped-def]
        qtbot, app_window: Window, tmp_path: Path) -> None:
    window, controller = app_window
    colour_folder(tmp_path / "photos", {c: 40 for c in PALETTE})
    with qtbot.waitSignal(controller.progressShown, timeout=20000,
                          check_params_cb=lambda p: p.phase == "encoding"):
        drop_urls(window, [tmp_path / "photos"])
    controller.shutdown()
    assert all(not thread.isRunning() for thread in controller.session.threads)
    assert controller.session.library() is None
    controller.shutdown()  # a second call is harmless
