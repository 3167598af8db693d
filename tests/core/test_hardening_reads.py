"""Only regular files are read, never more than their size: FIFOs, devices, /proc files and
files swapped after the scan never block or stream; a photo's bytes are read once."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import clipview
from clipview.core.errors import ImageSkipped
from clipview.core.library.indexer import Ready, decode
from clipview.core.library.sync import FileToEncode
from clipview.core.media.hashing import bytes_digest, file_digest
from clipview.core.media.preprocess import open_photo
from clipview.core.media.safe_read import READ_MARGIN, read_blocks, read_regular
from clipview.core.media.scanner import FoundFile, ScanProblem, scan
from tests.helpers.synthetic_bundle import colour_photo


def finishes(call: Callable[[], Any], seconds: float = 10.0) -> Any:
    """Run ``call`` on a thread; fail (instead of hanging the suite) if it blocks."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            outcome["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "blocked reading a file that is not a regular file"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def test_fifo_named_like_a_photo_never_blocks(tmp_path: Path) -> None:
    fifo = tmp_path / "stream.jpg"
    os.mkfifo(fifo)
    with pytest.raises(ImageSkipped, match="FIFO") as caught:
        finishes(lambda: open_photo(fifo))
    assert caught.value.reason == "unreadable"
    with pytest.raises(ImageSkipped):
        finishes(lambda: file_digest(fifo))
    problems = [p for p in scan(str(tmp_path)) if isinstance(p, ScanProblem)]
    assert [(Path(p.path).name, p.reason) for p in problems] == [("stream.jpg", "unreadable")]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused(tmp_path: Path, device: str) -> None:
    link = tmp_path / "endless.jpg"
    link.symlink_to(device)
    with pytest.raises(ImageSkipped, match="character device"):
        finishes(lambda: open_photo(link))
    with pytest.raises(ImageSkipped, match="character device"):
        finishes(lambda: read_regular(device))


def test_proc_files_are_bounded(tmp_path: Path) -> None:
    link = tmp_path / "status.png"
    link.symlink_to("/proc/self/status")
    with pytest.raises(ImageSkipped) as caught:
        finishes(lambda: open_photo(link))
    assert caught.value.reason == "corrupt"  # size 0 by fstat: nothing is read


def test_file_swapped_for_a_fifo_between_stat_and_open(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The descriptor is checked, not only the path: a swap after the stat is caught."""
    regular = colour_photo(tmp_path / "real.jpg", "red")
    fifo = tmp_path / "swapped.jpg"
    os.mkfifo(fifo)
    real_stat = os.stat

    def lying_stat(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
        return real_stat(regular if os.fspath(path) == str(fifo) else path, *args, **kwargs)

    monkeypatch.setattr("clipview.core.media.safe_read.os.stat", lying_stat)
    with pytest.raises(ImageSkipped, match="FIFO"):
        finishes(lambda: read_regular(fifo))


def test_a_growing_file_is_not_read_past_its_size_and_margin(tmp_path: Path) -> None:
    path = tmp_path / "big.jpg"
    path.write_bytes(b"x" * (3 * READ_MARGIN))
    fd = os.open(path, os.O_RDONLY)
    try:
        seen_small = os.stat_result((0o100644, 0, 0, 1, 0, 0, 10, 0, 0, 0))  # size 10
        with pytest.raises(ImageSkipped, match="kept growing"):
            b"".join(read_blocks(fd, seen_small, str(path)))
    finally:
        os.close(fd)


def test_file_over_the_size_limit_is_skipped(tmp_path: Path) -> None:
    path = colour_photo(tmp_path / "a.png", "red")
    with pytest.raises(ImageSkipped) as caught:
        read_regular(path, limit=100)
    assert caught.value.reason == "too large"


def test_photo_is_opened_once_for_digest_and_decode(tmp_path: Path, colour_bundle: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    photo = colour_photo(tmp_path / "red.jpg", "red", size=(300, 200))
    info = photo.stat()
    found = FoundFile(str(photo), info.st_size, info.st_mtime_ns, info.st_dev, info.st_ino)
    model = clipview.load_model(colour_bundle, "cpu")
    opened: list[str] = []
    real_open = os.open

    def counting_open(path: Any, *args: Any, **kwargs: Any) -> int:
        opened.append(os.fsdecode(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("clipview.core.media.safe_read.os.open", counting_open)
    decoded = decode(FileToEncode(found, 1, None), model)
    assert isinstance(decoded, Ready)
    assert opened.count(str(photo)) == 1
    assert decoded.image.content_hash == bytes_digest(photo.read_bytes())
    assert decoded.image.content_hash == file_digest(photo)


def test_file_unreadable_at_decode_time_keeps_its_row(tmp_path: Path, colour_bundle: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A photo that cannot be opened during a run keeps its vector (not 'vanished')."""
    folder = tmp_path / "photos"
    colour_photo(folder / "red.jpg", "red")
    library = clipview.open_library(tmp_path / "home", colour_bundle, device="cpu")
    library.add_folder(folder)
    for _ in library.index():
        pass
    os.utime(folder / "red.jpg", ns=(1, 1))  # changed: it will be read again
    real_open = os.open

    def denied(path: Any, *args: Any, **kwargs: Any) -> int:
        if os.fsdecode(path).endswith("red.jpg"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("clipview.core.media.safe_read.os.open", denied)
    summary = None
    for progress in library.index():
        summary = progress.summary or summary
    assert summary is not None and summary.removed == 0
    assert [s.reason for s in summary.skipped] == ["unreadable"]
    assert [r.path for r in library.search("red", 5)] == [str(folder / "red.jpg")]
