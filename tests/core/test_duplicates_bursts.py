"""Byte-identical copies are found among a burst of near-identical shots (issue 17, item 5):
the catalog's digests group them whatever the vectors say, and neither the exact pairs nor
the index's neighbours stop at a fixed count of ties."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import clipview
from clipview.core.library.copies import IDENTICAL
from clipview.core.library.duplicates import exact_pairs, index_pairs
from clipview.core.library.library import Library
from clipview.core.media import hashing
from tests.helpers.bursts import burst_with_copies
from tests.helpers.library_data import run_index


@pytest.fixture()
def burst(tmp_path: Path, colour_bundle: Path) -> Iterator[tuple[Library, list[Path], Path,
                                                               list[Path]]]:
    shots, original, copies = burst_with_copies(tmp_path / "photos")
    lib = clipview.open_library(tmp_path / "home", clipview.load_model(colour_bundle, "cpu"))
    lib.add_folder(tmp_path / "photos")
    run_index(lib)
    yield lib, shots, original.resolve(), [c.resolve() for c in copies]
    lib.close()


def test_byte_copies_are_grouped_among_tied_vectors(burst) -> None:  # type: ignore[no-untyped-def]
    library, shots, original, copies = burst
    vectors = [library.catalog.vectors.of(str(p.resolve()), library.model_id) for p in shots]
    first = vectors[0][1]
    assert all(float(v[1] @ first) >= 0.9999 for v in vectors)
    for exact_limit in (20000, 1):   # exact products, and the HNSW index's neighbours
        groups = library.duplicates(exact_limit=exact_limit)
        assert [sorted(g.paths) for g in groups] == [
            sorted(str(p) for p in [original, *copies])], exact_limit
        assert groups[0].reason == IDENTICAL


def test_unchanged_byte_copies_are_not_read_again(burst,  # type: ignore[no-untyped-def]
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Their group and its reason come from the catalog's digests: no file is digested."""
    library, _, original, copies = burst
    read: list[str] = []
    digest = hashing.file_digest

    def counting(path: str) -> str:
        read.append(path)
        return digest(path)

    monkeypatch.setattr(hashing, "file_digest", counting)
    (group,) = library.duplicates()
    assert sorted(group.paths) == sorted(str(p) for p in [original, *copies])
    assert group.reason == IDENTICAL and read == []


def test_byte_copies_in_a_folder_and_a_changed_copy(burst) -> None:  # type: ignore[no-untyped-def]
    library, shots, original, copies = burst
    (group,) = library.duplicates(folder=copies[0].parent)
    assert sorted(group.paths) == sorted(str(c) for c in copies)
    copies[1].write_bytes(shots[3].read_bytes())  # another shot now, not indexed again yet
    groups = library.duplicates()   # the catalog's digest of copy_1 is not trusted now
    assert sorted(sorted(g.paths) for g in groups) == sorted(
        [sorted([str(original), str(copies[0])]), sorted([str(shots[3].resolve()),
                                                           str(copies[1])])])


def test_vector_pairs_have_no_fixed_cap_among_ties() -> None:
    vectors = np.ones((40, 4), np.float32)
    pairs = exact_pairs(np.arange(40), vectors, cosine=0.95)
    assert len(pairs) == 40 * 39 // 2

    def search(vector: np.ndarray, k: int) -> list[tuple[int, float]]:
        return [(n, 1.0) for n in range(min(k, 40))]

    found = index_pairs([(39, vectors[39])], search, cosine=0.95, neighbours=16)
    assert found == {(n, 39) for n in range(39)}
