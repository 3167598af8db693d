"""The one rule for a usable embedding: every value finite, and of unit length.

``check`` calls a stored vector bad by this rule (``catalog_health``), and the encoder
refuses to hand out a vector that breaks it, so the indexer never stores one. A catalog
damaged from outside may hold one all the same: the catalog's readers for searching leave
such rows out (``usable``), without a numpy warning.
"""

from __future__ import annotations

import numpy as np

UNIT_TOLERANCE = 1e-3


def unusable_rows(vectors: np.ndarray, tolerance: float = UNIT_TOLERANCE
                  ) -> tuple[np.ndarray, np.ndarray]:
    """Masks over the rows of ``vectors`` (N, D): (not finite, finite but not of unit
    length). An all-zero row (what normalising NaN gives) is not of unit length."""
    vectors = np.asarray(vectors, np.float32).reshape(len(vectors), -1)
    finite = np.asarray(np.isfinite(vectors).all(axis=1), bool)
    with np.errstate(invalid="ignore", over="ignore"):
        norms = np.linalg.norm(np.where(np.isfinite(vectors), vectors, 0), axis=1)
    off_unit = finite & (np.abs(norms - 1.0) > tolerance)
    return ~finite, off_unit


def bad_rows(vectors: np.ndarray) -> np.ndarray:
    """True for each row of ``vectors`` that breaks the rule (either way)."""
    not_finite, not_unit = unusable_rows(vectors)
    bad: np.ndarray = not_finite | not_unit
    return bad


def usable(vectors: np.ndarray) -> np.ndarray:
    """True for each row of ``vectors`` that keeps the rule."""
    if not len(vectors):
        return np.zeros(0, bool)
    keep: np.ndarray = ~bad_rows(vectors)
    return keep
