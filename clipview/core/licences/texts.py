"""Canonical licence texts (package data ``clipview/data/licence_texts.json``): the GNU
licences and Apache-2.0 from Debian's /usr/share/common-licenses, the permissive ones from the
SPDX licence list, a few upstream notices. A *template* (MIT, BSD …) has no copyright line of
its own: the component's goes first."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from clipview.core.licences.model import LicenceText


@cache
def _texts() -> dict[str, dict[str, Any]]:
    raw = resources.files("clipview").joinpath("data/licence_texts.json").read_text(
        encoding="utf-8")
    texts: dict[str, dict[str, Any]] = json.loads(raw)["texts"]
    return texts


def known(key: str) -> bool:
    return key in _texts()


def canonical(key: str, copyright_line: str = "") -> LicenceText:
    """The text ``key`` (an SPDX id such as "GPL-2.0", or "notice-libxcb"), a template with
    ``copyright_line`` first. KeyError for a key the file does not have."""
    entry = _texts()[key]
    body = str(entry["text"])
    if entry.get("template"):
        body = f"{copyright_line or 'Copyright the authors'}\n\n{body}"
    return LicenceText(str(entry["title"]), body)
