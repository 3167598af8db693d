"""The words CLIP cannot see: a file's name, its folders, the title, description and keywords
its EXIF/XMP/IPTC carry, and the camera — what the catalog's full-text table holds
(``catalog_text``) and how a query is split into words to look up there.

Only what is cheap is parsed: the header Pillow has already read (EXIF, XMP with defusedxml,
IPTC), never the pixels. Bounded: at most MAX_TEXT characters of caption per photo (all its
fields together) and the first MAX_XMP bytes of an XMP packet.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

from PIL import Image, ImageFile, IptcImagePlugin

from clipview.core.media.kinds import is_raw_name
from clipview.core.media.meta import EXIF_IFD, header_exif
from clipview.core.media.raw import raw_exif

# the full-text table's columns, in order, and the names --explain gives them
FIELDS: tuple[str, ...] = ("name", "folder", "caption", "camera")
_WORD = re.compile(r"\w+", re.UNICODE)
# words that say nothing about which photo is meant ("photos of germany 2019")
STOPWORDS = frozenset({"a", "an", "the", "of", "in", "on", "at", "to", "and", "or", "with",
                       "from", "for", "by", "my", "our", "photo", "photos", "picture",
                       "pictures", "image", "images", "some", "something"})
_MAKE, _MODEL, _DESCRIPTION = 271, 272, 270
_XP_TAGS = (0x9C9B, 0x9C9C, 0x9C9E, 0x9C9F)  # XPTitle, XPComment, XPKeywords, XPSubject
_USER_COMMENT = 0x9286
_IPTC_TAGS = ((2, 5), (2, 25), (2, 105), (2, 120))  # object name, keywords, headline, caption
_XMP_KEYS = frozenset({"title", "description", "subject"})
MAX_TEXT = 32 * 1024   # characters of caption (all fields together) and of camera, at most
MAX_XMP = 1 << 20      # bytes of an XMP packet parsed; the rest is never looked at
_ALLOWED = ("JPEG", "PNG", "WEBP", "TIFF", "HEIF", "AVIF")

try:  # XMP is parsed with defusedxml (a dependency); without it XMP is left out
    from defusedxml.ElementTree import DefusedXMLParser

    _HAVE_XMP = True
except ImportError:  # pragma: no cover - declared as a dependency
    _HAVE_XMP = False


@dataclass(frozen=True)
class MediaWords:
    """What a file says about itself beyond its pixels."""

    caption: str = ""   # titles, descriptions, keywords (EXIF, XMP, IPTC, container)
    camera: str = ""    # make and model


def name_text(path: str) -> str:
    """The file name as it is: the full-text table splits it at spaces, dots and hyphens
    and keeps underscores inside a word, so "IMG_4392.CR2" is the words "img_4392" and
    "cr2" (a camera's name for the file is looked up whole; "red_2.jpg" is no "red")."""
    return os.path.basename(path)


def folder_text(path: str, root: str) -> str:
    """The tracked folder's own name and the folders between it and the file."""
    relative = os.path.relpath(os.path.dirname(path), root) if root else ""
    parts = [os.path.basename(root.rstrip(os.sep))] if root else []
    parts += [p for p in relative.split(os.sep) if p not in ("", ".", "..")]
    return " ".join(p.replace("_", " ") if "_" in p else p for p in parts)


def query_words(texts: Iterable[str]) -> list[str]:
    """The words of a query worth looking up (lower case, no stopwords, no repeats)."""
    words: list[str] = []
    for text in texts:
        for word in _WORD.findall(text.lower()):
            word = word.strip("_")
            if not word or word in STOPWORDS or (len(word) == 1 and not word.isdigit()):
                continue
            if word not in words:
                words.append(word)
    return words


def photo_words(data: bytes, path: str) -> MediaWords:
    """Caption and camera from a photo's header in memory (a RAW's: its TIFF header)."""
    if is_raw_name(path):
        exif = raw_exif(data)
        if exif is None:
            return MediaWords()
        return MediaWords(_clip(_exif_caption(exif)), _clip(_camera(exif)))
    try:
        image = Image.open(io.BytesIO(data), formats=_ALLOWED)
    except Exception:  # no header Pillow reads: no words, not an error
        return MediaWords()
    with image:
        exif = header_exif(image)  # never the pixels (a broken block: no words)
        caption = " ".join(dict.fromkeys(
            p for p in [_exif_caption(exif), *_iptc(image), *_xmp(image)] if p))
        return MediaWords(_clip(caption), _clip(_camera(exif)))


def _clip(text: str) -> str:
    """Whitespace folded, at most MAX_TEXT characters, cut at a word's end when cut."""
    folded = " ".join(text[:4 * MAX_TEXT].split())
    if len(folded) <= MAX_TEXT:
        return folded
    cut = folded[:MAX_TEXT + 1]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut[:MAX_TEXT]


def _camera(exif: Image.Exif) -> str:
    make, model = (_text(exif.get(_MAKE)), _text(exif.get(_MODEL)))
    both = model if make and model.lower().startswith(make.lower()) else f"{make} {model}"
    return both.strip()


def _exif_caption(exif: Image.Exif) -> str:
    parts = [_text(exif.get(_DESCRIPTION))] + [_text(exif.get(tag)) for tag in _XP_TAGS]
    with contextlib.suppress(Exception):  # a broken EXIF sub-IFD costs its words
        parts.append(_user_comment(exif.get_ifd(EXIF_IFD).get(_USER_COMMENT)))
    return " ".join(p for p in parts if p)


def _text(value: object) -> str:
    if isinstance(value, bytes):  # XP* tags: UTF-16LE bytes (Pillow may leave them raw)
        return value.decode("utf-16-le", "ignore").rstrip("\x00").strip()
    if isinstance(value, tuple) and value and all(isinstance(v, int) for v in value):
        return bytes(value).decode("utf-16-le", "ignore").rstrip("\x00").strip()
    return value.rstrip("\x00").strip() if isinstance(value, str) else ""


def _user_comment(value: object) -> str:
    if not isinstance(value, bytes) or len(value) <= 8:
        return _text(value)
    encoding = "utf-16" if value[:8].startswith(b"UNICODE") else "latin-1"
    return value[8:].decode(encoding, "ignore").rstrip("\x00").strip()


def _iptc(image: ImageFile.ImageFile) -> list[str]:
    try:
        info = IptcImagePlugin.getiptcinfo(image) or {}
    except Exception:
        return []
    found: list[str] = []
    for key in _IPTC_TAGS:
        value = info.get(key)
        values = value if isinstance(value, list) else [value]
        found += [v.decode("utf-8", "ignore") for v in values if isinstance(v, bytes)]
    return found


def _xmp(image: Image.Image) -> list[str]:
    """The text of dc:title, dc:description and dc:subject in the first MAX_XMP bytes of
    the photo's XMP packet (a cut or broken packet gives what was read before the cut)."""
    packet = image.info.get("xmp")
    if not _HAVE_XMP or not isinstance(packet, (bytes, str)) or not packet:
        return []
    collector = _XmpText()
    with contextlib.suppress(Exception):  # broken XML, a DTD or entity: what came before
        parser = DefusedXMLParser(target=collector)
        parser.feed(packet[:MAX_XMP])
        parser.close()
    collector.flush()  # elements a cut packet left open
    return collector.found


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


class _XmpText:
    """An XML parser target collecting, like Pillow's ``getxmp`` walk, the texts and
    attribute values (but xml:lang) at or below title, description and subject."""

    def __init__(self) -> None:
        self.found: list[str] = []
        self._size = 0
        self._stack: list[tuple[bool, list[str]]] = []

    def _keep(self, text: str) -> None:
        text = text.strip()
        if text and self._size < MAX_TEXT:
            self.found.append(text[:2 * MAX_TEXT])  # _clip cuts it
            self._size += len(text) + 1

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        wanted = bool(self._stack and self._stack[-1][0]) or _local(tag) in _XMP_KEYS
        for key, value in attrib.items():
            name = _local(key)
            if name != "lang" and (wanted or name in _XMP_KEYS):
                self._keep(value)
        self._stack.append((wanted, []))

    def data(self, text: str) -> None:
        if self._stack and self._stack[-1][0] and self._size < MAX_TEXT:
            self._stack[-1][1].append(text)

    def end(self, tag: str) -> None:
        if self._stack:
            wanted, parts = self._stack.pop()
            if wanted:
                self._keep("".join(parts))

    def close(self) -> None:
        return None

    def flush(self) -> None:
        while self._stack:
            self.end("")
