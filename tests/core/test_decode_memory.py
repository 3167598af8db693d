"""The decode budget bounds the whole process: eight decode threads on 144 MP PNGs (a few
hundred KB each on disk) stay under 2 GiB, whatever the core count."""

from __future__ import annotations

import json
import shutil
import struct
import subprocess
import sys
import textwrap
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from clipview.core.errors import ImageSkipped
from clipview.core.media import decode_memory
from clipview.core.media.decode_budget import DecodeBudget
from clipview.core.media.decode_memory import decode_cost, reduction, to_small_rgb
from clipview.core.media.image_modes import to_rgb
from clipview.core.media.preprocess import decoded_photo
from tests.helpers.bad_files import _png_chunk, palette_png_bomb

SIDE = 12000  # 144 MP
LIMIT_KB = 2 * 1024 * 1024  # 2 GiB

# Indexes the folder in this process with the worker count forced (os.cpu_count is what
# the pool's size comes from), then says its own peak resident memory.
CHILD = textwrap.dedent("""
    import json, os, resource, sys
    if int(sys.argv[3]):
        os.cpu_count = lambda: int(sys.argv[3])
    from pathlib import Path
    import clipview
    from clipview.core.library.indexer import IndexJob
    lib = clipview.open_library(Path(sys.argv[1]) / "home", Path(sys.argv[2]), device="cpu")
    lib.add_folder(Path(sys.argv[1]) / "photos")
    summary = [p.summary for p in lib.index() if p.summary is not None][0]
    lib.close()
    print(json.dumps({"indexed": summary.indexed, "skipped": len(summary.skipped),
                      "workers": IndexJob.workers,
                      "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
""")


def rgba_png(path: Path, side: int) -> Path:
    """A valid 8-bit RGBA PNG of side × side pixels of one colour (a few hundred KB)."""
    header = struct.pack(">IIBBBBB", side, side, 8, 6, 0, 0, 0)
    row = b"\x00" + b"\x60\x90\xc0\xff" * side
    packer = zlib.compressobj(6)
    body = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
                     + _png_chunk(b"IDAT", body) + _png_chunk(b"IEND", b""))
    return path


def index_peak(root: Path, bundle: Path, workers: int) -> dict[str, int]:
    result = subprocess.run([sys.executable, "-c", CHILD, str(root), str(bundle), str(workers)],
                            capture_output=True, text=True, timeout=300,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0, result.stderr[-2000:]
    found: dict[str, int] = json.loads(result.stdout.strip().splitlines()[-1])
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss in KB: Linux")
@pytest.mark.parametrize("kind", ["palette", pytest.param("rgba", marks=pytest.mark.slow)])
def test_eight_decode_threads_on_144_mp_pngs_stay_under_2_gib(
        tmp_path: Path, colour_bundle: Path, kind: str) -> None:
    photos = tmp_path / "photos"
    photos.mkdir()
    first = (palette_png_bomb(photos / "p0.png", SIDE) if kind == "palette"
             else rgba_png(photos / "p0.png", SIDE))
    assert first.stat().st_size < 600_000
    for n in range(1, 8):
        shutil.copyfile(first, photos / f"p{n}.png")
    for workers in (8, 0):  # forced to eight, and the machine's own count
        shutil.rmtree(tmp_path / "home", ignore_errors=True)
        run = index_peak(tmp_path, colour_bundle, workers)
        assert run["indexed"] == 8 and run["skipped"] == 0
        assert workers == 0 or run["workers"] == 8
        assert run["peak_kb"] <= LIMIT_KB, f"{run['peak_kb'] / 1024:.0f} MiB with {run}"


def test_the_cost_counts_the_mode_expansion_before_decoding(tmp_path: Path) -> None:
    with Image.open(palette_png_bomb(tmp_path / "bomb.png", SIDE)) as bomb:
        check_costs(bomb)


def check_costs(bomb: Image.Image) -> None:
    assert bomb.mode == "P"
    factor = reduction(bomb.size, 224)
    assert factor == SIDE // 448
    reduced = decode_cost(bomb, factor, oriented=False)
    assert SIDE * SIDE <= reduced < SIDE * SIDE + (64 << 20)  # as 'P', plus a strip's work
    full = decode_cost(bomb, 1, oriented=False)
    assert full >= SIDE * SIDE * 5  # 'P' and its RGB (four bytes a pixel in Pillow)
    rgba = Image.new("RGBA", (100, 100))
    assert decode_cost(rgba, 1, oriented=True) >= 100 * 100 * (4 + 16 + 4)


def test_a_photo_whose_decode_alone_is_over_the_budget_is_refused(tmp_path: Path) -> None:
    bomb = palette_png_bomb(tmp_path / "bomb.png", 4000)
    budget = DecodeBudget(2 * 4000 * 4000)  # 'P' and a strip fit, its full-size RGB not
    with pytest.raises(ImageSkipped) as refused, decoded_photo(bomb, budget=budget):
        pass
    assert refused.value.reason == "too many pixels"
    assert "decode memory budget" in refused.value.detail
    assert budget.peak == 0  # nothing was decoded
    with decoded_photo(bomb, min_side=224, budget=budget) as photo:  # reduced: it fits
        assert photo.image.size == (4000 // 8, 4000 // 8)
    with pytest.raises(ValueError), budget.reserve(budget.total + 1):
        pass


@pytest.mark.parametrize("mode", ["RGBA", "RGB", "L", "LA", "CMYK", "1", "P", "I;16", "I",
                                  "F"])
def test_strip_by_strip_conversion_is_the_whole_image_reduced(
        mode: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decode_memory, "STRIP_PIXELS", 50_000)  # many strips, a partial last
    rng = np.random.default_rng(1)
    base = Image.fromarray(rng.integers(0, 256, (997, 1301, 4), dtype=np.uint8), "RGBA")
    if mode == "I;16":
        image = Image.fromarray(rng.integers(0, 65536, (997, 1301)).astype(np.uint16))
    elif mode == "I":
        image = Image.fromarray(rng.integers(0, 4000, (997, 1301)).astype(np.int32))
    elif mode == "F":
        image = Image.fromarray(rng.random((997, 1301)).astype(np.float32))
    elif mode == "P":
        image = base.convert("RGB").quantize(64)
        image.info["transparency"] = 5
    else:
        image = base.convert(mode)
    assert image.mode == mode
    for factor in (2, 7):
        small = to_small_rgb(image, factor)
        assert small.mode == "RGB"
        whole = np.asarray(to_rgb(image).reduce(factor)).astype(int)
        difference = np.abs(np.asarray(small).astype(int) - whole)
        # 'I' and 'F' are reduced before they are converted: rounding differs by one
        assert difference.max() <= (1 if mode in ("I", "F") else 0)
