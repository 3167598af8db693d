"""Jobs are typed: a JobKind says in one place how each kind is named, whether it is long and
what its failure says; the code that starts a job hears its own result (its continuation, on
the GUI thread), not a broadcast of every job that it filters by kind."""

from __future__ import annotations

import threading
from collections.abc import Generator, Iterator
from typing import Any

import pytest

from clipview.core.progress import CancelToken
from clipview.gui.errors import describe_failure
from clipview.gui.jobs import Job, JobKind
from clipview.gui.session import LibrarySession


@pytest.fixture
def session(qtbot: Any) -> Iterator[LibrarySession]:   # qtbot: a QApplication
    started = LibrarySession()
    started.start()
    yield started
    started.shutdown()


def test_every_kind_of_job_says_what_failed() -> None:
    labels = [kind.label for kind in JobKind]
    assert len(set(labels)) == len(labels)
    for kind in JobKind:
        said = describe_failure(RuntimeError("boom"), kind.what)
        assert said == f"{kind.what} failed: boom (details in the log)"
        assert kind.what[0].isupper() and kind.what != kind.label.capitalize()
    assert [kind for kind in JobKind if kind.long] == [JobKind.INDEX, JobKind.LIST,
                                                         JobKind.WATCH, JobKind.BUILD]
    assert [kind for kind in JobKind if kind.adds_photos] == [JobKind.INDEX, JobKind.LIST,
                                                                JobKind.WATCH]


def test_a_job_hears_its_typed_result_on_the_gui_thread(  # type: ignore[no-untyped-def]
        qtbot, session: LibrarySession) -> None:
    heard: list[tuple[str, object, bool]] = []
    gui = threading.current_thread()

    def note(what: str, value: object) -> None:
        heard.append((what, value, threading.current_thread() is gui))

    def steps(_library: object, _token: CancelToken) -> Generator[int, None, str]:
        yield 1
        yield 2
        return "two steps"

    with qtbot.waitSignal(session.continuations.done, timeout=10000):
        job = session.submit_steps(JobKind.INT8, steps, yielded=lambda v: note("yielded", v),
                                   returned=lambda r: note("returned", r),
                                   finished=lambda j: note("finished", j.result))
    assert heard == [("yielded", 1, True), ("yielded", 2, True),
                     ("returned", "two steps", True), ("finished", "two steps", True)]
    assert job.done and job.error is None


def test_a_failed_or_cancelled_job_only_says_it_finished(  # type: ignore[no-untyped-def]
        qtbot, session: LibrarySession) -> None:
    returned: list[object] = []
    finished: list[Job[int]] = []
    release = threading.Event()

    def broken(_library: object, _token: CancelToken) -> int:
        release.wait(10)   # the next job is cancelled while this one runs
        raise RuntimeError("boom")

    session.submit(JobKind.SWITCH, broken, returned=returned.append, finished=finished.append)
    cancelled = session.submit(JobKind.TRASH, lambda _library, _token: 3,
                               returned=returned.append, finished=finished.append)
    cancelled.token.cancel()   # before it started
    release.set()
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=10000)
    assert returned == []
    assert finished[0].error == "Switching models failed: boom (details in the log)"
    assert finished[1] is cancelled and cancelled.error is None and not cancelled.done


def test_a_continuation_that_raises_still_ends_the_job(  # type: ignore[no-untyped-def]
        qtbot, session: LibrarySession) -> None:
    finished: list[Job[int]] = []

    def raising(_result: int) -> None:
        raise ValueError("a bug in a continuation")

    with qtbot.captureExceptions() as raised, \
            qtbot.waitSignal(session.continuations.done, timeout=10000):
        session.submit(JobKind.ADD_FOLDER, lambda _library, _token: 1,
                       returned=raising, finished=finished.append)
    assert [str(exc) for _type, exc, _tb in raised] == ["a bug in a continuation"]
    assert [job.result for job in finished] == [1]


def test_the_model_lane_runs_beside_a_busy_write_lane(  # type: ignore[no-untyped-def]
        qtbot, session: LibrarySession) -> None:
    release = threading.Event()

    def hold(_library: object, _token: CancelToken) -> Generator[int, None, None]:
        yield 0
        release.wait(30)

    def quick(_library: object, _token: CancelToken) -> Generator[int, None, str]:
        yield 1
        return "made"

    held = session.submit_steps(JobKind.INDEX, hold)
    try:
        with qtbot.waitSignal(session.model_continuations.done, timeout=10000):
            made = session.submit_model_job(JobKind.INT8, quick)
        assert made.done and made.result == "made" and not held.done
        assert session.model_jobs() == []
    finally:
        release.set()
    qtbot.waitUntil(lambda: held.done, timeout=10000)
