"""The Python API answers queries longer than a file name and queries with bytes that are
not UTF-8 (results, or a ClipviewError: never a bare OSError or TypeError; issue 17)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

import clipview
from clipview.core.errors import ClipviewError
from clipview.core.library.library import Library
from tests.helpers.library_data import colour_folder, colour_of, run_index

LONG = " ".join(["a long natural sentence about a red car parked by the sea"] * 6)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, colour_bundle: Path
            ) -> Iterator[Library]:
    root = tmp_path_factory.mktemp("odd-api")
    colour_folder(root / "photos", {"red": 2, "blue": 2})
    with clipview.open_library(root / "home", colour_bundle, device="cpu") as opened:
        opened.add_folder(root / "photos")
        run_index(opened)
        yield opened


@pytest.mark.parametrize("query", [LONG, b"\xff red", "\udcff red", "red \ud800",
                                   "red " + "x" * 300, "red \x00"])
def test_odd_text_queries_find_red(library: Library, query: str | bytes) -> None:
    results = library.search(query, 2)  # type: ignore[arg-type]
    assert [colour_of(r.path) for r in results] == ["red", "red"]


def test_a_path_longer_than_path_max_is_no_such_photo(library: Library) -> None:
    with pytest.raises(ClipviewError, match="no such photo"):
        library.search("red + " + "/x" * 3000, 2)


def test_a_query_that_is_not_text_is_a_clipview_error(library: Library) -> None:
    with pytest.raises(ClipviewError, match="a query is text"):
        library.search(42, 2)  # type: ignore[arg-type]


def test_undecodable_photo_name_is_an_image_query(library: Library, tmp_path: Path) -> None:
    blue = next(Path(library.catalog.folders.all()[0].path).rglob("blue_*"))
    odd = os.fsdecode(os.fsencode(tmp_path) + b"/bleu\xe9.png")
    Path(odd).write_bytes(blue.read_bytes())
    assert [colour_of(r.path) for r in library.search(os.fsencode(odd), 2)  # type: ignore[arg-type]
            ] == ["blue", "blue"]


@pytest.fixture()
def not_photos(tmp_path: Path) -> dict[str, tuple[str, str]]:
    """A folder, a FIFO and a device, each with the start of what it is called."""
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "fifo")
    return {"folder": (str(tmp_path / "folder"), "is a folder, not a photo"),
            "fifo": (str(tmp_path / "fifo"), "not a regular file: "),
            "device": ("/dev/zero", "not a regular file: ")}


@pytest.mark.parametrize("kind", ["folder", "fifo", "device"])
def test_a_term_that_is_no_regular_file_says_what_it_is(  # type: ignore[no-untyped-def]
        library: Library, not_photos, kind: str) -> None:
    path, said = not_photos[kind]
    for query in (path, f"red + {path}"):
        with pytest.raises(ClipviewError, match=said) as caught:
            library.search(query, 2)
        assert "no such photo" not in str(caught.value)
    with pytest.raises(ClipviewError, match=said) as caught:
        library.similar(path, 2)
    assert "no such photo" not in str(caught.value)
    if kind == "folder":
        with pytest.raises(ClipviewError, match="use --folder"):
            library.search(path, 2)


@pytest.mark.parametrize("k", [2.5, None, 0, -3, "2", True])
def test_a_result_count_that_is_no_whole_number_is_a_clipview_error(
        library: Library, k: object) -> None:
    for ask in (lambda: library.search("red", k),  # type: ignore[arg-type]
                lambda: library.similar(library.search("red", 1)[0].path, k),  # type: ignore[arg-type]
                lambda: library.search_vector(np.ones(16, np.float32) / 4, k)):  # type: ignore[arg-type]
        with pytest.raises(ClipviewError, match="number of results"):
            ask()
