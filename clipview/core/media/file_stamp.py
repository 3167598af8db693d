"""Whether a file is still what the catalog recorded of it, without reading it: its size,
modification time and status-change time (ctime) all as they were when it was read.

The mtime alone is not enough: ``cp -p``, ``rsync -t`` and ``touch -r`` restore it after an
edit, but any write changes the ctime. A record without a ctime (a catalog of an older
clipview) is never taken as unchanged: whoever asks reads the file again.
"""

from __future__ import annotations

import os
from typing import NamedTuple


class Stamp(NamedTuple):
    size: int
    mtime_ns: int
    ctime_ns: int | None   # None: not recorded (an older clipview)


def stamp_of(info: os.stat_result) -> Stamp:
    return Stamp(info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def unchanged(recorded: Stamp, now: Stamp) -> bool:
    """Whether a file whose stamp is ``now`` is, without reading it, the one ``recorded``."""
    return recorded.ctime_ns is not None and recorded == now
