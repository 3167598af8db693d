"""Kernel and device file systems are never tracked as photo folders."""

from __future__ import annotations

from pathlib import Path

import pytest

import clipview
from clipview.core.errors import ClipviewError


@pytest.mark.parametrize("folder", ["/proc/self", "/sys", "/dev"])
def test_system_folders_are_refused(tmp_path: Path, colour_bundle: Path, folder: str) -> None:
    with clipview.open_library(tmp_path / "home", colour_bundle, device="cpu") as library:
        with pytest.raises(ClipviewError, match="system folder"):
            library.add_folder(folder)
        assert library.folders() == []
