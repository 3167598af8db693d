"""Query syntax: arithmetic, weights, image terms, quoting, refinement."""

from __future__ import annotations

from pathlib import Path

import pytest

from clipview.core.search.query import QueryError, Term, parse_query, refine


def test_arithmetic_and_weights() -> None:
    assert parse_query("beach + sunset - people") == [
        Term("beach", 1.0), Term("sunset", 1.0), Term("people", -1.0)]
    assert parse_query("2:dog - 0.5:cat") == [Term("dog", 2.0), Term("cat", -0.5)]
    assert parse_query("-red") == [Term("red", -1.0)]


def test_hyphens_inside_words_do_not_split() -> None:
    assert parse_query("t-shirt on a well-lit beach") == [
        Term("t-shirt on a well-lit beach", 1.0)]


def test_image_terms_and_quotes(tmp_path: Path) -> None:
    photo = tmp_path / "Trip - 2020 + friends.jpg"
    photo.write_bytes(b"x")
    assert parse_query(str(photo)) == [Term(str(photo), 1.0, photo)]
    terms = parse_query(f'snow + 2:"{photo}" - "night sky"')
    assert terms == [Term("snow", 1.0), Term(str(photo), 2.0, photo),
                     Term("night sky", -1.0)]


def test_refine_adds_or_subtracts_a_photo(tmp_path: Path) -> None:
    photo = tmp_path / "a - b.jpg"
    photo.write_bytes(b"x")
    more = refine("red car", str(photo), more=True)
    assert parse_query(more) == [Term("red car", 1.0), Term(str(photo), 1.0, photo)]
    less = refine(more, str(photo), more=False)
    assert [t.weight for t in parse_query(less)] == [1.0, 1.0, -1.0]
    assert parse_query(refine(str(photo), str(photo), more=False))[1].weight == -1.0


@pytest.mark.parametrize("query", ["", "   ", " + ", "-"])
def test_empty_queries_are_refused(query: str) -> None:
    with pytest.raises(QueryError):
        parse_query(query)
