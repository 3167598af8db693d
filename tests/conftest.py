"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.helpers.heif_writer import enable_heif_writing  # noqa: E402
from tests.helpers.paths import PHOTOS_DIR, TOKENIZER_DIR  # noqa: E402
from tests.helpers.synthetic_bundle import build_colour_bundle  # noqa: E402

enable_heif_writing()


@pytest.fixture(scope="session", autouse=True)
def private_log_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Logs of the tests (and of the CLI subprocesses, which inherit the environment) go
    to a temporary folder, never to the user's log dir."""
    folder = tmp_path_factory.mktemp("logs")
    os.environ["CLIPVIEW_LOG_DIR"] = str(folder)
    return folder


@pytest.fixture(scope="session")
def shared_photos() -> Path:
    if not PHOTOS_DIR.is_dir():
        pytest.fail(f"shared photos not found at {PHOTOS_DIR} (set CLIPVIEW_SHARED)")
    return PHOTOS_DIR


@pytest.fixture(scope="session")
def tokenizer_dir() -> Path:
    if not (TOKENIZER_DIR / "tokenizer.json").is_file():
        pytest.fail(f"CLIP tokenizer not found at {TOKENIZER_DIR} (set CLIPVIEW_SHARED)")
    return TOKENIZER_DIR


@pytest.fixture(scope="session")
def colour_bundle(tmp_path_factory: pytest.TempPathFactory, tokenizer_dir: Path) -> Path:
    """The synthetic colour bundle (see tests/helpers/synthetic_bundle.py)."""
    return build_colour_bundle(tmp_path_factory.mktemp("bundles") / "colour")
