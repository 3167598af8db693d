"""Which tracked folders live on network mounts (read from the mount table).

inotify only sees changes made through this machine's kernel: on an NFS, SMB/CIFS, sshfs or
other FUSE mount, another machine's changes never arrive as events, so such folders are
polled instead. ``fuseblk`` (ntfs-3g, exfat-fuse on a local drive) is a local disk: all its
changes pass through this kernel, and inotify sees them.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

MOUNT_TABLE = "/proc/self/mounts"
NETWORK_TYPES = frozenset({"nfs", "nfs4", "cifs", "smb", "smb3", "smbfs", "sshfs", "9p",
                           "afs", "ceph", "glusterfs", "davfs", "ncpfs", "lustre", "gpfs",
                           "beegfs", "fuse"})
_ESCAPE = re.compile(r"\\([0-7]{3})")


@dataclass(frozen=True)
class Mount:
    point: str
    fstype: str
    source: str = ""


def _unescape(field: str) -> str:
    """The mount table writes space, tab, newline and backslash as octal escapes."""
    return _ESCAPE.sub(lambda match: chr(int(match.group(1), 8)), field)


def read_mounts(table: str = MOUNT_TABLE) -> list[Mount]:
    """The mounts listed in ``table``; [] where there is none (not Linux) or it is unreadable."""
    try:
        with open(table, encoding="utf-8", errors="surrogateescape") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return []
    mounts = []
    for line in lines:
        fields = line.split()
        if len(fields) >= 3:
            mounts.append(Mount(_unescape(fields[1]), fields[2], _unescape(fields[0])))
    return mounts


def mount_of(path: str, mounts: list[Mount]) -> Mount | None:
    """The mount holding ``path`` (the longest mount point above it; the last one mounted
    there when several were stacked)."""
    real = os.path.realpath(path)
    best: Mount | None = None
    for mount in mounts:
        point = mount.point.rstrip(os.sep) or os.sep
        inside = real == point or real.startswith(point.rstrip(os.sep) + os.sep)
        if inside and (best is None or len(point) >= len(best.point.rstrip(os.sep) or os.sep)):
            best = mount
    return best


def is_network(fstype: str) -> bool:
    """Whether changes on a file system of this type can come from elsewhere."""
    kind = fstype.lower()
    if kind == "fuseblk":
        return False
    return kind in NETWORK_TYPES or kind.startswith("fuse.") or kind.startswith("nfs")


def polling_reason(path: str, mounts: list[Mount]) -> str | None:
    """Why ``path`` must be polled ("network mount (nfs4)"), or None when inotify sees it."""
    mount = mount_of(path, mounts)
    if mount is not None and is_network(mount.fstype):
        return f"network mount ({mount.fstype})"
    return None
