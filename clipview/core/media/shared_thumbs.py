"""The desktop's shared thumbnails (freedesktop Thumbnail Managing Standard), read only.

A file manager (Nautilus, Nemo, Thunar through tumbler, Dolphin) keeps a PNG thumbnail of
each file it showed in ``$XDG_CACHE_HOME/thumbnails/<class>/<md5 of the file's URI>.png``,
the classes ``normal`` (128 px), ``large`` (256), ``x-large`` (512) and ``xx-large`` (1024).
``shared_thumbnail`` answers one of those instead of decoding the photo when it is valid
for the file as the standard says: its ``Thumb::URI`` is the file's URI, its
``Thumb::MTime`` the file's modification time in whole seconds and its ``Thumb::Size``,
when present, the file's size. It looks in the smallest class at least as large as the
tile first, then the larger ones; never in ``thumbnails/fail/`` (the thumbnailers' notes of
files they could not read, not pictures). Followed: GNOME's gnome-desktop
(``libgnome-desktop/gnome-desktop-thumbnail.c``: the MD5 of ``g_filename_to_uri``'s URI,
the class folders, ``gnome_desktop_thumbnail_is_valid`` comparing the URI and the MTime),
with the URI escaped as GLib's ``g_escape_uri_string`` escapes a path (``file_uri``).

The PNG is another program's file, so it is read as any photo: a bounded read of a regular
file (``safe_read``), the PNG signature, the allow-listed decoders with a pixel cap
(``preprocess.identify``, the cap being the largest class, 1024 × 1024) and the shared
decode budget (``open_photo``); anything else, or anything that fails, is no thumbnail. One
more check than the standard's: a thumbnail older than the file's last status change
(ctime) is not used, as ``file_stamp`` says: ``cp -p``, ``rsync -t`` and ``touch -r`` put
an edited file's mtime back, and its old thumbnail would look valid.

clipview never writes there: its own cache (``thumb_cache``) keeps what it makes, private
and capped, keyed by the catalog's digest so that a photo whose folder is offline keeps its
thumbnail; the shared folder is the desktop's, cleaned by its own housekeeping, and
thumbnails of photos from private folders would be put where every program reads them.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sys
import urllib.parse
from pathlib import Path

from PIL import Image

from clipview.core.errors import ImageSkipped
from clipview.core.media.preprocess import identify, open_photo
from clipview.core.media.safe_read import FileBytes, read_regular, shown

logger = logging.getLogger(__name__)

SIZE_CLASSES = (("normal", 128), ("large", 256), ("x-large", 512), ("xx-large", 1024))
MAX_PIXELS = 1024 * 1024           # the largest class: a thumbnail is never larger
MAX_BYTES = 8 << 20                # a 1024 × 1024 RGBA PNG stored without compression: 4 MiB
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# What GLib leaves unescaped in a file URI's path (g_escape_uri_string, UNSAFE_PATH): ASCII
# letters and digits, "-._~" (urllib's own) and these; everything else is %XX, upper case.
_PATH_SAFE = "/!$&'()*+,:=@"
_INTEGER = re.compile(r"-?[0-9]{1,20}")


def file_uri(path: str | os.PathLike[str]) -> str:
    """The ``file://`` URI of ``path`` as GLib's ``g_filename_to_uri`` writes it: the
    absolute, normalised path's bytes percent-encoded (``/home/jens/photos/me.png`` ->
    ``file:///home/jens/photos/me.png``; a space is ``%20``, ``é`` ``%C3%A9``)."""
    absolute = os.path.abspath(os.fspath(path))
    return "file://" + urllib.parse.quote(os.fsencode(absolute), safe=_PATH_SAFE)


def thumbnail_name(uri: str) -> str:
    """The file name of a URI's thumbnail: the hexadecimal MD5 of the URI, ``.png``."""
    return hashlib.md5(uri.encode("ascii"), usedforsecurity=False).hexdigest() + ".png"


def thumbnails_root(environ: dict[str, str] | None = None) -> Path | None:
    """``$XDG_CACHE_HOME/thumbnails`` (``~/.cache/thumbnails`` when it is unset or not
    absolute, as the XDG base directory spec says); None on Windows and macOS."""
    if sys.platform in ("win32", "darwin"):
        return None
    env = os.environ if environ is None else environ
    base = env.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = env.get("HOME") or os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "thumbnails"


def class_folders(side: int) -> list[str]:
    """The size classes that can show a tile of ``side`` pixels, smallest first."""
    return [name for name, size in SIZE_CLASSES if size >= side]


def shared_thumbnail(path: str, side: int, root: Path | None) -> Image.Image | None:
    """An upright RGB thumbnail of ``path`` from the shared cache under ``root`` (at most
    ``side`` pixels a side; None when there is no valid one: the caller decodes)."""
    if root is None:
        return None
    try:
        info = os.stat(path)
    except OSError:
        return None
    uri = file_uri(path)
    name = thumbnail_name(uri)
    for folder in class_folders(side):
        image = _valid_thumbnail(root / folder / name, uri, info, side)
        if image is not None:
            return image
    return None


def _valid_thumbnail(candidate: Path, uri: str, info: os.stat_result,
                     side: int) -> Image.Image | None:
    data = _read(candidate)
    if data is None or not _describes(data, uri, info):
        return None
    try:
        image = open_photo(candidate, min_side=side, max_pixels=MAX_PIXELS, source=data).image
    except ImageSkipped as exc:
        logger.debug("shared thumbnail %s not used: %s", shown(candidate), exc)
        return None
    image.thumbnail((side, side), Image.Resampling.BICUBIC)
    return image


def _read(candidate: Path) -> FileBytes | None:
    """The candidate's bytes when it is a regular file that starts as a PNG (any other
    file is never handed to a decoder)."""
    try:
        data = read_regular(candidate, limit=MAX_BYTES)
    except ImageSkipped as exc:
        if exc.reason != "vanished":
            logger.debug("shared thumbnail %s not read: %s", shown(candidate), exc)
        return None
    return data if data.data.startswith(PNG_SIGNATURE) else None


def _describes(data: FileBytes, uri: str, info: os.stat_result) -> bool:
    """Whether the PNG's text says it is the thumbnail of the file ``info`` describes as it
    is now, and it was made after the file's last change (its ctime)."""
    try:   # (PNG: only the PNG plugin accepts its signature)
        with identify(data.data, data.path, MAX_PIXELS) as image:
            text = (dict(image.info) if "Thumb::URI" in image.info
                    else dict(getattr(image, "text", {})))
    except ImageSkipped:
        return False
    except Exception as exc:  # noqa: BLE001 - a text chunk may be anything: not valid
        logger.debug("shared thumbnail %s unreadable: %s", shown(data.path), exc)
        return False
    if text.get("Thumb::URI") != uri or data.mtime_ns < info.st_ctime_ns:
        return False
    size = text.get("Thumb::Size")
    return _whole(text.get("Thumb::MTime")) == info.st_mtime_ns // 10**9 and (
        size is None or _whole(size) == info.st_size)


def _whole(value: object) -> int | None:
    """A text chunk's decimal integer (None when it is not one)."""
    text = value.strip() if isinstance(value, str) else ""
    return int(text) if _INTEGER.fullmatch(text) else None
