"""Folders of coloured photos with known right answers, and a CLI runner."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from clipview.core.library.library import Library
from clipview.core.progress import IndexSummary
from tests.helpers.paths import REPO
from tests.helpers.synthetic_bundle import colour_photo

# colour → how many photos of it
PALETTE = {"red": 4, "blue": 4, "green": 4, "magenta": 2, "yellow": 2, "white": 2,
           "black": 2, "dark red": 2}


def colour_folder(root: Path, palette: dict[str, int] = PALETTE) -> dict[str, list[Path]]:
    """Photos named after their colour, spread over sub-folders, in several formats."""
    made: dict[str, list[Path]] = {}
    formats = [".jpg", ".png", ".webp", ".JPG"]
    for c_index, (colour, count) in enumerate(palette.items()):
        for n in range(count):
            name = f"{colour.replace(' ', '_')}_{n}{formats[(c_index + n) % len(formats)]}"
            path = root / f"set{n % 2}" / name
            made.setdefault(colour, []).append(
                colour_photo(path, colour, seed=c_index * 10 + n))
    return made


def red_blue_folders(photos: Path, per_colour: int, misc: Sequence[str]) -> None:
    """Red photos in ``photos/red``, as many blue ones in ``photos/blue`` (folders named
    after a query's words) and one photo of each colour of ``misc`` in ``photos/misc``."""
    for n in range(per_colour):
        colour_photo(photos / "red" / f"r{n}.jpg", "red", seed=n)
        colour_photo(photos / "blue" / f"b{n}.jpg", "blue", seed=10 + n)
    for n, colour in enumerate(misc):
        colour_photo(photos / "misc" / f"m{n}.jpg", colour, seed=20 + n)


def colour_of(path: str) -> str:
    stem = Path(path).stem
    return stem.rsplit("_", 1)[0].replace("_", " ")


@dataclass
class Cli:
    """Runs ``python -m clipview`` in a subprocess against one library and bundle."""

    home: Path
    bundle: Path

    def run(self, *args: str, check: bool = True, timeout: float = 300,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        full_env = {**os.environ, "CLIPVIEW_HOME": str(self.home),
                    "CLIPVIEW_MODEL": str(self.bundle), "PYTHONPATH": str(REPO),
                    **(env or {})}
        result = subprocess.run([sys.executable, "-m", "clipview", *args], cwd=REPO,
                                capture_output=True, text=True, timeout=timeout, env=full_env)
        if check:
            assert result.returncode == 0, (result.returncode, result.stderr)
        return result

    def json(self, *args: str) -> Any:
        return json.loads(self.run(*args, "--json").stdout)


def run_index(library: Library) -> IndexSummary:
    """Run a library's index to the end; its IndexSummary."""
    summary = None
    for progress in library.index():
        summary = progress.summary or summary
    assert summary is not None
    return summary
