"""File names that are not UTF-8, stored so that they come back byte for byte.

Linux file names are bytes. Python hands them out as ``str`` with each undecodable byte as a
lone surrogate U+DC80..U+DCFF (``os.fsdecode``, "surrogateescape"); ``os.fsencode`` gives the
bytes back. SQLite text must be UTF-8, and lone surrogates are not, so the catalog stores such a
byte as NUL followed by two hex digits (``b"caf\\xe9"`` → ``"caf\\x00e9"``). A path can never
contain NUL, so the escape is reversible and every valid UTF-8 path is stored unchanged (no
migration of existing libraries; equality and ``UNIQUE`` work on the escaped text).

``db.connect`` applies this to every parameter bound and every text read, so the rest of the
code sees the same ``str`` that ``os.scandir`` gave. SQL that compares path *prefixes* must use
``prefix_range`` (a range on the stored text), not ``substr``/``length``, which stop at NUL.
"""

from __future__ import annotations

import os
import re

_SURROGATE = re.compile("[\udc80-\udcff]")
_ESCAPED = re.compile("\x00([0-9a-f]{2})")


def to_stored(text: str) -> str:
    """``text`` as the catalog stores it (unchanged unless it holds undecodable bytes)."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub(lambda m: f"\x00{ord(m.group()) - 0xDC00:02x}", text)
    return text


def from_stored(data: bytes) -> str:
    """The ``str`` a stored text value stands for (SQLite's ``text_factory``)."""
    text = data.decode("utf-8", "surrogateescape")
    if "\x00" not in text:
        return text
    return _ESCAPED.sub(lambda m: chr(0xDC00 + int(m.group(1), 16)), text)


def prefix_range(folder: str) -> tuple[str, str]:
    """(low, high): a path is at or below ``folder`` when ``low <= path < high`` (compared
    as stored text; the parameters are escaped like the column)."""
    prefix = dir_key(folder)
    return prefix, prefix[:-1] + chr(ord(os.sep) + 1)


def dir_key(directory: str) -> str:
    """How the catalog names a directory (``dir_stamps``): with a trailing separator, what
    SQLite's ``rtrim(path, replace(path, '/', ''))`` leaves of a photo's path."""
    return directory.rstrip(os.sep) + os.sep
