"""One content digest for files: recognising moved photos and checking the HNSW file.

Photos are digested from the bytes already read for decoding (``bytes_digest``), so a photo
is read once; ``file_digest`` streams a regular file with a bounded read (never a FIFO or a
device, never more than its size).
"""

from __future__ import annotations

import hashlib
import os
import sys

from clipview.core.errors import ClipviewError
from clipview.core.media.safe_read import PathArg, open_regular, read_blocks


def bytes_digest(data: bytes) -> str:
    """blake2b-128 of ``data`` (the same value ``file_digest`` gives for a file of it)."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def file_digest(path: PathArg, limit: int = sys.maxsize) -> str:
    """blake2b-128 of a regular file's bytes, read in 1 MiB blocks.

    Raises ImageSkipped (a ClipviewError) when the file is missing, unreadable, not a regular
    file, larger than ``limit`` or keeps growing.
    """
    digest = hashlib.blake2b(digest_size=16)
    with open_regular(path) as (fd, info):
        for block in read_blocks(fd, info, os.fsdecode(os.fspath(path)), limit):
            digest.update(block)
    return digest.hexdigest()


def digest_or_none(path: PathArg) -> str | None:
    """``file_digest``, or None when the file cannot be read now (missing, unreadable, not
    a regular file: whoever reads it next says why)."""
    try:
        return file_digest(path)
    except (OSError, ClipviewError):
        return None
