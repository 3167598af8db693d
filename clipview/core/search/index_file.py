"""The HNSW cache file: checking a written file is complete, reading its graph, and the
temporary files a save leaves when its process dies."""

from __future__ import annotations

import contextlib
import os
import re
import struct
from pathlib import Path

import hnswlib

from clipview.core.errors import ClipviewError

__all__ = ["SaveError", "check_saved", "empty_index", "read_graph", "remove_quietly",
           "remove_stale_temporaries", "sync_file"]

# hnswlib's file: a 96-byte header whose first fields are offsetLevel0, max_elements,
# cur_element_count and size_data_per_element (size_t); then cur_element_count level-0
# records, then one 4-byte link-list size (plus its lists) per element.
_HEADER = struct.Struct("<QQQQ")
_HEADER_BYTES = 96
_TEMP_NAME = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.tmp$")


class SaveError(ClipviewError):
    """The index cache could not be written (the search keeps working from memory)."""


def check_saved(path: Path, count: int) -> None:
    """Raise SaveError unless ``path`` is a complete hnswlib file of ``count`` elements."""
    size = path.stat().st_size
    if size < _HEADER_BYTES:
        raise SaveError(f"{path} has {size} bytes, less than an index header")
    with path.open("rb") as handle:
        _, _, held, per_element = _HEADER.unpack(handle.read(_HEADER.size))
    if held != count:
        raise SaveError(f"{path} holds {held} elements instead of {count}")
    least = _HEADER_BYTES + count * (per_element + 4)
    if size < least:
        raise SaveError(f"{path} has {size} bytes, a complete file has at least {least}")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: someone else's live process
        return True
    return True


def sync_file(path: Path) -> None:
    """Flush a written file to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_quietly(path: Path) -> None:
    """Delete a file if it is there (a failure is no error: it is a temporary file)."""
    with contextlib.suppress(OSError):
        path.unlink()


def remove_stale_temporaries(path: Path, stamp_path: Path) -> None:
    """Delete temporary files that dead processes left beside the cache."""
    try:
        names = os.listdir(path.parent)
    except OSError:
        return
    own = (path.name, stamp_path.name)
    for name in names:
        match = _TEMP_NAME.match(name)
        if match and match["name"] in own and int(match["pid"]) != os.getpid() and \
                not _alive(int(match["pid"])):
            remove_quietly(path.parent / name)


def empty_index(dim: int, capacity: int, m: int, ef_construction: int, ef: int
                ) -> hnswlib.Index:
    index = hnswlib.Index(space="cosine", dim=dim)
    index.init_index(max_elements=capacity, ef_construction=ef_construction, M=m,
                     allow_replace_deleted=True)
    index.set_ef(ef)
    index.set_num_threads(1)
    return index


def read_graph(path: Path, dim: int, capacity: int, ef: int = 128) -> hnswlib.Index:
    """hnswlib reads the whole graph (holding the GIL) into memory."""
    index = hnswlib.Index(space="cosine", dim=dim)
    index.load_index(str(path), max_elements=capacity, allow_replace_deleted=True)
    index.set_ef(ef)
    index.set_num_threads(1)
    return index
