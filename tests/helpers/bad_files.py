"""Files that are not what they claim: built by the tests, never shipped."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path


def png_bomb(path: Path, width: int = 30000, height: int = 30000) -> Path:
    """A tiny PNG file whose header claims width × height pixels (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = b"\x00" + b"\x00" * (width * 3)
    body = zlib.compress(row * 16, 9)  # only the first rows: the rest is never reached
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body)
                     + chunk(b"IEND", b""))
    return path


def truncated_copy(source: Path, target: Path, keep: float = 0.5) -> Path:
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * keep)])
    return target


def bad_input_corpus(root: Path) -> tuple[set[str], dict[str, str]]:
    """A folder of odd files. Returns (names of valid photos, bad name → expected reason)."""
    import numpy as np
    from PIL import Image

    from tests.helpers.synthetic_bundle import colour_photo

    root.mkdir(parents=True, exist_ok=True)
    valid = set()
    for name, colour in [("plain.jpg", "red"), ("ünïcødé 写真.jpg", "blue"),
                         ("new\nline.png", "green")]:
        colour_photo(root / name, colour)
        valid.add(name)
    Image.new("CMYK", (64, 48), (0, 255, 255, 0)).save(root / "cmyk.jpg")
    import clipview.core.media.preprocess  # noqa: F401  (registers the HEIF plugin)

    Image.new("RGB", (64, 48), (255, 0, 255)).save(root / "phone.HEIC")
    Image.fromarray(np.full((40, 40), 50000, np.uint16)).save(root / "deep16.png")
    palette = Image.new("P", (30, 30), 0)
    palette.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    palette.paste(1, (0, 0, 15, 30))
    palette.save(root / "palette_alpha.png", transparency=0)
    frames = [Image.new("RGB", (32, 32), c) for c in ((255, 0, 0), (0, 0, 255))]
    frames[0].save(root / "animated.gif", save_all=True, append_images=frames[1:],
                   duration=100, loop=0)
    exif = Image.Exif()
    exif[0x0112] = 6
    Image.new("RGB", (60, 40), (0, 255, 0)).save(root / "rotated.jpg", exif=exif)
    valid.update({"phone.HEIC", "cmyk.jpg", "deep16.png", "palette_alpha.png", "animated.gif",
                  "rotated.jpg"})
    (root / "empty.jpg").write_bytes(b"")
    full = colour_photo(root / "to_cut.jpg", "yellow", size=(300, 300), noise=60)
    truncated_copy(full, root / "truncated.jpg", keep=0.4)
    full.unlink()
    (root / "notes.png").write_text("shopping list, not a picture\n")
    png_bomb(root / "bomb.png")
    (root / "loop").mkdir()
    (root / "loop" / "back_to_top").symlink_to(root, target_is_directory=True)
    (root / "broken_link.jpg").symlink_to(root / "does-not-exist.jpg")
    bad = {"empty.jpg": "corrupt", "truncated.jpg": "truncated", "notes.png": "not an image",
           "bomb.png": "too many pixels", "broken_link.jpg": "unreadable"}
    return valid, bad


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def palette_png_bomb(path: Path, side: int = 12000) -> Path:
    """A valid 1-bit palette PNG of side × side pixels in a few KB (144 MP in ~18 KB): it
    decodes to side² bytes as 'P' and three times that as RGB."""
    header = struct.pack(">IIBBBBB", side, side, 1, 3, 0, 0, 0)
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    palette = bytes([200, 30, 30, 30, 200, 30])
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
                     + _png_chunk(b"PLTE", palette) + _png_chunk(b"IDAT", body)
                     + _png_chunk(b"IEND", b""))
    return path


EPS_SOURCE = b"""%!PS-Adobe-3.0 EPSF-3.0
%%BoundingBox: 0 0 32 32
%%EndComments
1 0 0 setrgbcolor 0 0 32 32 rectfill
showpage
%%EOF
"""


def eps_named_jpg(path: Path) -> Path:
    """A PostScript program under a photo's name: Pillow would hand it to Ghostscript."""
    path.write_bytes(EPS_SOURCE)
    return path


def corrupt_heic(path: Path, width: int = 60000, height: int = 60000) -> Path:
    """A small valid HEIC whose 'ispe' boxes claim width × height pixels (pillow-heif's
    decoder raises RuntimeError on it)."""
    import io

    from PIL import Image

    import clipview.core.media.preprocess  # noqa: F401  (registers the HEIF plugin)

    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (255, 0, 255)).save(buffer, "HEIF")
    data = bytearray(buffer.getvalue())
    start = data.find(b"ispe")
    while start != -1:
        struct.pack_into(">II", data, start + 8, width, height)
        start = data.find(b"ispe", start + 4)
    path.write_bytes(bytes(data))
    return path
