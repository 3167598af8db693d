"""Without a model, folders are tracked on the shelf and nothing watches them: no watch job
can fail with "no library is open" (a red error that outlived the model's install). Watching
starts when a model opens, and an error its opening makes moot goes then."""

from __future__ import annotations

from pathlib import Path

from clipview.core.watch.events import ChangeBatch
from clipview.gui import library_jobs as jobs
from clipview.gui.controller import Controller
from clipview.gui.jobs import JobKind
from clipview.gui.main_window import MainWindow
from tests.gui.test_folders_before_a_model import _private, no_model, photos, waiting
from tests.gui.test_model_arrives import install

__all__ = ["_private", "no_model", "photos"]   # fixtures

Window = tuple[MainWindow, Controller]


def test_nothing_is_watched_before_a_model_and_watching_starts_when_one_opens(  # type: ignore[no-untyped-def]
        qtbot, no_model: Window, tmp_path: Path, photos: Path) -> None:
    window, controller = no_model
    controller.add_folders([str(photos)])
    qtbot.waitUntil(lambda: waiting(window, photos), timeout=10000)
    assert controller.watcher.watcher is None and window.status.watching.text() == ""
    controller.watcher.batchReady.emit(ChangeBatch(frozenset({str(photos)})))  # direct here
    assert [job.kind for job in controller.session.jobs()] == []
    assert "no library is open" not in window.status.message.text()
    with qtbot.waitSignals([controller.libraryReady, controller.indexingFinished],
                           timeout=60000):
        install(tmp_path / "home", tmp_path)
    qtbot.waitUntil(lambda: controller.watcher.watcher is not None, timeout=10000)
    assert window.status.watching.text() == "watching 1 folder"


def test_an_error_that_a_model_opening_makes_moot_goes(  # type: ignore[no-untyped-def]
        qtbot, no_model: Window, tmp_path: Path, photos: Path) -> None:
    window, controller = no_model
    with qtbot.waitSignal(controller.jobDone, timeout=20000,
                          check_params_cb=lambda job: job.kind is JobKind.INDEX):
        controller.session.submit_steps(JobKind.INDEX, jobs.index)   # ran while no model was open
    assert "no library is open" in window.status.message.text()
    with qtbot.waitSignal(controller.libraryReady, timeout=60000):
        install(tmp_path / "home", tmp_path)
    assert "no library is open" not in window.status.message.text()
