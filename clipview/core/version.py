"""clipview's version: one place, read by the top package, the CLI and the model manifest."""

from __future__ import annotations

__version__ = "0.1.0"  # pyproject.toml's [project] version; tests/core/test_version.py checks
