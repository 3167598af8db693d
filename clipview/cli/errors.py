"""Errors of the command line itself: a usage error ends with exit code 2."""

from __future__ import annotations

from clipview.core.errors import ClipviewError

USAGE_EXIT = 2
BROKEN_PIPE_EXIT = 141  # 128 + SIGPIPE: what a shell reports for `yes | head -1`


class UsageError(ClipviewError):
    """What was typed cannot be used (a date out of range …): one line, exit code 2."""
