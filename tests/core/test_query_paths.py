"""A query term that looks like a photo path but names no file is an error, not text."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from clipview.core.search.query import QueryError, Term, looks_like_path, parse_query


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


LONG = " ".join(["a long natural sentence about a red car parked by the sea"] * 6)


@pytest.mark.parametrize("query", [LONG, "x" * 300, f"red + {'y' * 300}", "é" * 200,
                                   f"dog - 2:{'z' * 400}", "red \x00 blue", "a \x005\x00"])
def test_a_term_that_cannot_be_a_file_is_text(query: str) -> None:
    terms = parse_query(query)  # no OSError (ENAMETOOLONG), ValueError (NUL), IndexError
    assert terms and all(t.image is None for t in terms)


def test_a_long_path_that_cannot_exist_is_no_such_photo() -> None:
    with pytest.raises(QueryError, match="no such photo: /"):
        parse_query("/" + "d" * 300 + "/a.jpg")
    with pytest.raises(QueryError, match="no such photo"):
        parse_query("red + " + "/x" * 3000)  # longer than PATH_MAX


def test_a_photo_that_cannot_be_looked_at_says_why(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    photo = tmp_path / "locked" / "a.jpg"

    def refuse(path: object, *args: object, **kwargs: object) -> os.stat_result:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(os, "stat", refuse)
    with pytest.raises(QueryError, match=f"cannot look at {photo}: Permission denied"):
        parse_query(f"red + {photo}")


def test_bytes_that_are_not_utf8_name_a_photo_if_one_exists_else_text(tmp_path: Path) -> None:
    photo = tmp_path / os.fsdecode(b"caf\xe9.jpg")
    photo.write_bytes(b"x")
    assert parse_query(os.fsencode(photo)) == [Term(str(photo), 1.0, photo)]
    assert parse_query(str(photo)) == [Term(str(photo), 1.0, photo)]
    assert parse_query(b"\xff red") == [Term(os.fsdecode(b"\xff red"), 1.0)]
    assert parse_query("red \ud800") == [Term("red \ud800", 1.0)]
    with pytest.raises(QueryError, match="a query is text"):
        parse_query(5)  # type: ignore[arg-type]
