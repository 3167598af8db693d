"""The first-run and Models dialogs against a hub on 127.0.0.1 serving a synthetic bundle."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from huggingface_hub import constants
from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel, QMainWindow, QMessageBox
from pytestqt.qtbot import QtBot

from clipview.core.models import catalogue as model_catalogue
from clipview.core.models import hub as hub_module
from clipview.core.models.install import InstallProgress
from clipview.core.models.store import ModelStore
from clipview.gui.first_run import FirstRunDialog, partial_bytes
from clipview.gui.models_dialog import ModelsDialog
from tests.helpers import hub_server
from tests.helpers.hub_server import HubServer

CPU = model_catalogue.recommended("cpu")
GPU = model_catalogue.recommended("gpu")


@pytest.fixture()
def hub(colour_bundle: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    with HubServer() as server:
        server.state.add_folder(CPU.repo, colour_bundle)   # immich-app/<catalogue name>
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
        yield server


@pytest.fixture()
def models(tmp_path: Path) -> ModelStore:
    return ModelStore(tmp_path / "home")


@pytest.fixture()
def window(qtbot: QtBot) -> QMainWindow:
    main = QMainWindow()
    qtbot.addWidget(main)
    main.show()
    return main


@pytest.fixture()
def first_run(qtbot: QtBot, models: ModelStore,
              window: QMainWindow) -> Iterator[FirstRunDialog]:
    dialog = FirstRunDialog(models, window, gpu=False)
    dialog.show()
    yield dialog
    dialog.shutdown()


@pytest.fixture()
def models_dialog(models: ModelStore, colour_bundle: Path,
                  window: QMainWindow) -> Iterator[ModelsDialog]:
    list(models.install(str(colour_bundle)))                # "colour"
    list(models.install(str(colour_bundle), name="other"))
    models.use("colour")
    dialog = ModelsDialog(models, window)
    dialog.show()
    yield dialog
    dialog.shutdown()


def _texts(dialog: FirstRunDialog) -> str:
    return "\n".join(label.text() for label in dialog.findChildren(QLabel)
                     if label.isVisible()) + "\n" + "\n".join(
        button.text() for button in dialog.group.buttons() if button.isVisible())


def test_first_run_recommends_the_default_with_size_languages_and_strengths(
        first_run: FirstRunDialog) -> None:
    text = _texts(first_run)
    assert f"Recommended: {CPU.name}" in text and "about 604 MB download" in text
    assert "English" in text and "Finds more than OpenAI's ViT-B/32 (recall 68.8" in text
    assert GPU.name not in text                     # no CUDA: no GPU recommendation
    assert not first_run.progress.isVisible() and not first_run.cancel_button.isVisible()
    assert not first_run.isModal()


def test_first_run_mentions_the_gpu_model_when_cuda_is_usable(
        qtbot: QtBot, models: ModelStore, window: QMainWindow) -> None:
    dialog = FirstRunDialog(models, window, gpu=True)
    dialog.show()
    text = _texts(dialog)
    assert f"For your NVIDIA GPU: {GPU.name}" in text and "many other languages" in text
    dialog.group.button(1).click()
    assert dialog.chosen == GPU and dialog.chosen != CPU
    with qtbot.assertNotEmitted(dialog.modelReady):
        dialog.later_button.click()
    assert not dialog.isVisible() and models.names() == []
    dialog.shutdown()


def test_first_run_downloads_while_the_window_keeps_running(
        qtbot: QtBot, hub: HubServer, models: ModelStore, first_run: FirstRunDialog,
        window: QMainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    ticks: list[int] = []
    heartbeat = QTimer(window)
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(lambda: ticks.append(1))
    heartbeat.start()
    seen: list[tuple[InstallProgress, str, int]] = []
    on_gui_thread: set[bool] = set()

    def record(step: InstallProgress) -> None:   # connected after the dialog: sees its update
        seen.append((step, first_run.status.text(), first_run.progress.value()))
        on_gui_thread.add(QThread.currentThread() == window.thread())

    first_run.downloads.progressed.connect(record)
    release = _hold_hub(monkeypatch)   # the hub answers nothing until released
    with qtbot.waitSignal(first_run.modelReady, timeout=30000) as ready:
        first_run.download_button.click()
        assert first_run.downloads.busy and not release.is_set()   # click() did not wait
        assert first_run.cancel_button.isVisible() and first_run.progress.isVisible()
        assert not first_run.download_button.isEnabled()
        qtbot.waitUntil(lambda: len(ticks) >= 20)   # the event loop runs on meanwhile
        assert first_run.downloads.busy
        release.set()
    assert ready.args == [CPU.name]
    assert models.names() == [CPU.name] and models.chosen() == CPU.name
    downloading = [(step, text, value) for step, text, value in seen
                   if step.phase == "downloading"]
    assert downloading and downloading[-1][0].done_bytes == downloading[-1][0].total_bytes > 0
    assert any(text.startswith("Downloading textual/model.onnx: ") for _, text, _ in downloading)
    assert [v for _, _, v in downloading] == sorted(v for _, _, v in downloading)
    assert downloading[-1][2] == 1000 and seen[-1][0].phase == "done"
    assert not first_run.isVisible() and on_gui_thread == {True}


def _hold_hub(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """Every request waits (at most 10 s) until the returned event is set."""
    release = threading.Event()
    dispatch = hub_server._Handler._dispatch

    def held_dispatch(handler: hub_server._Handler, head: bool) -> None:
        release.wait(10)
        dispatch(handler, head)

    monkeypatch.setattr(hub_server._Handler, "_dispatch", held_dispatch)
    return release


def test_cancel_installs_nothing_and_the_next_download_resumes(
        qtbot: QtBot, hub: HubServer, models: ModelStore, first_run: FirstRunDialog,
        window: QMainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    _hold_file_until_cancelled(monkeypatch, "textual/model.onnx")
    first_run.download_button.click()
    qtbot.waitUntil(lambda: "textual/model.onnx" in first_run.status.text(), timeout=20000)
    with qtbot.waitSignal(first_run.downloads.cancelled, timeout=20000):
        first_run.cancel_button.click()
    qtbot.waitUntil(lambda: not first_run.downloads.busy)
    assert models.names() == [] and models.chosen() is None
    assert partial_bytes(models, CPU.name) > 0
    assert first_run.status.text() == "Download cancelled." and first_run.isVisible()
    assert first_run.resume_note.isVisible() and "already downloaded" in \
        first_run.resume_note.text()
    assert first_run.download_button.text() == "Resume download"
    first_run.shutdown()
    next_start = FirstRunDialog(models, window, gpu=False)   # as after a restart
    next_start.show()
    assert next_start.download_button.text() == "Resume download"
    assert "already downloaded" in next_start.resume_note.text()
    with qtbot.waitSignal(next_start.modelReady, timeout=30000):
        next_start.download_button.click()
    next_start.shutdown()
    assert models.names() == [CPU.name] and models.verify(CPU.name) == []
    assert len(hub.state.gets("/config.json")) == 1   # fetched before the cancel, kept


def _hold_file_until_cancelled(monkeypatch: pytest.MonkeyPatch, held: str) -> None:
    """The hub holds the first GET of ``held`` until the download was told to stop, so the
    cancel lands in the middle of that file, after the files before it are complete."""
    stops: list[threading.Event] = []
    make_bar = hub_module._progress_class

    def recording_bar(events: object, stop: threading.Event) -> type:
        stops.append(stop)
        return make_bar(events, stop)  # type: ignore[arg-type]

    monkeypatch.setattr(hub_module, "_progress_class", recording_bar)
    resolve: Callable[..., None] = hub_server._Handler._resolve

    def held_resolve(handler: hub_server._Handler, repo_id: str, revision: str, file: str,
                     head: bool) -> None:
        if file == held and not head and len(stops) == 1:
            stops[0].wait(20)
        resolve(handler, repo_id, revision, file, head)

    monkeypatch.setattr(hub_server._Handler, "_resolve", held_resolve)


def test_use_a_model_folder_installs_validates_and_chooses_it(
        qtbot: QtBot, models: ModelStore, first_run: FirstRunDialog,
        colour_bundle: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    picked = [str(tmp_path / "not-a-bundle"), str(colour_bundle)]
    (tmp_path / "not-a-bundle").mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        staticmethod(lambda *args, **kwargs: picked.pop(0)))
    with qtbot.waitSignal(first_run.downloads.finished, timeout=20000):
        first_run.folder_button.click()
    message = first_run.error.text()
    assert first_run.error.isVisible() and "no config.json" in message and "\n" not in message
    assert models.names() == [] and first_run.folder_button.isEnabled()
    with qtbot.waitSignal(first_run.modelReady, timeout=20000) as ready:
        first_run.folder_button.click()
    assert ready.args == ["colour"] and models.chosen() == "colour"
    assert models.get("colour").manifest["source"] == "folder"


def test_failed_download_shows_one_line(
        qtbot: QtBot, hub: HubServer, models: ModelStore, first_run: FirstRunDialog,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")   # nothing listens: refused
    with qtbot.assertNotEmitted(first_run.modelReady), \
            qtbot.waitSignal(first_run.downloads.finished, timeout=30000):
        first_run.download_button.click()
    message = first_run.error.text()
    assert first_run.error.isVisible() and message.startswith(f"cannot download {CPU.repo}")
    assert "\n" not in message and "Traceback" not in message
    assert models.names() == [] and first_run.download_button.isEnabled()
    assert not first_run.progress.isVisible()


def test_models_dialog_lists_installed_models_and_the_catalogue(
        models_dialog: ModelsDialog) -> None:
    installed = models_dialog.installed
    assert installed.names() == ["colour", "other"]
    assert [item.text(4) for item in installed.items()] == ["in use", ""]
    assert [item.text(1) for item in installed.items()] == ["16", "16"]
    catalogue = models_dialog.catalogue
    assert catalogue.names() == [entry.name for entry in model_catalogue.catalogue()]
    notes = {item.text(0): item.text(6) for item in catalogue.items()}
    assert notes[CPU.name] == "★ for a CPU" and notes[GPU.name] == "★ for a GPU"
    assert "In use: <b>colour</b>" in models_dialog.state_label.text()


def test_use_emits_use_requested_and_set_state_shows_the_build(
        qtbot: QtBot, models_dialog: ModelsDialog) -> None:
    models_dialog.installed.select_name("colour")
    assert not models_dialog.use_button.isEnabled()   # already in use
    models_dialog.installed.select_name("other")
    with qtbot.waitSignal(models_dialog.useRequested) as used:
        models_dialog.use_button.click()
    assert used.args == ["other"]
    models_dialog.set_state("colour", "other", 40, 100)
    assert [item.text(4) for item in models_dialog.installed.items()] == \
        ["in use", "building vectors: 40%"]
    assert "40 of 100 photos (40%)" in models_dialog.state_label.text()
    assert models_dialog.state_bar.isVisible() and models_dialog.state_bar.value() == 40
    assert not models_dialog.use_button.isEnabled()   # being built already
    models_dialog.set_state("other", None, 0, 0)
    assert not models_dialog.state_bar.isVisible()
    assert [item.text(4) for item in models_dialog.installed.items()] == ["", "in use"]


def test_remove_asks_first_then_emits_remove_requested(
        qtbot: QtBot, models_dialog: ModelsDialog, models: ModelStore) -> None:
    models_dialog.installed.select_name("other")
    _answer_question(QMessageBox.StandardButton.No, tick=True)
    with qtbot.assertNotEmitted(models_dialog.removeRequested):
        models_dialog.remove_button.click()
    _answer_question(QMessageBox.StandardButton.Yes, tick=True)
    with qtbot.waitSignal(models_dialog.removeRequested) as removed:
        models_dialog.remove_button.click()
    assert removed.args == ["other", True]
    models_dialog.ask = lambda name, in_use: False if in_use else None
    models_dialog.installed.select_name("colour")
    with qtbot.waitSignal(models_dialog.removeRequested) as removed:
        models_dialog.remove_button.click()
    assert removed.args == ["colour", False]
    assert models.names() == ["colour", "other"]   # the controller removes, not the dialog


def _answer_question(button: QMessageBox.StandardButton, tick: bool) -> None:
    """Answer the message box that is about to open (its exec() runs the event loop)."""
    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        checkbox = box.checkBox()
        assert checkbox is not None and "vectors" in checkbox.text()
        checkbox.setChecked(tick)
        target = box.button(button)
        assert target is not None
        target.click()
    QTimer.singleShot(0, answer)


def test_verify_runs_off_the_gui_thread_and_shows_the_result(
        qtbot: QtBot, models_dialog: ModelsDialog, models: ModelStore) -> None:
    models_dialog.installed.select_name("other")
    with qtbot.waitSignal(models_dialog.checks.finished, timeout=20000):
        models_dialog.verify_button.click()
        assert not models_dialog.verify_button.isEnabled()
    assert models_dialog.message.text().startswith("other is fine")
    with (models.get("other").path / "textual" / "tokenizer_config.json").open("a") as handle:
        handle.write(" ")
    with qtbot.waitSignal(models_dialog.checks.finished, timeout=20000):
        models_dialog.verify_button.click()
    assert models_dialog.message.text() == ("other has problems: textual/tokenizer_config.json "
                                            "has changed (sha256 differs from the one recorded)")


def test_models_dialog_downloads_a_catalogue_model(
        qtbot: QtBot, hub: HubServer, models_dialog: ModelsDialog,
        models: ModelStore) -> None:
    models_dialog.catalogue.select_name(CPU.name)
    assert CPU.name in models_dialog.about.text() and "604 MB" in models_dialog.about.text()
    with qtbot.waitSignal(models_dialog.modelInstalled, timeout=30000) as done:
        models_dialog.download_button.click()
        assert models_dialog.cancel_button.isVisible()
    assert done.args == [CPU.name] and CPU.name in models.names()
    assert CPU.name in models_dialog.installed.names()
    notes = {item.text(0): item.text(6) for item in models_dialog.catalogue.items()}
    assert notes[CPU.name] == "★ for a CPU, installed"
    assert not models_dialog.download_button.isEnabled()   # installed already
    assert models.chosen() == "colour"                     # Use is the controller's call


def test_a_shared_worker_runs_one_download_and_reports_to_the_dialog_that_started_it(
        qtbot: QtBot, hub: HubServer, models_dialog: ModelsDialog, models: ModelStore,
        window: QMainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    first_run = FirstRunDialog(models, window, gpu=False, downloads=models_dialog.downloads)
    first_run.show()
    release = _hold_hub(monkeypatch)
    models_dialog.catalogue.select_name(CPU.name)
    with qtbot.waitSignal(models_dialog.modelInstalled, timeout=30000), \
            qtbot.assertNotEmitted(first_run.modelReady):
        models_dialog.download_button.click()
        first_run.download_button.click()   # the worker is busy: refused, said in one line
        assert first_run.error.text().startswith("Another model download is running")
        assert not first_run.cancel_button.isVisible()
        release.set()
    assert models.chosen() == "colour" and first_run.isVisible()
    first_run.shutdown()
