"""What the catalog hands out and takes in: plain rows, no SQL."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple


class ImageRow(NamedTuple):
    """A catalogued image as an indexing run compares it (a tuple: cheap by the million)."""

    id: int
    path: str
    folder_id: int
    size: int
    mtime_ns: int
    content_hash: str | None
    state: str
    has_vector: bool
    ctime_ns: int | None = None   # when it was read (None: catalogued by an older clipview)


@dataclass(frozen=True)
class ImageInfo:
    id: int
    path: str
    width: int | None
    height: int | None
    taken_at: float | None


@dataclass(frozen=True)
class FolderRow:
    """A tracked folder with how many of its photos are indexed and skipped; ``offline``
    when the last run could not find it as it was (its photos are kept and searchable)."""

    id: int
    path: str
    images: int
    skipped: int
    offline: bool = False
    offline_reason: str | None = None


@dataclass(frozen=True)
class NewImage:
    """What a batch commit writes for one photo that was decoded and encoded."""

    path: str
    folder_id: int
    size: int
    mtime_ns: int
    content_hash: str
    width: int | None = None
    height: int | None = None
    taken_at: float | None = None
    caption: str = ""                   # words the file carries (text.py)
    camera: str = ""
    frame_times: tuple[float, ...] = ()  # a video's frames, in seconds (media.py)
    ctime_ns: int | None = None          # the file's ctime when it was read


@dataclass(frozen=True)
class FolderSnapshot:
    """Everything a removed folder had in the catalog, to undo the removal."""

    path: str
    added_at: float
    images: tuple[tuple[object, ...], ...]          # rows in folders.IMAGE_COLUMNS order
    vectors: tuple[tuple[int, str, bytes], ...]     # (index into images, model key, float32)
