"""A filtered search builds its filter once: the allowed ids of a narrowing filter come from
one catalog query over the whole library (at a million photos, each one counts)."""

from __future__ import annotations

from pathlib import Path

import pytest

import clipview
from clipview.core.catalog.browse import Browse
from clipview.core.search.search import Filters
from tests.helpers.library_data import colour_folder, run_index
from tests.helpers.synthetic_bundle import colour_photo


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
        found = library.search("red", 5, inside)
        assert found and all("/set0/" in r.path for r in found) and len(calls) == 1
        calls.clear()
        for query in ("set0 red", "blue"):   # "set0" also matches a folder's words (fused)
            found = library.search(query, 5, inside)
            assert found and all("/set0/" in r.path for r in found)
        similar = library.similar(found[0].path, 3, inside)
        assert similar and all("/set0/" in r.path for r in similar)
        assert calls == []   # the same scope, the catalog unchanged: asked once in all


def test_a_scope_is_asked_again_once_the_catalog_changed(
        tmp_path: Path, colour_bundle: Path) -> None:
    colour_folder(tmp_path / "photos")
    with clipview.open_library(tmp_path / "lib", colour_bundle, "cpu") as library:
        library.add_folder(tmp_path / "photos")
        run_index(library)
        inside = Filters(folder=str(tmp_path / "photos" / "set0"))
        before = {r.path for r in library.search("teal", 50, inside)}
        colour_photo(tmp_path / "photos" / "set0" / "teal_new.png", "teal")
        run_index(library)
        after = library.search("teal", 50, inside)
        assert {r.path for r in after} - before == {str(tmp_path / "photos/set0/teal_new.png")}
        assert after[0].path.endswith("teal_new.png")
