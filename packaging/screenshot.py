"""Start the real app in a real window (run it under Xvfb) on a generated demo library and save
the README/metainfo screenshots: the timeline (browse mode with date sections), a search with
a reference chip, the viewer with its info panel, and the dark theme.

    xvfb-run -a -s "-screen 0 1400x900x24" python packaging/screenshot.py

Without --photos it generates the demo library (packaging/make_demo_library.py: procedural
scenes we may publish); the test photos in ../shared/photos have no redistribution licence and
are refused. Without --model it builds the tests' synthetic colour bundle (a real ONNX bundle
whose answers are colours), since no pretrained CLIP weights exist on the development machines.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from clipview.core.library.library import open_library  # noqa: E402
from clipview.gui.controller import Controller, Options  # noqa: E402
from clipview.gui.launch import build, start  # noqa: E402
from clipview.gui.main_window import MainWindow  # noqa: E402
from clipview.gui.theme import apply_theme  # noqa: E402

SHARED = REPO.parent / "shared"
SHOTS = REPO / "resources" / "screenshots"


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=Path,
                        help="folder to index (default: a freshly generated demo library)")
    parser.add_argument("--model", type=Path, help="bundle (default: synthetic colour bundle)")
    parser.add_argument("--out", type=Path, default=SHOTS, help="folder for the PNGs")
    return parser.parse_args()


class Director:
    """Runs the scenes one after the other, each when the window has settled."""

    def __init__(self, app: QApplication, window: MainWindow, controller: Controller,
                 out: Path) -> None:
        self.app, self.window, self.controller, self.out = app, window, controller, out
        self.steps: list[tuple[int, Callable[[], None]]] = []

    def then(self, delay_ms: int, step: Callable[[], None]) -> Director:
        self.steps.append((delay_ms, step))
        return self

    def run(self) -> None:
        if not self.steps:
            self.app.quit()
            return
        delay, step = self.steps.pop(0)
        QTimer.singleShot(delay, lambda: (step(), self.run()))

    def save(self, widget: QWidget, name: str) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(self.out / name))
        print(f"saved {self.out / name}")


def scenes(director: Director) -> None:
    window, controller = director.window, director.controller

    def first_photo_row() -> int:
        return next(r for r in range(controller.model.rowCount())
                    if controller.model.result(r) is not None)

    def similar_with_text() -> None:
        window.view.setCurrentIndex(controller.model.index(first_photo_row()))
        controller.results.act("similar")
        QTimer.singleShot(800, lambda: window.search.run("orange"))

    def viewer() -> None:
        window.view.setCurrentIndex(controller.model.index(first_photo_row()))
        controller.results.show_preview()

    def close_viewer() -> None:
        controller.results.preview.close()
        controller.grid.clear_search()
        apply_theme(director.app, "dark")

    (director
     .then(2500, lambda: director.save(window, "browse.png"))
     .then(0, similar_with_text)
     .then(3000, lambda: director.save(window, "search-chips.png"))
     .then(0, viewer)
     .then(2500, lambda: director.save(controller.results.preview, "viewer.png"))
     .then(0, close_viewer)
     .then(2500, lambda: director.save(window, "dark.png")))


def main() -> int:
    args = parse()
    work = Path(tempfile.mkdtemp(prefix="clipview-shot-"))
    os.environ.setdefault("XDG_CACHE_HOME", str(work / "cache"))
    os.environ.setdefault("CLIPVIEW_LOG_DIR", str(work / "logs"))
    photos = args.photos
    if photos is None:
        sys.path.insert(0, str(REPO / "packaging"))
        from make_demo_library import make_library

        photos = work / "Pictures"
        make_library(photos)
    if photos.resolve().is_relative_to(SHARED.resolve()):
        raise SystemExit(f"{photos}: the shared test photos may not be published")
    model = args.model
    if model is None:
        from tests.helpers.synthetic_bundle import build_colour_bundle

        model = build_colour_bundle(work / "colour-bundle", name="colour (synthetic)")
    with open_library(work / "home", model, device="cpu") as library:
        library.add_folder(photos)
    app = QApplication(sys.argv[:1])
    apply_theme(app, "light")
    store = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
    options = Options(work / "home", str(model), "cpu")
    window, controller = build(options, store)
    window.resize(1360, 860)
    window.show()
    director = Director(app, window, controller, args.out)
    scenes(director)
    begun: list[bool] = []

    def begin(_: object) -> None:
        if not begun:   # only after the first indexing run
            begun.append(True)
            director.run()

    controller.indexingFinished.connect(begin)
    QTimer.singleShot(180000, app.quit)  # never hang
    start(window, controller, options, store)
    app.exec()
    controller.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
