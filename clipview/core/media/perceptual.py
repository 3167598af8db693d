"""Perceptual hashes of a picture (dHash and pHash, 64 bits each) for the duplicate finder.

They are bit for bit imagehash 4.3's ``dhash(image)`` and ``phash(image)`` (hash_size 8,
highfreq_factor 4), and print as its ``str()`` does (16 hex digits, the first cell the most
significant bit). Our own because imagehash's pHash needs scipy for one 32x32 DCT (and
imagehash PyWavelets): 152 MB installed (scipy with its libraries, pywt) for a few lines of
numpy.

Both start with the same Pillow calls as imagehash (``convert("L")``, then a LANCZOS resize
to 9x8 or 32x32). dHash: is each pixel brighter than its left neighbour. pHash: is each of the
8x8 lowest-frequency coefficients of the 32x32 DCT-II (unnormalised, columns then rows, as
``scipy.fftpack.dct``) above their median. The DCT is not a cosine-matrix product: that
differs from scipy in the last bits, which decides every coefficient that ties the median
(flat, symmetric and gradient pictures, whose many zero coefficients scipy computes exactly
0.0). ``dct_ii`` computes it the way scipy's pocketfft does (its ``T_dcst23``: a pre-step,
a real inverse FFT of half length, which numpy's pocketfft computes with the same code, and a
post-step with pocketfft's own cosine table, from libm's cos and sin), so the coefficients
are the very same doubles. tests/core/test_perceptual_hash.py checks this against scipy and
imagehash (on x86-64 Linux; a build that fuses multiply-adds could differ in the last bit).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
from PIL import Image

HASH_CELLS = 8  # a side: 8x8 cells, 64 bits
DCT_SIDE = 32  # HASH_CELLS * imagehash's highfreq_factor 4

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class PerceptualHash:
    """64 bits; the first cell (top left) is the most significant, as imagehash orders them."""

    bits: int

    @classmethod
    def from_cells(cls, cells: npt.NDArray[np.bool_]) -> PerceptualHash:
        return cls(int.from_bytes(np.packbits(cells.ravel()).tobytes(), "big"))

    def __sub__(self, other: PerceptualHash) -> int:
        """The Hamming distance, bits that differ (imagehash's ``a - b``)."""
        return (self.bits ^ other.bits).bit_count()

    def __str__(self) -> str:
        return f"{self.bits:0{HASH_CELLS * HASH_CELLS // 4}x}"


def dhash(image: Image.Image) -> PerceptualHash:
    """imagehash.dhash(image): each pixel of the 9x8 grey picture brighter than its left one."""
    small = image.convert("L").resize((HASH_CELLS + 1, HASH_CELLS), Image.Resampling.LANCZOS)
    pixels = np.asarray(small)
    return PerceptualHash.from_cells(pixels[:, 1:] > pixels[:, :-1])


def phash(image: Image.Image) -> PerceptualHash:
    """imagehash.phash(image): the 32x32 grey picture's 8x8 lowest DCT coefficients above
    their median."""
    small = image.convert("L").resize((DCT_SIDE, DCT_SIDE), Image.Resampling.LANCZOS)
    pixels = np.asarray(small, dtype=np.float64)
    coefficients = dct_ii(dct_ii(pixels.T).T)  # along the columns, then along the rows
    low = coefficients[:HASH_CELLS, :HASH_CELLS]
    return PerceptualHash.from_cells(low > np.median(low))


def dct_ii(values: FloatArray) -> FloatArray:
    """Each row's DCT-II, unnormalised (``y[k] = 2 sum x[n] cos(pi k (2n+1) / 2N)``), the same
    doubles as ``scipy.fftpack.dct(values, axis=-1)``: pocketfft's steps for type 2 and an even
    length N (T_dcst23.exec), on a 2-D array of rows."""
    n = values.shape[-1]
    half = n // 2
    c = np.array(values, dtype=np.float64)
    c[:, 0] *= 2
    c[:, n - 1] *= 2
    odd, even = c[:, 1:n - 1:2], c[:, 2:n - 1:2]
    # pocketfft's MPINPLACE(c[k+1], c[k]) makes the spectrum; here as numpy's (re, im) pairs
    packed = np.zeros((c.shape[0], n + 2), dtype=np.float64)
    packed[:, 0] = c[:, 0]
    packed[:, 2:n:2] = even + odd   # the real parts of 1..N/2-1
    packed[:, 3:n:2] = even - odd   # their imaginary parts
    packed[:, n] = c[:, n - 1]
    spectrum = packed.view(np.complex128)
    # pocketfft's backward real FFT, factor 1
    r: FloatArray = np.fft.irfft(spectrum, n=n, axis=-1, norm="forward")
    low, high, middle = _twiddles(n)   # twiddle[k-1], twiddle[kc-1] (kc = N-k), twiddle[N/2-1]
    rk, rkc = r[:, 1:half], r[:, n - 1:half:-1]
    t1 = low * rkc + high * rk
    t2 = low * rk - high * rkc
    out: FloatArray = r.copy()
    out[:, 1:half] = 0.5 * (t1 + t2)
    out[:, n - 1:half:-1] = 0.5 * (t1 - t2)
    out[:, half] *= middle
    return out


@cache
def _twiddles(length: int) -> tuple[FloatArray, FloatArray, float]:
    """pocketfft's twiddle[i] = cos(2 pi (i+1) / 4N) (N = ``length``) as the DCT's post-step
    takes them: twiddle[k-1] and twiddle[N-k-1] for k = 1..N/2-1, and twiddle[N/2-1]."""
    twiddle = [_table_cos(i + 1, 4 * length) for i in range(length)]
    half = length // 2
    return (np.array(twiddle[:half - 1]), np.array(twiddle[length - 2:half - 1:-1]),
            twiddle[half - 1])


def _table_cos(index: int, n: int) -> float:
    """cos(2 pi index / n) as pocketfft's ``sincos_2pibyn(n)[index]`` gives it (for
    2 index <= n): the product of two table entries (index = high * (mask+1) + low), each
    from libm's cos or sin of an angle within the first octant, so not always the nearest
    double."""
    angle = 0.25 * math.pi / n
    shift = 1
    while (1 << shift) * (1 << shift) < (n + 2) // 2:
        shift += 1
    mask = (1 << shift) - 1
    low = _unit_root(index & mask, n, angle)
    high = _unit_root((index >> shift) * (mask + 1), n, angle)
    return low[0] * high[0] - low[1] * high[1]


def _unit_root(x: int, n: int, angle: float) -> tuple[float, float]:
    """(cos, sin) of 2 pi x / n for x < n / 2 (pocketfft's ``sincos_2pibyn::calc``, its first
    half turn; ``angle`` is 2 pi / 8n)."""
    x <<= 3
    if x >= 4 * n:
        raise ValueError("only the first half turn is needed here")
    if x < 2 * n:
        if x < n:
            return math.cos(x * angle), math.sin(x * angle)
        return math.sin((2 * n - x) * angle), math.cos((2 * n - x) * angle)
    x -= 2 * n
    if x < n:
        return -math.sin(x * angle), math.cos(x * angle)
    return -math.cos((2 * n - x) * angle), math.sin((2 * n - x) * angle)
