"""A filtered search builds its filter once: the allowed ids of a narrowing filter come from
one catalog query over the whole library (at a million photos, each one counts)."""

from __future__ import annotations

from pathlib import Path

import pytest

import clipview
from clipview.core.catalog.browse import Browse
from clipview.core.search.search import Filters
from tests.helpers.library_data import colour_folder, run_index


def test_a_filtered_search_asks_the_catalog_for_its_allowed_ids_once(
        tmp_path: Path, colour_bundle: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    colour_folder(tmp_path / "photos")
    calls: list[tuple[str, ...]] = []
    real = Browse.ids

    def counted(browse: Browse, folders: tuple[str, ...] = (), after: float | None = None,
                before: float | None = None) -> set[int]:
        calls.append(folders)
        return real(browse, folders, after, before)

    monkeypatch.setattr(Browse, "ids", counted)
    with clipview.open_library(tmp_path / "lib", colour_bundle, "cpu") as library:
        library.add_folder(tmp_path / "photos")
        run_index(library)
        inside = Filters(folder=str(tmp_path / "photos" / "set0"))
        for query in ("red", "set0 red"):   # "set0" also matches a folder's words (fused)
            calls.clear()
            found = library.search(query, 5, inside)
            assert found and all("/set0/" in r.path for r in found)
            assert len(calls) == 1, query
        calls.clear()
        similar = library.similar(found[0].path, 3, inside)
        assert similar and all("/set0/" in r.path for r in similar) and len(calls) == 1
