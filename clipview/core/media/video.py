"""Videos (mp4, mov, mkv, webm, avi) through PyAV (FFmpeg's libraries, in-process).

A video is a few frames: at 10/50/90 % of its length, more for long videos (one a minute, at
most MAX_FRAMES), each a vector; it ranks by its best frame. Reading is bounded like every
other read: a regular file only (``safe_read.open_regular``; FFmpeg reads through that
descriptor and never opens the path itself), a size cap, a pixel cap, and a budget of decode
time and decoded frames per video. Any failure is ImageSkipped with a reason.
"""

from __future__ import annotations

import hashlib
import io
import logging
import math
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from PIL import Image

from clipview.core.errors import ImageSkipped, too_many_pixels
from clipview.core.media.decode_memory import DEFAULT_MAX_PIXELS
from clipview.core.media.safe_read import PathArg, open_regular, read_blocks, shown

logger = logging.getLogger(__name__)

MAX_FRAMES = 10                 # vectors per video at most
MIN_FRAMES = 3                  # at 10 %, 50 % and 90 % of its length
SECONDS_PER_FRAME = 60.0        # long videos: about one frame a minute
DECODE_SECONDS = 30.0           # decode time a video may take, all its frames together
FRAMES_PER_SEEK = 300           # frames decoded after a seek to reach one position
MAX_VIDEO_BYTES = 64 << 30      # no video clipview reads is larger than 64 GiB
_CAPTION_KEYS = ("title", "description", "comment", "keywords", "subject",
                 "com.apple.quicktime.title", "com.apple.quicktime.description",
                 "com.apple.quicktime.keywords")
_CAMERA_KEYS = ("make", "model", "com.apple.quicktime.make", "com.apple.quicktime.model",
                "com.android.manufacturer", "com.android.model")


@dataclass(frozen=True)
class VideoClip:
    """The frames clipview took from a video, with what the container says about it."""

    frames: list[tuple[float, Image.Image]]   # (time in seconds, RGB frame), in time order
    width: int
    height: int
    duration: float | None
    taken_at: float | None
    caption: str = ""
    camera: str = ""
    digest: str = ""
    size: int = 0
    mtime_ns: int = 0
    notes: list[str] = field(default_factory=list)


def frame_clock(seconds: float) -> str:
    """A frame's time for people: 12.5 → '0:12.5', 3725 → '1:02:05.0'."""
    minutes, secs = divmod(seconds, 60)
    hours, minutes = divmod(int(minutes), 60)
    return f"{hours}:{minutes:02d}:{secs:04.1f}" if hours else f"{minutes}:{secs:04.1f}"


def frame_positions(duration: float | None) -> list[float]:
    """Where to take frames (seconds): 10/50/90 % of the length, one a minute for long
    videos (evenly from 10 % to 90 %), at most MAX_FRAMES; the start when the length is
    unknown."""
    if not duration or duration <= 0 or not math.isfinite(duration):
        return [0.0]
    count = min(MAX_FRAMES, max(MIN_FRAMES, round(duration / SECONDS_PER_FRAME)))
    step = 0.8 / (count - 1)
    return [duration * (0.1 + step * n) for n in range(count)]


def read_video(path: PathArg, *, min_side: int = 224, max_pixels: int = DEFAULT_MAX_PIXELS,
               positions: list[float] | None = None, digest: bool = True) -> VideoClip:
    """Frames of a video (``positions`` in seconds, default ``frame_positions``), scaled so
    their short side is about ``2 * min_side``; the file's digest (for recognising moves)
    from the same descriptor. Raises ImageSkipped."""
    name = os.fsdecode(os.fspath(path))
    with open_regular(path) as (fd, info):
        content = _digest(fd, info, name) if digest else ""
        os.lseek(fd, 0, os.SEEK_SET)
        with io.FileIO(fd, "rb", closefd=False) as raw, _opened(raw, name) as container:
            clip = _frames(container, name, min_side, max_pixels, positions)
    return VideoClip(clip.frames, clip.width, clip.height, clip.duration, clip.taken_at,
                     clip.caption, clip.camera, content, info.st_size, info.st_mtime_ns,
                     clip.notes)


def video_frame(path: PathArg, at: float | None = None, *, min_side: int = 512,
                max_pixels: int = DEFAULT_MAX_PIXELS) -> Image.Image:
    """One RGB frame of a video at ``at`` seconds (default: half its length): what a
    thumbnail or the viewer shows. Raises ImageSkipped."""
    clip = read_video(path, min_side=min_side, max_pixels=max_pixels,
                      positions=None if at is None else [max(0.0, at)], digest=False)
    if at is None and len(clip.frames) > 1:
        return clip.frames[len(clip.frames) // 2][1]
    return clip.frames[0][1]


@dataclass(frozen=True)
class VideoFacts:
    """What a video's container says (no frame decoded): for the viewer's info panel."""

    width: int
    height: int
    duration: float | None     # seconds
    taken_at: float | None     # the container's creation time (unix seconds)
    codec: str = ""
    camera: str = ""


def video_facts(path: PathArg) -> VideoFacts:
    """The container's facts of a video (headers only). Raises ImageSkipped."""
    name = os.fsdecode(os.fspath(path))
    with open_regular(path) as (fd, _info), \
            io.FileIO(fd, "rb", closefd=False) as raw, _opened(raw, name) as container:
        if not container.streams.video:
            raise _skip(name, "not an image", "the file has no video stream")
        stream = container.streams.video[0]
        _, camera = _words(container.metadata)
        return VideoFacts(int(stream.codec_context.width or 0),
                          int(stream.codec_context.height or 0),
                          _duration(container, stream), _created(container.metadata),
                          str(stream.codec_context.name or "").upper(), camera)


def _digest(fd: int, info: os.stat_result, name: str) -> str:
    digest = hashlib.blake2b(digest_size=16)  # the same digest as hashing.file_digest
    for block in read_blocks(fd, info, name, MAX_VIDEO_BYTES):
        digest.update(block)
    return digest.hexdigest()


@contextmanager
def _opened(raw: io.FileIO, name: str) -> Iterator[Any]:
    import av  # only videos need FFmpeg loaded

    try:
        container = av.open(raw, mode="r")
    except (av.FFmpegError, ValueError, OSError) as exc:
        raise _skip(name, "not an image", f"not a video FFmpeg reads: {exc}") from exc
    try:
        yield container
    finally:
        container.close()


def _frames(container: Any, name: str, min_side: int, max_pixels: int,
            positions: list[float] | None) -> VideoClip:
    import av

    if not container.streams.video:
        raise _skip(name, "not an image", "the file has no video stream")
    stream = container.streams.video[0]
    width, height = int(stream.codec_context.width or 0), int(stream.codec_context.height or 0)
    if width * height > max_pixels:
        detail = f"{width}×{height} frames (at most {max_pixels / 1e6:.0f} megapixels)"
        logger.info("skipped %s: too many pixels: %s", shown(name), detail)
        raise too_many_pixels(name, detail)
    duration = _duration(container, stream)
    deadline = time.monotonic() + DECODE_SECONDS
    frames: list[tuple[float, Image.Image]] = []
    notes: list[str] = []
    try:
        for target in positions if positions is not None else frame_positions(duration):
            if time.monotonic() > deadline:
                notes.append(f"decode budget of {DECODE_SECONDS:.0f} s used up")
                break
            found = _frame_at(container, stream, target, deadline)
            if found is not None and all(abs(found[0] - t) > 1e-3 for t, _ in frames):
                frames.append((found[0], _scaled(found[1], min_side)))
    except (av.FFmpegError, ValueError, MemoryError, OSError) as exc:
        if not frames:
            raise _skip(name, "corrupt", f"FFmpeg: {exc}") from exc
        notes.append(f"stopped early: {exc}")
    if not frames:
        raise _skip(name, "corrupt", "no frame could be decoded")
    caption, camera = _words(container.metadata)
    return VideoClip(sorted(frames, key=lambda f: f[0]), width, height, duration,
                     _created(container.metadata), caption, camera, notes=notes)


def _duration(container: Any, stream: Any) -> float | None:
    if container.duration:
        return float(container.duration) / 1_000_000  # AV_TIME_BASE
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return None


def _frame_at(container: Any, stream: Any, target: float, deadline: float
              ) -> tuple[float, Any] | None:
    """The first frame at or after ``target`` (the last one decoded when the budget ends)."""
    if target > 0 and stream.time_base:
        container.seek(int(target / stream.time_base), stream=stream, backward=True)
    elif target <= 0:
        container.seek(0, stream=stream, backward=True)
    last = None
    for count, frame in enumerate(container.decode(stream)):
        when = float(frame.time) if frame.time is not None else target
        last = (when, frame)
        if when >= target - 1e-3 or count >= FRAMES_PER_SEEK or time.monotonic() > deadline:
            break
    return last


def _scaled(frame: Any, min_side: int) -> Image.Image:
    short = min(frame.width, frame.height)
    want = max(1, 2 * min_side)
    if short > want:
        scale = want / short
        frame = frame.reformat(width=max(1, round(frame.width * scale)),
                               height=max(1, round(frame.height * scale)))
    image: Image.Image = frame.to_image()  # RGB
    return image.convert("RGB") if image.mode != "RGB" else image


def _words(metadata: dict[str, str]) -> tuple[str, str]:
    lowered = {str(k).lower(): str(v) for k, v in (metadata or {}).items()}
    caption = " ".join(lowered[k] for k in _CAPTION_KEYS if lowered.get(k))
    camera = " ".join(dict.fromkeys(lowered[k] for k in _CAMERA_KEYS if lowered.get(k)))
    return caption[:2000], camera[:200]


def _created(metadata: dict[str, str]) -> float | None:
    text = str((metadata or {}).get("creation_time", "")).strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def _skip(path: str, reason: str, detail: str) -> ImageSkipped:
    logger.info("skipped %s: %s: %s", shown(path), reason, detail)
    return ImageSkipped(path, reason, detail)
