"""A network share that stopped answering, without FUSE: the watcher's stat of one root
(``watch._identity``) hangs until the test lets it go."""

from __future__ import annotations

import threading

import pytest

from clipview.core.watch import watch


def hang_stat_of(monkeypatch: pytest.MonkeyPatch, share: str, seconds: float = 30
                 ) -> tuple[threading.Event, threading.Event]:
    """(hanging: set when a stat of ``share`` began, release: set it to let it go on;
    it goes on by itself after ``seconds``)."""
    hanging, release = threading.Event(), threading.Event()
    real = watch._identity

    def identity(path: str) -> tuple[int, int] | None:
        if path == share:
            hanging.set()
            release.wait(seconds)
        return real(path)

    monkeypatch.setattr(watch, "_identity", identity)
    return hanging, release
