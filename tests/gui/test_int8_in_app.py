"""The int8 copy in the app (issue 17, item 6; issue 20): the library opens and searches in
fp32 at once, a model-lane job makes the copy (its progress in the status bar) while a folder
added meanwhile is listed at once (browsable, not encoded in fp32), and the library is
reopened with the copy before the folders are encoded."""

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


def test_a_folder_is_listed_while_the_int8_copy_is_made_then_encoded_with_it(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, tokenizer_dir: Path, store: QSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(precision, "int8_root", lambda: tmp_path / "int8")
    monkeypatch.setattr(precision, "MIN_MODEL_BYTES", 0)
    release, quantise = threading.Event(), quantize.quantise
    monkeypatch.setattr(quantize, "quantise",
                        lambda source, target, cancelled=None: release.wait(30) and
                        quantise(source, target, cancelled))
    home = tmp_path / "home"
    bundle = build_colour_bundle(home / "models" / "colour", name="colour")
    window, controller = open_window(qtbot, Options(home, str(bundle), "cpu"), store)
    assert controller.model_info is not None and not controller.model_info.key.endswith("-int8")
    qtbot.waitUntil(lambda: "int8 copy of colour: quantising" in window.status.message.text(),
                    timeout=10000)
    made = colour_folder(tmp_path / "photos")
    photos = sum(len(paths) for paths in made.values())
    controller.add_folders([str(tmp_path / "photos")])   # not behind the int8 job
    qtbot.waitUntil(lambda: len(controller.model.results()) == photos, timeout=20000)
    qtbot.waitUntil(lambda: not controller.session.jobs(), timeout=20000)
    assert f"{photos} photos listed: they are encoded once the int8 copy" in \
        window.status.indexing.text()
    assert [j.kind for j in controller.session.model_jobs()] == [JobKind.INT8]
    search(qtbot, window, controller, "red")   # the read lane answers meanwhile (fp32)
    assert f"{photos} photos not searched yet" in window.status.results.text()
    with qtbot.waitSignal(controller.indexingFinished, timeout=60000):   # then indexed
        with qtbot.waitSignal(controller.libraryReady, timeout=60000):   # reopened with int8
            release.set()
        assert controller.model_info is not None
        assert controller.model_info.key.endswith("-int8")
        assert "int8 copy of colour is ready" in window.status.message.text()
    search(qtbot, window, controller, "blue")
    assert shown_colours(controller)[:4] == ["blue"] * 4
    assert not controller.session.model_jobs()
    controller.shutdown()


def test_a_refused_int8_copy_indexes_with_fp32(  # type: ignore[no-untyped-def]
        qtbot, tmp_path: Path, tokenizer_dir: Path, store: QSettings,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(precision, "int8_root", lambda: tmp_path / "int8")
    monkeypatch.setattr(precision, "MIN_MODEL_BYTES", 0)
    monkeypatch.setattr(quantize, "MIN_COSINE", 1.01)   # no copy can pass the check
    home = tmp_path / "home"
    bundle = build_colour_bundle(home / "models" / "colour", name="colour")
    colour_folder(tmp_path / "photos")
    window, controller = open_window(qtbot, Options(home, str(bundle), "cpu"), store)
    with qtbot.waitSignal(controller.indexingFinished, timeout=60000):
        controller.add_folders([str(tmp_path / "photos")])
    assert controller.model_info is not None and not controller.model_info.key.endswith("-int8")
    search(qtbot, window, controller, "blue")
    assert shown_colours(controller)[:4] == ["blue"] * 4
    controller.shutdown()
