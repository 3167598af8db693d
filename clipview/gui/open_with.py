"""Opening clipview with paths, as a file manager's "Open with" does (``Exec=clipview %F``):
a photo searches for photos like it (also one outside the library), a folder is offered for
indexing, anything else is explained in one line.

:func:`classify_args` is pure (no Qt, no library); :func:`connect_open_request` does the Qt
side once the window exists. launch.py uses them like this::

    request = classify_args(args.open_paths)
    options.query = options.query or request.query      # before start(): runs the search
    window, controller = build(options, store)
    connect_open_request(request, window, controller.foldersShown, controller.add_folders,
                         window.status.show_message)
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import unquote, urlparse

from PySide6.QtCore import QTimer, SignalInstance
from PySide6.QtWidgets import QMessageBox, QWidget

from clipview.core.media.scanner import IMAGE_SUFFIXES, RAW_SUFFIXES


@dataclass(frozen=True)
class OpenRequest:
    """What the paths given to the app ask for."""

    photos: tuple[str, ...] = ()
    folders: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()   # one line for each path that is neither

    @property
    def query(self) -> str | None:
        """The search to run: a photo's own path (photos like it), several photos summed
        (``"a.jpg" + "b.jpg"``, the query syntax's image terms), or None."""
        if not self.photos:
            return None
        if len(self.photos) == 1 or any('"' in photo for photo in self.photos):
            return self.photos[0]
        return " + ".join(f'"{photo}"' for photo in self.photos)


def classify_args(paths: Sequence[str]) -> OpenRequest:
    """Sort ``paths`` (absolute or relative to the working folder, ``~`` or ``file://``)
    into photos, folders and problems, keeping their order and dropping repeats."""
    photos: list[str] = []
    folders: list[str] = []
    problems: list[str] = []
    for given in paths:
        path = _local_path(given)
        kind = _kind(path)
        if kind == "folder":
            _add_once(folders, path)
        elif kind == "photo":
            _add_once(photos, path)
        else:
            problems.append(f"{kind}: {given}")
    return OpenRequest(tuple(photos), tuple(folders), tuple(problems))


def _local_path(given: str) -> str:
    if given.startswith("file://"):
        given = unquote(urlparse(given).path)
    return os.path.abspath(os.path.expanduser(given))


def _kind(path: str) -> str:
    """"photo", "folder", or why it is neither."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return "no such file or folder"
    except OSError as exc:
        return f"cannot open ({exc.strerror or exc})"
    if stat.S_ISDIR(mode):
        return "folder"
    suffix = os.path.splitext(path)[1].lower()
    if stat.S_ISREG(mode) and suffix in IMAGE_SUFFIXES | RAW_SUFFIXES:
        return "photo"
    return "not a photo clipview reads (" + " ".join(sorted(IMAGE_SUFFIXES)) + ")"


def _add_once(items: list[str], path: str) -> None:
    if path not in items:
        items.append(path)


def offer_folders(parent: QWidget, folders: Sequence[str]) -> list[str]:
    """Ask "Index this folder?" (one question for all); the folders to add, or none."""
    if not folders:
        return []
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("clipview")
    box.setText("Index this folder?" if len(folders) == 1
                else f"Index these {len(folders)} folders?")
    box.setInformativeText("\n".join(folders) + "\n\nclipview will find the photos in it and "
                           "keep them up to date; the photos themselves are not changed.")
    index = box.addButton("Index", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Not now", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(index)
    box.exec()
    return list(folders) if box.clickedButton() is index else []


def connect_open_request(request: OpenRequest, parent: QWidget, library_ready: SignalInstance,
                         add_folders: Callable[[list[str]], None],
                         show_message: Callable[[str], None]) -> None:
    """Report the paths that are neither photo nor folder now; ask about the folders the first
    time ``library_ready`` fires (the library's folders are known, with a model or not)."""
    if request.problems:
        show_message("; ".join(request.problems))
    if not request.folders:
        return

    def ask() -> None:
        chosen = offer_folders(parent, request.folders)
        if chosen:
            add_folders(chosen)

    def ask_once() -> None:
        library_ready.disconnect(ask_once)
        QTimer.singleShot(0, parent, ask)  # after the signal's other slots, not inside them

    library_ready.connect(ask_once)
