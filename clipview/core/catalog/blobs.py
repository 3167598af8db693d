"""How the catalog stores a vector: half precision (IEEE float16, little-endian), 2 bytes a
value; every reader gets float32 back. A unit vector loses at most 2^-11 of each value
(≤ 2.5e-4 on a value below 1; a 512-d dot product moves by ~1e-5): what search needs, at half
the bytes (issue 20: 1,024 bytes a 512-d vector fit in a table page three to a 4 KiB page,
where 2,048 each overflowed into a page of their own). The readers for search hand out the
stored values made unit length again (``unit``: rounding moves a norm by up to ~2e-4 in few
dimensions); ``as_stored`` gives fresh vectors exactly as those readers will.

A blob of another length is damage (``health`` reports it): readers skip it, and the
conversion of an older catalog's float32 blobs (``half_blob``, migration 6) keeps a blob of
the wrong length wrong."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

STORED = np.dtype("<f2")   # the stored type
VALUE_BYTES = STORED.itemsize
#: how far a value read back may be from the one written, a vector's unit length included
#: (float16 keeps 11 bits: ≤ 2.5e-4 below 1; an index that normalises what it holds moves
#: a value by the stored norm's own rounding too): what comparing with the catalog allows
STORED_ATOL = 1e-3


def blob_length(dim: int) -> int:
    """Bytes of a sound stored vector of ``dim`` values."""
    return VALUE_BYTES * dim


def to_blob(vector: np.ndarray) -> bytes:
    """The stored form of ``vector`` (values beyond float16's range become infinite: such a
    vector was unusable already)."""
    with np.errstate(over="ignore"):
        return np.asarray(vector, np.float32).astype(STORED).tobytes()


def from_blob(blob: bytes) -> np.ndarray:
    """A stored vector as float32 (``blob`` of an even length)."""
    return np.frombuffer(blob, STORED).astype(np.float32)


def from_blobs(blobs: Sequence[bytes], dim: int) -> np.ndarray:
    """Stored vectors of ``dim`` values each as one float32 matrix (len(blobs), dim)."""
    if not blobs:
        return np.zeros((0, dim), np.float32)
    return np.frombuffer(b"".join(blobs), STORED).astype(np.float32).reshape(len(blobs), dim)


def unit(vectors: np.ndarray) -> np.ndarray:
    """Rows of ``vectors`` (usable ones: finite, near unit length) scaled to unit length."""
    rows = np.asarray(vectors, np.float32)
    norms = np.maximum(np.linalg.norm(rows, axis=-1, keepdims=True), np.float32(1e-12))
    return np.asarray(rows / norms, np.float32)


def as_stored(vectors: np.ndarray) -> np.ndarray:
    """Usable ``vectors`` as the catalog's readers for search hand them back once stored (the
    stored values, unit length): what an index given fresh vectors should hold to agree
    with one rebuilt from the catalog."""
    with np.errstate(over="ignore"):
        return unit(np.asarray(vectors, np.float32).astype(STORED).astype(np.float32))


def half_blob(blob: bytes | None) -> bytes | None:
    """An older catalog's float32 blob in the stored form (migration 6). A blob that is no
    whole number of float32 values is damage and stays damage: it becomes one of an odd
    length, which no sound vector has."""
    if blob is None:
        return None
    data = bytes(blob)
    if len(data) % 4:
        return data if len(data) % 2 else data + b"\0"
    return to_blob(np.frombuffer(data, "<f4"))


def single_blob(blob: bytes) -> bytes:
    """A stored blob as float32 bytes (a folder's snapshot hands them out so); one of an odd
    length (damage) as it is."""
    data = bytes(blob)
    return data if len(data) % 2 else from_blob(data).tobytes()
