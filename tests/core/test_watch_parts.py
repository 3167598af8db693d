"""The parts of live watching: the mount table, events to directories, settling, and the
narrowed sync plan."""

from __future__ import annotations

import os
from pathlib import Path

from watchdog.events import (
    DirMovedEvent,
    FileClosedNoWriteEvent,
    FileCreatedEvent,
    FileMovedEvent,
    FileOpenedEvent,
)

from clipview.core.catalog.rows import FolderRow
from clipview.core.watch.events import Settler, touched
from clipview.core.watch.mounts import Mount, polling_reason, read_mounts
from clipview.core.watch.scope import scope

TABLE = """\
sysfs /sys sysfs rw 0 0
/dev/sda1 / ext4 rw,relatime 0 0
server:/export /mnt/nas nfs4 rw,vers=4.2 0 0
//nas/photos /media/smb\\040share cifs rw 0 0
me@host:/pics /home/me/remote fuse.sshfs rw 0 0
/dev/sdb1 /media/usb fuseblk rw 0 0
tmpfs /tmp tmpfs rw 0 0
"""


def test_network_mounts_are_polled(tmp_path: Path) -> None:
    table = tmp_path / "mounts"
    table.write_text(TABLE)
    mounts = read_mounts(str(table))
    assert Mount("/media/smb share", "cifs", "//nas/photos") in mounts  # \040 is a space
    assert polling_reason("/mnt/nas/2024/summer", mounts) == "network mount (nfs4)"
    assert polling_reason("/media/smb share/a", mounts) == "network mount (cifs)"
    assert polling_reason("/home/me/remote/x", mounts) == "network mount (fuse.sshfs)"
    assert polling_reason("/media/usb/DCIM", mounts) is None  # a local drive through FUSE
    assert polling_reason("/home/me/Pictures", mounts) is None
    assert polling_reason("/mnt/nasty", mounts) is None  # not below /mnt/nas
    assert read_mounts(str(tmp_path / "missing")) == []


def test_events_name_directories_and_ignore_reads() -> None:
    assert touched(FileCreatedEvent("/p/a/x.jpg")) == ({"/p/a"}, {"/p/a/x.jpg"})
    assert touched(FileCreatedEvent("/p/a/notes.txt")) == (set(), set())
    assert touched(FileMovedEvent("/p/a/x.jpg.part", "/p/b/x.jpg")) == (
        {"/p/b"}, {"/p/b/x.jpg"})
    assert touched(DirMovedEvent("/p/a", "/p/c")) == ({"/p/a", "/p/c"}, set())
    assert touched(FileOpenedEvent("/p/a/x.jpg")) == (set(), set())
    assert touched(FileClosedNoWriteEvent("/p/a/x.jpg")) == (set(), set())


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_batch_waits_for_quiet_and_for_files_to_stop_growing(tmp_path: Path) -> None:
    clock = Clock()
    settler = Settler(quiet=2.0, settle=1.0, clock=clock)
    photo = tmp_path / "a.jpg"
    photo.write_bytes(b"x" * 10)
    settler.add({str(tmp_path)}, {str(photo)})
    clock.now += 1.0
    assert settler.ready() is None  # not quiet yet
    clock.now += 1.5
    assert settler.ready() is None  # quiet: first look at the file
    with photo.open("ab") as handle:
        handle.write(b"more")  # grew without an event (a stalled copy on a share)
    os.utime(photo, ns=(1, 2))
    clock.now += 1.0
    assert settler.ready() is None  # changed since the first look: look again later
    clock.now += 0.5
    assert settler.ready() is None  # not yet settle seconds since the last look
    clock.now += 0.6
    batch = settler.ready()
    assert batch is not None and batch.dirs == {str(tmp_path)} and not settler.pending
    assert settler.ready() is None


def test_an_event_during_the_checks_starts_over(tmp_path: Path) -> None:
    clock = Clock()
    settler = Settler(quiet=1.0, settle=1.0, clock=clock)
    settler.add({"/p/a"}, set())
    clock.now += 1.0
    assert settler.ready() is None
    settler.add({"/p/b"}, set())
    clock.now += 1.0
    assert settler.ready() is None  # the new event reset the look
    clock.now += 1.0
    batch = settler.ready()
    assert batch is not None and batch.dirs == {"/p/a", "/p/b"}


def test_the_scope_of_a_batch(tmp_path: Path) -> None:
    root = tmp_path / "photos"
    (root / "a" / "deep").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "file.jpg").write_bytes(b"")
    (root / "link").symlink_to(root / "a")
    online = [FolderRow(1, str(root), 0, 0)]
    rows, walk, covered = scope(online, [str(root / "a"), str(root / "a" / "deep"),
                                         str(root / "gone"), str(root / ".hidden"),
                                         str(root / "link"), "/elsewhere", "relative"])
    assert walk == [str(root / "a")]  # nested directories once; gone and links not walked
    assert [r.id for r in rows] == [1]
    assert covered == [str(root / "a"), str(root / "gone"), str(root / "link")]
    rows, walk, covered = scope(online, [str(tmp_path)])  # above the root: the whole root
    assert (walk, covered) == ([str(root)], [str(root)])


def test_polling_is_never_more_often_than_the_minimum(tmp_path: Path) -> None:
    from clipview.core.watch.watch import MIN_POLL_SECONDS, FolderWatcher

    watcher = FolderWatcher([str(tmp_path)], poll_seconds=1e-9, settle_seconds=0.2)
    watcher.start()
    try:
        assert [r.mode for r in watcher.roots] == ["polling"]
        assert watcher._polling is not None and watcher._polling.timeout == MIN_POLL_SECONDS
    finally:
        watcher.stop()
