"""RAW files and videos the tests make themselves: DNGs written with tifffile (a real
TIFF/DNG structure that LibRaw reads) and tiny videos written with PyAV."""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import tifffile
from PIL import Image

from tests.helpers.synthetic_bundle import COLOUR_RGB

# a Bayer mosaic's level per colour channel for LibRaw's identity colour matrix
_DNG_TAGS = [(50706, "B", 4, (1, 4, 0, 0), True),          # DNGVersion 1.4
             (50707, "B", 4, (1, 1, 0, 0), True),          # DNGBackwardVersion
             (50721, "2i", 9, (1, 1, 0, 1, 0, 1, 0, 1, 1, 1, 0, 1, 0, 1, 0, 1, 1, 1), True),
             (50778, "H", 1, 21, True),                    # CalibrationIlluminant1 D65
             (50728, "2I", 3, (1, 1, 1, 1, 1, 1), True)]   # AsShotNeutral
_CFA_TAGS = [(33421, "H", 2, (2, 2), True),                # CFARepeatPatternDim
             (33422, "B", 4, (0, 1, 1, 2), True),          # CFAPattern RGGB
             (50714, "H", 1, 0, True),                     # BlackLevel
             (50717, "H", 1, 4095, True)]                  # WhiteLevel


def _mosaic(rgb: tuple[int, int, int], width: int, height: int) -> np.ndarray:
    levels = [max(40, int(c / 255 * 4000)) for c in rgb]
    raw = np.empty((height, width), np.uint16)
    raw[0::2, 0::2] = levels[0]
    raw[0::2, 1::2] = levels[1]
    raw[1::2, 0::2] = levels[1]
    raw[1::2, 1::2] = levels[2]
    return raw


def write_dng(path: Path, colour: str, *, preview: str | None = "jpeg", description: str = "",
              make: str = "TestCam", model: str = "TC-1", size: tuple[int, int] = (64, 48)
              ) -> Path:
    """A DNG of one colour. ``preview`` "jpeg": the mosaic in a SubIFD and an embedded JPEG
    preview of that colour in IFD0 (how cameras and Adobe's converter lay them out);
    "bitmap": an uncompressed RGB preview there instead; None: the mosaic alone in IFD0, so
    LibRaw has to decode it. EXIF Make/Model/ImageDescription in IFD0."""
    rgb = COLOUR_RGB[colour]
    width, height = size
    path.parent.mkdir(parents=True, exist_ok=True)
    text = [(271, "s", 0, make, True), (272, "s", 0, model, True),
            (50708, "s", 0, f"{make} {model}", True)]
    mosaic = _mosaic(rgb, width, height)
    with tifffile.TiffWriter(path) as tiff:
        if preview is None:
            tiff.write(mosaic, photometric=32803, subfiletype=0, compression=None,
                       extratags=_DNG_TAGS + text + _CFA_TAGS,
                       description=description or None, metadata=None)
            return path
        small = np.empty((height // 2, width // 2, 3), np.uint8)
        small[:] = rgb
        tiff.write(small, photometric="rgb", subfiletype=1, subifds=1,
                   extratags=_DNG_TAGS + text, description=description or None,
                   metadata=None)
        tiff.write(mosaic, photometric=32803, subfiletype=0, extratags=_CFA_TAGS,
                   compression=None)
    if preview == "jpeg":
        _embed_jpeg(path, Image.new("RGB", (width // 2, height // 2), rgb))
    return path


def _embed_jpeg(path: Path, image: Image.Image) -> None:
    """Turn IFD0's uncompressed strip into a JPEG strip (Compression 7): tifffile writes
    JPEG only with imagecodecs, so the tags are patched in place."""
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    jpeg = buffer.getvalue()
    with tifffile.TiffFile(path) as tiff:
        page = tiff.pages[0]
        assert isinstance(page, tifffile.TiffPage)
        offset, room = page.dataoffsets[0], page.databytecounts[0]
        compression = page.tags["Compression"].valueoffset
        counts = page.tags["StripByteCounts"]
        count_format = "<I" if counts.dtype == 4 else "<Q" if counts.dtype == 16 else "<H"
        count_at = counts.valueoffset
    assert len(jpeg) <= room, "the preview JPEG must fit in the strip it replaces"
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(jpeg)
        handle.seek(compression)
        handle.write(struct.pack("<H", 7))
        handle.seek(count_at)
        handle.write(struct.pack(count_format, len(jpeg)))


def write_video(path: Path, colours: Sequence[str], *, seconds_each: float = 2.0,
                fps: int = 10, size: tuple[int, int] = (64, 48), codec: str = "mpeg4",
                metadata: dict[str, str] | None = None) -> Path:
    """A video of solid-colour segments (``colours`` in order, ``seconds_each`` each)."""
    import av

    path.parent.mkdir(parents=True, exist_ok=True)
    width, height = size
    with av.open(str(path), "w") as container:
        for key, value in (metadata or {}).items():
            container.metadata[key] = value
        stream = container.add_stream(codec, rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for colour in colours:
            pixels = np.empty((height, width, 3), np.uint8)
            pixels[:] = COLOUR_RGB[colour]
            for _ in range(round(seconds_each * fps)):
                frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
                for packet in stream.encode(frame):
                    container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path
