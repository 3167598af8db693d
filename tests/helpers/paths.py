"""Where the shared test data lives (read in place, never copied into the repo)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("CLIPVIEW_SHARED", REPO.parent / "shared"))
TOKENIZER_DIR = SHARED / "clip-tokenizer"
PHOTOS_DIR = SHARED / "photos"
