"""The int8 copy in the app (issue 17, item 6): the library opens and searches in fp32 at
once, a write-lane job makes the copy (its progress in the status bar), and the library is
reopened with it before the folders are indexed."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from clipview.core.models import precision, quantize
from clipview.gui.controller import Options
from clipview.gui.jobs import JobKind
from tests.gui.test_app import open_window, search, shown_colours
from tests.helpers.library_data import colour_folder
from tests.helpers.synthetic_bundle import build_colour_bundle


def test_search_works_while_the_int8_copy_is_made_then_it_is_used(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, tokenizer_dir: Path, store: QSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(precision, "int8_root", lambda: tmp_path / "int8")
    monkeypatch.setattr(precision, "MIN_MODEL_BYTES", 0)
    release, quantise = threading.Event(), quantize.quantise
    monkeypatch.setattr(quantize, "quantise",
                        lambda source, target: release.wait(30) and quantise(source, target))
    home = tmp_path / "home"
    bundle = build_colour_bundle(home / "models" / "colour", name="colour")
    window, controller = open_window(qtbot, Options(home, str(bundle), "cpu"), store)
    assert controller.model_info is not None and not controller.model_info.key.endswith("-int8")
    qtbot.waitUntil(lambda: "int8 copy of colour: quantising" in window.status.message.text(),
                    timeout=10000)
    colour_folder(tmp_path / "photos")
    controller.add_folders([str(tmp_path / "photos")])   # queued after the int8 job
    search(qtbot, window, controller, "red")   # the read lane answers meanwhile (fp32)
    assert any(j.kind is JobKind.INT8 for j in controller.session.jobs())
    with qtbot.waitSignal(controller.libraryReady, timeout=60000):   # reopened with int8
        release.set()
    assert controller.model_info is not None and controller.model_info.key.endswith("-int8")
    assert "int8 copy of colour is ready" in window.status.message.text()
    qtbot.waitUntil(lambda: not controller.session.jobs(), timeout=60000)   # indexed
    search(qtbot, window, controller, "blue")
    assert shown_colours(controller)[:4] == ["blue"] * 4
    assert JobKind.INT8 not in [j.kind for j in controller.session.jobs()]
    controller.shutdown()
