"""The indexer's side of RAW files and videos: a video decoded into its frames' model
inputs, and a batch whose items have one (photo, RAW) or several (video) inputs encoded
together and split back per item."""

from __future__ import annotations

import numpy as np

from clipview.core.catalog.rows import NewImage
from clipview.core.errors import ImageSkipped
from clipview.core.media.scanner import FoundFile
from clipview.core.media.video import read_video
from clipview.core.models.encoder import ClipModel, UnusableEmbeddings

Decoding = tuple[NewImage | None, np.ndarray | None, ImageSkipped | None]


def decode_video(found: FoundFile, folder_id: int, model: ClipModel) -> Decoding:
    """(row, model inputs [frames, 3, H, W], problem) for a video (runs on a pool thread)."""
    try:
        clip = read_video(found.path, min_side=min(model.bundle.preprocess.size),
                          max_pixels=model.max_pixels)
    except ImageSkipped as problem:
        if problem.reason in ("vanished", "unreadable"):
            return None, None, problem  # nothing known about the content
        return (NewImage(found.path, folder_id, found.size, found.mtime_ns, "",
                         ctime_ns=found.ctime_ns), None, problem)
    pixels = np.stack([model.pixels(image) for _, image in clip.frames])
    taken = clip.taken_at if clip.taken_at is not None else clip.mtime_ns / 1e9
    row = NewImage(found.path, folder_id, clip.size, clip.mtime_ns, clip.digest, clip.width,
                   clip.height, taken, clip.caption, clip.camera,
                   tuple(when for when, _ in clip.frames), found.ctime_ns)
    return row, pixels, None


def encode_items(model: ClipModel, inputs: list[np.ndarray]) -> list[np.ndarray | None]:
    """Encode every item's inputs in one call; an item of one input ([3, H, W]) gets a (D,)
    vector, a video ([F, 3, H, W]) an (F, D) matrix, and an item the model gave an
    unusable embedding for (NaN, inf, zero: ``vector_rule``) None. A model that is broken
    for every input raises InferenceError."""
    if not inputs:
        return []
    rows = [x[None] if x.ndim == 3 else x for x in inputs]
    try:
        vectors = model.encode_pixels(np.concatenate(rows))
        bad = np.zeros(len(vectors), bool)
    except UnusableEmbeddings as exc:  # some inputs only: those items are skipped
        vectors, bad = exc.vectors, exc.bad
    out: list[np.ndarray | None] = []
    start = 0
    for item, block in zip(inputs, rows, strict=True):
        part = vectors[start:start + len(block)]
        usable = not bad[start:start + len(block)].any()
        out.append(None if not usable else part[0] if item.ndim == 3 else part)
        start += len(block)
    return out
