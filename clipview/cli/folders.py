"""Folders named on the command line: never an empty name, and a ``--folder`` (search,
duplicates) must be in the library, else one line says so instead of an empty answer."""

from __future__ import annotations

import argparse
import os

from clipview.core.errors import ClipviewError
from clipview.core.library.library import Library
from clipview.core.paths import inside


def not_blank(text: str, what: str = "the folder") -> str:
    """``text`` unless it is empty or blanks (argparse's usage error: never the current
    folder by accident)."""
    if not text.strip():
        raise argparse.ArgumentTypeError(f"{what}'s name is empty: give its path")
    return text


def check_folder(library: Library, folder: str) -> None:
    """ClipviewError unless ``folder`` is, holds or lies in one of the library's folders."""
    real = os.path.realpath(os.path.expanduser(folder))
    tracked = library.folders()
    if not any(inside(real, f) or inside(f, real) for f in tracked):
        where = ", ".join(tracked) if tracked else "none yet"
        raise ClipviewError(f"--folder {folder} is outside the library (its folders: "
                            f"{where})")
