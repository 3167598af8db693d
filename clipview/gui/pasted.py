"""Images pasted into the search field become files, so that a search can name them: PNGs in
the private folder ``<cache>/pasted`` (0700; files 0600), written atomically (a hidden
temporary file, fsync, rename: never a 0-byte or half-written photo), named by their content
(the same image pasted twice is one file), at most MAX_FILES of them and MAX_TOTAL bytes.

The encoding and the writing run on a thread of their own; ``PastedImages`` reports back on
the GUI thread with ``saved(path)`` or ``failed(message)``.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import threading
import time
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Signal
from PySide6.QtGui import QImage

from clipview.core.paths import cache_dir
from clipview.core.private_files import private_dir, write_private
from clipview.gui.errors import describe_error

log = logging.getLogger(__name__)

MAX_FILES = 20
MAX_TOTAL = 256 * 1024 * 1024     # bytes kept in the folder, all pasted images together
MAX_IMAGE = 64 * 1024 * 1024      # one pasted image, as PNG
STALE_TEMPORARY_S = 600           # a temporary file this old was left by a crash


def pasted_dir() -> Path:
    return cache_dir() / "pasted"


def is_pasted(path: str) -> bool:
    """Whether ``path`` is a pasted image (its chip says so rather than its file name)."""
    return Path(path).parent == pasted_dir()


def encode_png(image: QImage) -> bytes:
    """``image`` as PNG bytes (QImage.save wants the format as a str in PySide6 6.11)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # the stubs say bytes, but PySide6 6.11 refuses b"PNG" (ValueError): only a str works
    if image.isNull() or not image.save(buffer, "PNG"):  # type: ignore[call-overload]
        raise ValueError("the clipboard's image could not be turned into a PNG")
    buffer.close()
    return bytes(data.data())


def store_pasted(folder: Path, png: bytes) -> Path:
    """Write ``png`` into ``folder`` atomically and prune the folder; the file's path."""
    if len(png) > MAX_IMAGE:
        raise ValueError(f"the image is too large to paste ({len(png) // 2**20} MiB as PNG; "
                         f"at most {MAX_IMAGE // 2**20} MiB)")
    private_dir(folder)
    target = folder / f"pasted-{hashlib.sha256(png).hexdigest()[:24]}.png"
    if target.is_file() and target.stat().st_size == len(png):
        os.utime(target)   # pasted again: the newest now
    else:
        _write_atomically(folder, target, png)
    prune(folder, keep=target)
    return target


def _write_atomically(folder: Path, target: Path, data: bytes) -> None:
    temporary = folder / f".pasted-{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        write_private(temporary, data)   # 0600, flushed to disk
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def prune(folder: Path, keep: Path | None = None) -> None:
    """Remove empty files, old temporaries, and the oldest images beyond the bounds."""
    now = time.time()
    images: list[tuple[float, int, Path]] = []
    for entry in folder.iterdir():
        info = entry.lstat()
        stale = entry.name.endswith(".tmp") and now - info.st_mtime > STALE_TEMPORARY_S
        if stale or (entry.suffix == ".png" and info.st_size == 0):
            entry.unlink(missing_ok=True)
        elif entry.suffix == ".png" and entry != keep:
            images.append((info.st_mtime, info.st_size, entry))
    total = keep.stat().st_size if keep is not None else 0
    count = 1 if keep is not None else 0
    for _, size, entry in sorted(images, reverse=True):   # newest first
        if count + 1 > MAX_FILES or total + size > MAX_TOTAL:
            entry.unlink(missing_ok=True)
            continue
        count, total = count + 1, total + size


class PastedImages(QObject):
    """Saves pasted images off the GUI thread; connect ``saved`` and ``failed`` to methods
    of GUI-thread objects (so that Qt queues them there)."""

    saved = Signal(str)     # the file's path
    failed = Signal(str)    # one line for the window

    def __init__(self, parent: QObject | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.folder = folder

    def save(self, image: QImage) -> None:
        folder = self.folder or pasted_dir()
        # no copy here: a QImage is a value (implicitly shared, thread-safe counts), and the
        # clipboard's next image is another one; copying would cost the GUI thread a frame

        def work() -> None:
            try:
                path = store_pasted(folder, encode_png(image))
            except (OSError, ValueError) as exc:
                log.warning("pasting an image failed: %s", exc)
                self.failed.emit(describe_error(exc, "paste") if isinstance(exc, OSError)
                                 else f"Could not paste the image: {exc}")
                return
            self.saved.emit(str(path))

        threading.Thread(target=work, name="paste", daemon=True).start()
