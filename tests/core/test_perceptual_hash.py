"""clipview's own dHash and pHash (clipview/core/media/perceptual.py) are bit for bit
imagehash 4.3's ``dhash(image)`` and ``phash(image)``, and print as its ``str()``: on every
real photo of the shared set as the duplicate finder decodes it, and on the pictures whose
DCT coefficients tie their median (flat, symmetric, gradients, odd modes and shapes), where
only the very same doubles as scipy's DCT give the same bits. The duplicate finder no longer
loads scipy or imagehash."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import imagehash
import numpy as np
import pytest
import scipy.fftpack
from PIL import Image

from clipview.core.library.duplicates import HASH_SIDE, picture_hash
from clipview.core.media.perceptual import PerceptualHash, dct_ii, dhash, phash
from clipview.core.media.preprocess import open_photo
from tests.helpers.paths import PHOTOS_DIR, REPO

SIDE = 32


def assert_same_hashes(image: Image.Image, label: str) -> None:
    ours, theirs = (dhash(image), phash(image)), (imagehash.dhash(image), imagehash.phash(image))
    assert [str(h) for h in ours] == [str(h) for h in theirs], label


def real_photos() -> list[Path]:
    if not PHOTOS_DIR.is_dir():
        pytest.skip(f"shared photos not found at {PHOTOS_DIR} (set CLIPVIEW_SHARED)")
    return sorted(p for p in PHOTOS_DIR.glob("*/*") if p.suffix.lower() in (".jpg", ".jpeg"))


def test_real_photos_hash_as_imagehash_does() -> None:
    """All 510 photos, decoded as the duplicate finder decodes them (``picture_hash``), and
    as Pillow opens them (3 are grey): the same hex strings, and the same distances between
    neighbours."""
    photos = real_photos()
    assert len(photos) >= 500
    previous: tuple[PerceptualHash, imagehash.ImageHash] | None = None
    for path in photos:
        ours = picture_hash(str(path))
        assert ours is not None, path
        image = open_photo(path, min_side=HASH_SIDE).image
        theirs = imagehash.phash(image)
        assert (str(ours.dhash), str(ours.phash)) == (str(imagehash.dhash(image)),
                                                       str(theirs)), path
        if previous is not None:
            assert ours.phash - previous[0] == theirs - previous[1], path
        previous = (ours.phash, theirs)
        with Image.open(path) as opened:
            assert_same_hashes(opened, f"{path} as opened ({opened.mode})")


def _grey(pixels: np.ndarray) -> Image.Image:
    return Image.fromarray(np.asarray(pixels, dtype=np.uint8), "L")


def _gradient(width: int, height: int) -> np.ndarray:
    return np.add.outer(np.arange(height), np.arange(width)) * 255 // max(1, width + height - 2)


def _sixteen_bit() -> Image.Image:
    image = Image.new("I;16", (300, 200))
    image.frombytes((np.tile(np.arange(300, dtype="<u2") * 200, (200, 1))).tobytes())
    return image


def _mirrored(seed: int) -> np.ndarray:
    half = np.random.default_rng(seed).integers(0, 256, (SIDE, SIDE // 2))
    return np.hstack([half, half[:, ::-1]])


def _transposed_twin(seed: int) -> np.ndarray:
    block = np.random.default_rng(seed).integers(0, 128, (SIDE, SIDE))
    return block + block.T


COORDS = np.indices((SIDE, SIDE))
HARD_CASES: dict[str, Callable[[], Image.Image]] = {
    "flat black": lambda: Image.new("L", (64, 48), 0),
    "flat grey": lambda: Image.new("L", (64, 48), 128),
    "flat white": lambda: Image.new("L", (32, 32), 255),
    "flat colour": lambda: Image.new("RGB", (500, 375), (200, 30, 90)),
    "1x1": lambda: Image.new("RGB", (1, 1), (10, 200, 30)),
    "1x1 grey": lambda: Image.new("L", (1, 1), 77),
    "2000x1": lambda: _grey(_gradient(2000, 1)),
    "1x2000": lambda: _grey(_gradient(1, 2000)),
    "3x900 noise": lambda: _grey(np.random.default_rng(1).integers(0, 256, (900, 3))),
    "horizontal gradient": lambda: _grey(np.tile(np.arange(256), (64, 1))),
    "vertical gradient": lambda: _grey(np.tile(np.arange(256)[:, None], (1, 64))),
    "diagonal gradient": lambda: _grey(_gradient(300, 300)),
    "checkerboard": lambda: _grey(COORDS.sum(axis=0) % 2 * 255),
    "stripes": lambda: _grey(np.tile(np.arange(SIDE) // 4 % 2 * 255, (SIDE, 1))),
    "centred square": lambda: _grey(np.pad(np.full((16, 16), 255), 8)),
    "radial": lambda: _grey(255 - np.hypot(*(COORDS - 15.5)) * 10),
    "mirrored noise": lambda: _grey(_mirrored(2)),
    "transposed twin": lambda: _grey(_transposed_twin(3)),
    "RGBA half transparent": lambda: Image.fromarray(
        np.dstack([np.random.default_rng(4).integers(0, 256, (40, 50, 3)),
                   np.tile(np.arange(50) % 2 * 255, (40, 1))]).astype(np.uint8), "RGBA"),
    "LA": lambda: Image.new("LA", (33, 31), (90, 0)),
    "palette": lambda: Image.fromarray(np.random.default_rng(5).integers(
        0, 256, (60, 80, 3)).astype(np.uint8), "RGB").quantize(16),
    "bilevel": lambda: _grey(COORDS[0] // 8 % 2 * 255).convert("1"),
    "16-bit": _sixteen_bit,
    "32-bit int": lambda: Image.fromarray(_gradient(70, 50).astype(np.int32) * 1000, "I"),
    "float": lambda: Image.fromarray(_gradient(70, 50).astype(np.float32) / 3, "F"),
    "CMYK": lambda: Image.new("CMYK", (40, 40), (0, 255, 0, 30)),
}


@pytest.mark.parametrize("name", sorted(HARD_CASES))
def test_hard_pictures_hash_as_imagehash_does(name: str) -> None:
    assert_same_hashes(HARD_CASES[name](), name)


def test_median_ties_hash_as_imagehash_does() -> None:
    """Random pictures built to tie: few levels, mirrored, transposed twins, blocks."""
    rng = np.random.default_rng(19)
    ties = 0
    for n in range(1500):
        levels = rng.integers(0, 256, 3)[rng.integers(0, 3, (SIDE // 4, SIDE // 4))]
        pixels = [np.kron(levels, np.ones((4, 4))), _mirrored(n), _transposed_twin(n)][n % 3]
        if n % 2:
            pixels = pixels[::-1]
        image = _grey(pixels)
        assert_same_hashes(image, f"case {n}")
        grey = np.asarray(image.resize((SIDE, SIDE), Image.Resampling.LANCZOS), np.float64)
        low = scipy.fftpack.dct(scipy.fftpack.dct(grey, axis=0), axis=1)[:8, :8]
        ties += int(np.any(low == np.median(low)))
    assert ties > 100  # the cases do reach ties (counted with scipy's own coefficients)


def test_dct_is_scipys_doubles() -> None:
    """Every coefficient equal, not within rounding: random doubles and pixel rows."""
    rng = np.random.default_rng(7)
    for scale in (1e-3, 1.0, 255.0, 1e6):
        rows = rng.standard_normal((400, SIDE)) * scale
        assert np.array_equal(dct_ii(rows), scipy.fftpack.dct(rows, axis=-1)), scale
    pixels = rng.integers(0, 256, (200, SIDE, SIDE)).astype(np.float64)
    for block in pixels:
        ours = dct_ii(dct_ii(block.T).T)
        assert np.array_equal(ours, scipy.fftpack.dct(scipy.fftpack.dct(block, axis=0), axis=1))


def test_hash_value_prints_and_subtracts_as_imagehash() -> None:
    cells = np.zeros((8, 8), bool)
    cells[0, 0] = cells[7, 7] = cells[3, 4] = True
    ours, theirs = PerceptualHash.from_cells(cells), imagehash.ImageHash(cells)
    assert str(ours) == str(theirs) == "8000000800000001"
    assert str(PerceptualHash(0)) == str(imagehash.ImageHash(np.zeros((8, 8), bool)))
    other = np.random.default_rng(8).random((8, 8)) > 0.5
    assert ours - PerceptualHash.from_cells(other) == theirs - imagehash.ImageHash(other)


def test_duplicate_finder_loads_neither_scipy_nor_imagehash(tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    _grey(_gradient(300, 200)).save(photo)
    code = ("import sys\n"
            "from clipview.core.library.duplicates import picture_hash\n"
            f"assert picture_hash({str(photo)!r}) is not None\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('scipy', 'imagehash',"
            " 'pywt')))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, timeout=120, check=True)
    assert done.stdout.strip() == "[]"
