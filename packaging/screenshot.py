"""Start the real app in a real window (run under Xvfb), index a folder, run a query and save
screenshots: Qt's own grab of the window and, with --root, the whole X screen.

    xvfb-run -a -s "-screen 0 1400x900x24" python packaging/screenshot.py \\
        --query "orange" --out resources/screenshots/search-orange.png \\
        --preview resources/screenshots/preview.png
    xvfb-run -a -s "-screen 0 1400x900x24" python packaging/screenshot.py \\
        --query "red + blue - green" --out resources/screenshots/search-arithmetic.png

Without --photos it generates the demo library (packaging/make_demo_library.py: procedural
scenes we may publish) in a temporary folder; the test photos in ../shared/photos have no
redistribution licence and are refused. Without --model it builds the synthetic colour bundle
of the tests (a real ONNX bundle whose answers are colours), so the photos rank by colour.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from clipview.core.library import open_library  # noqa: E402
from clipview.gui.controller import Options  # noqa: E402
from clipview.gui.launch import build, start  # noqa: E402

SHARED = REPO.parent / "shared"


def demo_library(folder: Path) -> Path:
    sys.path.insert(0, str(REPO / "packaging"))
    from make_demo_library import make_library

    make_library(folder)
    return folder


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=Path,
                        help="folder to index (default: a freshly generated demo library)")
    parser.add_argument("--model", type=Path, help="bundle (default: synthetic colour bundle)")
    parser.add_argument("--query", default="orange")
    parser.add_argument("--out", type=Path,
                        default=REPO / "resources/screenshots/search-orange.png")
    parser.add_argument("--root", type=Path, help="also save `import -window root` here")
    parser.add_argument("--preview", type=Path, help="also save the preview of the first hit")
    return parser.parse_args()


def main() -> int:
    args = parse()
    work = Path(tempfile.mkdtemp(prefix="clipview-shot-"))
    os.environ.setdefault("XDG_CACHE_HOME", str(work / "cache"))
    os.environ.setdefault("CLIPVIEW_LOG_DIR", str(work / "logs"))
    photos = args.photos or demo_library(work / "Pictures")
    if photos.resolve().is_relative_to(SHARED.resolve()):
        raise SystemExit(f"{photos}: the shared test photos may not be published")
    model = args.model
    if model is None:
        from tests.helpers.synthetic_bundle import build_colour_bundle

        model = build_colour_bundle(work / "colour-bundle", name="colour (synthetic)")
    with open_library(work / "home", model, device="cpu") as library:
        library.add_folder(photos)
    app = QApplication(sys.argv[:1])
    store = QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat)
    options = Options(work / "home", str(model), "cpu", args.query)
    window, controller = build(options, store)
    window.resize(1360, 860)
    window.show()
    shots = {"done": False}

    def snap() -> None:
        if shots["done"]:
            return
        shots["done"] = True
        args.out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(args.out))
        if args.root:
            subprocess.run(["import", "-window", "root", str(args.root)], check=False)
        if args.preview:
            controller.window.view.setCurrentIndex(controller.model.index(0))
            controller.results.show_preview()
            preview = controller.results.preview
            QTimer.singleShot(1500, lambda: (preview.grab().save(str(args.preview)), app.quit()))
        else:
            app.quit()

    def after_indexing(_: object) -> None:
        controller.resultsShown.connect(lambda _: QTimer.singleShot(2500, snap))

    controller.indexingFinished.connect(after_indexing)
    QTimer.singleShot(120000, app.quit)  # never hang
    start(window, controller, options, store)
    app.exec()
    controller.shutdown()
    print(f"saved {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
