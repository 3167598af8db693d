"""Starting the app: settings, the first-run model choice, threads, the main window."""

from __future__ import annotations

import argparse
import logging
import os
import stat
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from clipview.core.errors import BundleError, ClipviewError
from clipview.core.models.bundle import load_bundle
from clipview.core.models.choice import choose_model
from clipview.core.models.store import ModelStore
from clipview.core.paths import cache_dir, default_home
from clipview.core.private_files import FILE_MODE, create_private_file, private_dir
from clipview.gui import notify, trace
from clipview.gui.app_identity import apply_identity
from clipview.gui.controller import Controller, Options
from clipview.gui.main_window import MainWindow
from clipview.gui.open_with import OpenRequest, classify_args, connect_open_request
from clipview.gui.session import LibrarySession
from clipview.gui.single_instance import Claim, Handover, HandoverServer
from clipview.gui.theme import apply_theme
from clipview.gui.thumbnails import ThumbnailLoader
from clipview.gui.translation import install_translators

logger = logging.getLogger(__name__)


def settings() -> QSettings:
    """The app's own settings (window, thumbnail size, search history), in the user's config
    folder (``~/.config/clipview/clipview.conf``), private: made 0600 before Qt writes it
    (Qt keeps the mode of the file it rewrites)."""
    store = QSettings("clipview", "clipview")
    keep_private(store)
    return store


def keep_private(store: QSettings) -> None:
    """Create ``store``'s file 0600 (a new folder 0700; one that exists stays as it is), or
    make the file 0600 again; a folder that cannot be written is logged only."""
    path = Path(store.fileName())
    try:
        if not path.parent.exists():
            private_dir(path.parent)
        if not path.exists():
            create_private_file(path)
        elif stat.S_IMODE(path.stat().st_mode) != FILE_MODE:
            os.chmod(path, FILE_MODE)
    except OSError as exc:
        logger.warning("cannot make %s private: %s", path, exc)


def resolve(args: argparse.Namespace) -> Options:
    """Home, model and device as the command line would choose them (``model_choice``:
    --model, $CLIPVIEW_MODEL, then the library's own settings.json); a problem with them
    (no model yet, a damaged settings.json) is kept to be shown, and no model is used."""
    home = Path(args.home or default_home()).expanduser()
    try:
        choice = choose_model(home, args.model, getattr(args, "device", None))
    except ClipviewError as exc:
        return Options(home, None, "auto", args.query, problem=str(exc))
    model = str(choice.bundle) if choice.bundle is not None else None
    problem = choice.problem if choice.named else in_app_words(home, choice.problem)
    return Options(home, model, choice.device, args.query, problem=problem)


def in_app_words(home: Path, problem: str | None) -> str | None:
    """Why no model is used, said with the app's menus (the command line's words name its
    commands and options): none installed, or several and none chosen."""
    store = ModelStore(home)
    if problem is None or store.chosen():
        return problem
    names = store.names()
    if not names:
        return "No model is installed yet."
    if len(names) > 1:
        return f"Several models are installed ({', '.join(names)}): choose one in File ▸ Models…"
    return problem


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
    thumbs = ThumbnailLoader(cache_dir() / "thumbs")  # without a home: in the library
    window = MainWindow(thumbs, int(str(store.value("thumb_size", 160))))
    geometry = store.value("geometry")
    if isinstance(geometry, QByteArray):
        window.restore_geometry(geometry)   # kept on the screen as it is now
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
        controller.open_shelf()   # folders can be added and wait for a model
        problem = options.problem or problem
        window.search.setEnabled(False)
        window.show_empty(f"{problem}\nDownload a model (File ▸ Models…) or use a model "
                          "folder (File ▸ Use a model folder…) to search your photos.")
        return
    controller.use_bundle(str(options.model))
    run_query(window, controller, options.query)


def run_query(window: MainWindow, controller: Controller, query: str | None) -> None:
    """Search for ``query``: a photo's path finds photos like it."""
    if query and os.path.isfile(os.path.expanduser(query)):
        controller.grid.add_reference(os.path.expanduser(query), 1, replace_all=True)
    elif query:
        window.search.run(query)


def launch(args: argparse.Namespace, claim: Claim | None = None) -> int:
    """Run the app; with ``claim`` (app.py: no app was running on this library), it
    listens for later launches, which hand their paths over instead of starting."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("clipview")   # also the X11 WM_CLASS: StartupWMClass=clipview
    apply_identity(app)                  # window icon, desktop file name (Wayland app id)
    install_translators(app)             # clipview_<lang>.qm and Qt's qtbase_<lang>.qm
    server = serve(claim, app)
    store = settings()
    apply_theme(app, str(store.value("theme", "system")))
    options = resolve(args)
    request = classify_args(getattr(args, "open_paths", None) or [])
    options.query = options.query or request.query   # a photo: search for photos like it
    window, controller = build(options, store)
    open_request(request, window, controller)   # a folder: "Index this folder?"
    follow_launches(server, window, controller)
    notify.attach(window, controller)   # a long job's end while the window is not seen
    timing = trace.attach(window, controller)   # CLIPVIEW_TRACE: the benchmark's marks
    if timing is not None:
        app.aboutToQuit.connect(lambda: timing.mark("quitting"))
    app.aboutToQuit.connect(controller.shutdown)  # saves the settings, stops the workers
    if timing is not None:
        app.aboutToQuit.connect(timing.stop)   # after the workers stopped
    app.aboutToQuit.connect(lambda: keep_private(store))   # after its last sync
    window.show()
    start(window, controller, options, store)   # opens, or explains what is missing
    if bundle_problem(options.model) is not None:
        QTimer.singleShot(0, controller.models.show_first_run)   # non-modal: browsing goes on
    return int(app.exec())


def serve(claim: Claim | None, app: QApplication) -> HandoverServer | None:
    """Listen on the claimed name (its lock released once listening), until the app quits."""
    if claim is None:
        return None
    server = HandoverServer(claim.name, app)
    if not server.listen(claim.lock):
        return None
    app.aboutToQuit.connect(server.close)
    return server


def follow_launches(server: HandoverServer | None, window: MainWindow,
                    controller: Controller) -> None:
    """What later launches hand over reaches the window."""
    if server is not None:
        server.received.connect(lambda handover: hand_over(handover, window, controller))


def hand_over(handover: Handover, window: MainWindow, controller: Controller) -> None:
    """Paths from a later launch, taken as if given to this app at launch; the window comes
    to the front."""
    request = classify_args(list(handover.paths))
    open_request(request, window, controller)   # a folder: "Index this folder?"
    if request.folders:
        controller.session.refresh_folders()   # asks once they are listed (again)
    if window.search.isEnabled():   # no model: the window says so already
        run_query(window, controller, handover.query or request.query)
    bring_forward(window, handover.activation_token)


def bring_forward(window: MainWindow, activation_token: str = "") -> None:
    """Show the window, unminimised, raised and active (on Wayland with the later launch's
    activation token, which Qt takes from the environment)."""
    if activation_token:
        os.environ["XDG_ACTIVATION_TOKEN"] = activation_token
    if window.isMinimized():
        window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMinimized)
    window.show()
    window.raise_()
    window.activateWindow()


def open_request(request: OpenRequest, window: MainWindow, controller: Controller) -> None:
    """Paths given to the app: a folder is offered once the library's folders are known,
    also before any model (it is tracked at once and indexed when a model is ready)."""
    connect_open_request(request, window, controller.foldersShown, controller.add_folders,
                         window.status.show_message)


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
