"""Guards against the PySide6 release whose Signal.emit() corrupts the count of True."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    number = Signal(int)


def test_emitting_from_python_keeps_reference_counts(qapp) -> None:  # type: ignore[no-untyped-def]
    emitter = _Emitter()
    received: list[int] = []
    emitter.number.connect(received.append)
    before = sys.getrefcount(True)
    for value in range(500):
        emitter.number.emit(value)
    assert len(received) == 500
    assert sys.getrefcount(True) >= before - 5, "this PySide6 leaks a reference to True per emit"
