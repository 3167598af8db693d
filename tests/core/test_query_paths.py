"""A query term that looks like a photo path but names no file is an error, not text."""

from __future__ import annotations

from pathlib import Path

import pytest

from clipview.core.query import QueryError, Term, looks_like_path, parse_query


@pytest.mark.parametrize("text", ["~/nope.jpg", "/x/y.png", "./a.jpeg", "../b", "~bob/x",
                                  "pics/a.JPG", "/", "a/b/c.webp"])
def test_looks_like_a_path(text: str) -> None:
    assert looks_like_path(text)


@pytest.mark.parametrize("text", ["red car", "cat.jpg", "~red", "and/or", "t-shirt",
                                  "50/50 chance", "a photo of ./"])
def test_does_not_look_like_a_path(text: str) -> None:
    assert not looks_like_path(text)


@pytest.mark.parametrize("query", ["~/nope.jpg", "red + /x/y.png", '2:"./a b.jpeg"',
                                   "snow - ../up/c.webp"])
def test_a_missing_photo_is_an_error(query: str) -> None:
    with pytest.raises(QueryError, match="no such photo: "):
        parse_query(query)


def test_home_is_expanded_for_photos(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    photo = tmp_path / "a.jpg"
    photo.write_bytes(b"x")
    assert parse_query("~/a.jpg + snow") == [Term("~/a.jpg", 1.0, photo), Term("snow", 1.0)]
