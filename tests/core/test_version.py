"""One version: the package's, the CLI's and pyproject's agree."""

from __future__ import annotations

import re

import clipview
from clipview.core.version import __version__
from tests.helpers.paths import REPO


def test_the_version_is_written_once() -> None:
    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    written = re.search(r'^version = "([^"]+)"$', pyproject, re.M)
    assert written is not None
    assert written.group(1) == __version__ == clipview.__version__
