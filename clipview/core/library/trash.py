"""Moving photos to the desktop's trash. clipview never deletes a photo file itself:
send2trash (the freedesktop.org trash on Linux, the Recycle Bin, the macOS Trash) does the
move, so people restore from their file manager as usual. Only photos that really went to the
trash leave the library."""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)


@dataclass
class TrashReport:
    moved: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)   # (path, reason)

    def as_dict(self) -> dict[str, object]:
        return {"moved": self.moved,
                "failed": [{"path": p, "reason": r} for p, r in self.failed]}


def send_to_trash(paths: Sequence[str]) -> TrashReport:
    """Trash each regular file; a file that cannot be trashed is reported, never deleted."""
    from send2trash import send2trash
    from send2trash.exceptions import TrashPermissionError

    report = TrashReport()
    for path in paths:
        if not os.path.isfile(path) or os.path.islink(path):
            report.failed.append((path, "not a regular file (already gone?)"))
            continue
        try:
            send2trash(path)
        except (OSError, TrashPermissionError) as exc:
            logger.warning("could not trash %s", path, exc_info=True)
            report.failed.append((path, str(exc) or type(exc).__name__))
            continue
        report.moved.append(path)
    return report
