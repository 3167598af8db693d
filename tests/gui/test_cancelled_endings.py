"""A cancelled job's line says which job it was: an update from the watched folders is not
"Indexing cancelled"."""

from __future__ import annotations

import pytest

from clipview.gui.controller import Controller
from clipview.gui.jobs import JobKind
from clipview.gui.main_window import MainWindow


@pytest.mark.parametrize(("kind", "said"), [
    (JobKind.WATCH, "Updating from the watched folders cancelled (F5 finishes)"),
    (JobKind.INDEX, "Indexing cancelled (F5 finishes)")])
def test_a_cancelled_job_without_a_summary_says_what_was_cancelled(  # type: ignore[no-untyped-def]
        qtbot, app_window: tuple[MainWindow, Controller], kind: JobKind, said: str) -> None:
    window, controller = app_window
    with qtbot.waitSignal(controller.jobDone, timeout=20000,
                          check_params_cb=lambda job: job.kind == kind):
        job = controller.session.submit(kind, lambda _library, _token: None)
        job.token.cancel()   # Cancel, before the job reported anything
    assert window.status.indexing.text() == said
