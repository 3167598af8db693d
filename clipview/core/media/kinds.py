"""What kind of file a library item is: a photo, a camera RAW file or a video (by suffix,
the same allow-lists the scanner uses)."""

from __future__ import annotations

import os
from collections.abc import Iterable

from clipview.core.errors import ClipviewError
from clipview.core.media.scanner import RAW_SUFFIXES, VIDEO_SUFFIXES

PHOTO = "photo"
RAW = "raw"
VIDEO = "video"
KINDS: tuple[str, ...] = (PHOTO, RAW, VIDEO)


def media_kind(path: str) -> str:
    """``photo``, ``raw`` or ``video`` for a path the scanner found."""
    suffix = os.path.splitext(path)[1].lower()
    if suffix in RAW_SUFFIXES:
        return RAW
    if suffix in VIDEO_SUFFIXES:
        return VIDEO
    return PHOTO


def is_raw_name(path: str) -> bool:
    return media_kind(path) == RAW


def is_video_name(path: str) -> bool:
    return media_kind(path) == VIDEO


def parse_kinds(text: str | Iterable[str]) -> tuple[str, ...]:
    """'photo,raw' (or a list of names) → ('photo', 'raw'); ClipviewError for a kind that
    does not exist. Plural spellings ('photos', 'videos', 'raws') are accepted."""
    names = text.split(",") if isinstance(text, str) else list(text)
    kinds: list[str] = []
    for name in names:
        word = name.strip().lower()
        if not word:
            continue
        word = word[:-1] if word.endswith("s") and word[:-1] in KINDS else word
        if word not in KINDS:
            raise ClipviewError(f"unknown type {name.strip()!r}: use {', '.join(KINDS)} "
                                "(comma-separated)")
        if word not in kinds:
            kinds.append(word)
    if not kinds:
        raise ClipviewError(f"no type named: use {', '.join(KINDS)} (comma-separated)")
    return tuple(kinds)


def count_kinds(paths: Iterable[str]) -> dict[str, int]:
    """{'photo': n, 'raw': n, 'video': n} for the given paths (every kind present)."""
    counts = dict.fromkeys(KINDS, 0)
    for path in paths:
        counts[media_kind(path)] += 1
    return counts
