"""Starting the app: settings, the first-run model choice, threads, the main window."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from platformdirs import user_cache_dir
from PySide6.QtCore import QByteArray, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from clipview.core.bundle import load_bundle
from clipview.core.errors import BundleError, ClipviewError
from clipview.core.model_store import ModelStore
from clipview.core.paths import default_home
from clipview.core.settings import Settings, load_settings
from clipview.gui.app_identity import apply_identity
from clipview.gui.controller import Controller, Options
from clipview.gui.main_window import MainWindow
from clipview.gui.open_with import classify_args, connect_open_request
from clipview.gui.session import LibrarySession
from clipview.gui.theme import apply_theme
from clipview.gui.thumbnails import ThumbnailLoader


def settings() -> QSettings:
    return QSettings("clipview", "clipview")


def resolve(args: argparse.Namespace, stored: QSettings) -> Options:
    """Home, model and device: the command line, then $CLIPVIEW_MODEL, then the library's
    settings shared with the CLI (``clipview models use``), then the app's own old setting."""
    home = Path(args.home or default_home()).expanduser()
    library = _library_settings(home)
    model = args.model or os.environ.get("CLIPVIEW_MODEL") or None
    if model is not None:
        model = _bundle_for(home, str(model))
    else:
        model = _remembered_model(home) or (str(stored.value("model") or "") or None)
    given = getattr(args, "device", None)
    device = given if given not in (None, "auto") else \
        (library.device or str(stored.value("device", "auto")))
    return Options(home, model, device, args.query)


def _library_settings(home: Path) -> Settings:
    try:
        return load_settings(home)
    except ClipviewError:
        return Settings()


def _bundle_for(home: Path, value: str) -> str:
    """An installed model's name or a bundle folder → the folder."""
    try:
        return str(ModelStore(home).resolve(value))
    except ClipviewError:
        return value   # bundle_problem() explains it


def _remembered_model(home: Path) -> str | None:
    try:
        return str(ModelStore(home).resolve(None))
    except ClipviewError:
        return None


def bundle_problem(path: str | None) -> str | None:
    """Why ``path`` cannot be used as a model bundle (None when it can)."""
    if not path:
        return "No model bundle is set up yet."
    try:
        load_bundle(path)
    except BundleError as exc:
        return str(exc)
    return None


def build(options: Options, store: QSettings) -> tuple[MainWindow, Controller]:
    """Create the window, threads and controller (without running the event loop)."""
    thumbs = ThumbnailLoader(Path(user_cache_dir("clipview", appauthor=False)) / "thumbs")
    window = MainWindow(thumbs, int(str(store.value("thumb_size", 160))))
    geometry = store.value("geometry")
    if isinstance(geometry, QByteArray):
        window.restoreGeometry(geometry)
    window.labels_action.setChecked(str(store.value("show_labels", "false")) == "true")
    session = LibrarySession()
    session.start()
    controller = Controller(window, session, thumbs, store, options)
    controller.choose_model = lambda: _pick_bundle(window, controller)
    window.search.set_history([str(h) for h in (store.value("history") or [])])
    window.device_actions.get(options.device, window.device_actions["auto"]).setChecked(True)
    return window, controller


def start(window: MainWindow, controller: Controller, options: Options,
          store: QSettings) -> None:
    """Open the library (or explain what is missing), then run --query if given."""
    problem = bundle_problem(options.model)
    if problem is not None:
        window.search.setEnabled(False)
        window.show_empty(f"{problem}\nDownload a model (File ▸ Models…) or use a model "
                          "folder (File ▸ Use a model folder…) to search your photos.")
        return
    controller.use_bundle(str(options.model))
    if options.query and os.path.isfile(os.path.expanduser(options.query)):
        controller.grid.add_reference(os.path.expanduser(options.query), 1, replace_all=True)
    elif options.query:
        window.search.run(options.query)


def launch(args: argparse.Namespace) -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("clipview")   # also the X11 WM_CLASS: StartupWMClass=clipview
    apply_identity(app)                  # window icon, desktop file name (Wayland app id)
    store = settings()
    apply_theme(app, str(store.value("theme", "system")))
    options = resolve(args, store)
    request = classify_args(getattr(args, "open_paths", None) or [])
    options.query = options.query or request.query   # a photo: search for photos like it
    window, controller = build(options, store)
    connect_open_request(request, window, controller.libraryReady, controller.add_folders,
                         window.status.show_message)   # a folder: "Index this folder?"
    app.aboutToQuit.connect(controller.shutdown)  # saves the settings, stops the workers
    window.show()
    start(window, controller, options, store)   # opens, or explains what is missing
    if bundle_problem(options.model) is not None:
        QTimer.singleShot(0, controller.models.show_first_run)   # non-modal: browsing goes on
    return int(app.exec())


def _pick_bundle(window: MainWindow, controller: Controller) -> None:
    folder = QFileDialog.getExistingDirectory(window, "Use a model folder")
    if folder:
        _use_if_valid(window, controller, folder)


def _use_if_valid(window: MainWindow, controller: Controller, folder: str) -> None:
    problem = bundle_problem(folder)
    if problem:
        QMessageBox.warning(window, "Not a model bundle", problem)
        return
    controller.use_bundle(folder)
