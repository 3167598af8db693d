"""Exclusion patterns: absolute sub-folders and globs relative to the tracked folder."""

from __future__ import annotations

import pytest

from clipview.core.library.excludes import ExcludeError, check_pattern, covers, is_excluded

ROOT = "/photos"


@pytest.mark.parametrize(("path", "patterns", "excluded"), [
    ("/photos/junk/a.jpg", ["/photos/junk"], True),
    ("/photos/junk", ["/photos/junk"], True),
    ("/photos/junkyard/a.jpg", ["/photos/junk"], False),
    ("/photos/a/thumbnails/b.jpg", ["*/thumbnails/*"], True),
    ("/photos/thumbnails/b.jpg", ["*/thumbnails/*"], True),
    ("/photos/a/thumbnails.jpg", ["*/thumbnails/*"], False),
    ("/photos/x/a.png", ["*.png"], True),
    ("/photos/x/a.PNG", ["*.png"], False),
    ("/photos/raw/a.jpg", ["raw/*"], True),
    ("/photos/x/raw/a.jpg", ["raw/*"], False),
    ("/photos/2020/a.jpg", ["/photos/20*/*.jpg"], True),
    ("/photos/a.jpg", [], False),
])
def test_is_excluded(path: str, patterns: list[str], excluded: bool) -> None:
    assert is_excluded(path, ROOT, patterns) is excluded


@pytest.mark.parametrize("pattern", ["", "  ", "*", "**", "*/*", "/", "."])
def test_patterns_that_exclude_everything_are_refused(pattern: str) -> None:
    with pytest.raises(ExcludeError):
        check_pattern(pattern)


def test_covers_only_sub_folder_exclusions() -> None:
    assert covers("/photos/junk", "/photos/junk/deeper")
    assert covers("/photos/junk", "/photos/junk")
    assert not covers("/photos/junk", "/photos/junkyard")
    assert not covers("*.png", "/photos/a.png")
