"""Images pasted into the search field become files, so that a search can name them: PNGs in
the private folder ``<cache>/pasted`` (0700; files 0600), written atomically (a hidden
temporary file, fsync, rename: never a 0-byte or half-written photo), named by their content
(the same image pasted twice is one file), at most MAX_FILES of them and MAX_TOTAL bytes.

The decoding (from the clipboard's bytes), the scaling down to MAX_SIDE (CLIP looks at a few
hundred pixels: a 48 MP phone photo pastes as a 2048 px PNG), the encoding and the writing run
on a thread of their own; ``PastedImages`` reports back on the GUI thread with
``saved(path)``, ``refused(message)`` (too large, unreadable: plain words) or
``failed(message)`` (the disk).
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QSize, Qt, Signal
from PySide6.QtGui import QImage, QImageReader

from clipview.core.paths import cache_dir
from clipview.core.private_files import private_dir, replace_file
from clipview.gui.errors import describe_error
from clipview.gui.translation import translate

log = logging.getLogger(__name__)

MAX_FILES = 20
MAX_TOTAL = 256 * 1024 * 1024     # bytes kept in the folder, all pasted images together
MAX_IMAGE = 64 * 1024 * 1024      # one pasted image, as PNG
MAX_SIDE = 2048                   # a pasted image is scaled down to this longest side
MAX_PIXELS = 60_000_000           # larger is refused before decoding (Qt decodes 256 MiB)
STALE_TEMPORARY_S = 600           # a temporary file this old was left by a crash


def pasted_dir() -> Path:
    return cache_dir() / "pasted"


def is_pasted(path: str) -> bool:
    """Whether ``path`` is a pasted image (its chip says so rather than its file name)."""
    return Path(path).parent == pasted_dir()


def too_large(size: QSize) -> str | None:
    """The plain refusal for a picture of ``size`` beyond MAX_PIXELS; None when it is fine."""
    if size.width() * size.height() <= MAX_PIXELS:
        return None
    return translate("PastedImages", "the image on the clipboard is too large ({width}×{height}; "
                     "at most {megapixels} megapixels)").format(
        width=size.width(), height=size.height(), megapixels=MAX_PIXELS // 1_000_000)


def read_pasted(data: bytes | None, image: QImage | None) -> QImage:
    """The pasted picture from the clipboard's encoded ``data`` (else its decoded ``image``),
    at most MAX_SIDE pixels on its longest side; ValueError in plain words when it is too
    large or cannot be read."""
    if data:
        buffer = QBuffer()
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        reader = QImageReader(buffer)
        refusal = too_large(reader.size())
        if refusal:
            raise ValueError(refusal)
        image = reader.read()
    if image is None or image.isNull():
        raise ValueError(translate("PastedImages", "the image on the clipboard could not be read"))
    if max(image.width(), image.height()) > MAX_SIDE:
        image = image.scaled(MAX_SIDE, MAX_SIDE, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    return image


def encode_png(image: QImage) -> bytes:
    """``image`` as PNG bytes (QImage.save wants the format as a str in PySide6 6.11)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # the stubs say bytes, but PySide6 6.11 refuses b"PNG" (ValueError): only a str works
    if image.isNull() or not image.save(buffer, "PNG"):  # type: ignore[call-overload]
        raise ValueError(translate("PastedImages",
                                   "the clipboard's image could not be turned into a PNG"))
    buffer.close()
    return bytes(data.data())


def store_pasted(folder: Path, png: bytes) -> Path:
    """Write ``png`` into ``folder`` atomically and prune the folder; the file's path."""
    if len(png) > MAX_IMAGE:
        raise ValueError(translate("PastedImages", "the image is too large to paste ({size} MiB "
                                   "as PNG; at most {most} MiB)").format(
            size=len(png) // 2**20, most=MAX_IMAGE // 2**20))
    private_dir(folder)
    target = folder / f"pasted-{hashlib.sha256(png).hexdigest()[:24]}.png"
    if target.is_file() and target.stat().st_size == len(png):
        os.utime(target)   # pasted again: the newest now
    else:
        replace_file(target, png)   # 0600, flushed to disk
    prune(folder, keep=target)
    return target


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
    refused = Signal(str)   # too large, unreadable: one plain line for the window
    failed = Signal(str)    # the disk failed: one line for the window

    def __init__(self, parent: QObject | None = None, folder: Path | None = None) -> None:
        super().__init__(parent)
        self.folder = folder

    def save(self, image: QImage | None, data: bytes | None = None) -> None:
        """Decode ``data`` (the clipboard's PNG, JPEG… bytes), else take ``image``, and
        save it scaled down, off the GUI thread."""
        folder = self.folder or pasted_dir()
        # no copy here: a QImage is a value (implicitly shared, thread-safe counts), and the
        # clipboard's next image is another one; copying would cost the GUI thread a frame

        def work() -> None:
            try:
                path = store_pasted(folder, encode_png(read_pasted(data, image)))
            except ValueError as exc:
                log.warning("pasting an image refused: %s", exc)
                self.refused.emit(self.tr("Could not paste: {reason}").format(reason=exc))
                return
            except OSError as exc:
                log.warning("pasting an image failed: %s", exc)
                self.failed.emit(describe_error(exc, "paste"))
                return
            self.saved.emit(str(path))

        threading.Thread(target=work, name="paste", daemon=True).start()
