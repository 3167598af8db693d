"""Numbers typed on the command line: finite ones only (never nan or inf), each command
checking its own range; a bad one is argparse's usage error (exit 2)."""

from __future__ import annotations

import argparse
import math


def finite(text: str, what: str = "a number") -> float:
    """``text`` as a finite float, else ``argparse.ArgumentTypeError`` naming ``what``."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not {what}: {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"not {what}: {text!r} (a finite number is needed)")
    return value
