"""Render the app icon's SVG to the PNG sizes desktops look for (Qt's QSvgRenderer, offscreen).

    QT_QPA_PLATFORM=offscreen python packaging/render_icons.py

Writes clipview/resources/icons/<size>/io.github.clipview.clipview.png for every size in
clipview.desktop.ICON_SIZES. The PNGs are committed: installs never need an SVG renderer.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

from clipview.desktop import APP_ID, ICON_SIZES, resource_dir  # noqa: E402


def render(svg: Path, size: int, out: Path) -> None:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {svg}")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        raise SystemExit(f"cannot write {out}")


def main() -> int:
    app = QGuiApplication(sys.argv[:1])  # noqa: F841 - QImage/QPainter need an application
    icons = resource_dir() / "icons"
    svg = icons / f"{APP_ID}.svg"
    for size in ICON_SIZES:
        out = icons / str(size) / f"{APP_ID}.png"
        render(svg, size, out)
        print(f"wrote {out.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
