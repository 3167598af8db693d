"""The viewer's details of a video come from its container (not "not an image format"), and a
file without a date in it shows the file's date, marked as such (issue 17, item 8)."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image

from clipview.core.media.details import photo_details
from tests.helpers.media_files import write_video


def test_a_video_has_its_details(tmp_path: Path) -> None:
    path = write_video(tmp_path / "party.mp4", ["red", "blue"], seconds_each=2.0,
                       size=(64, 48), metadata={"creation_time": "2021-07-14T16:03:22Z"})
    details = photo_details(str(path))
    rows = dict(details.rows())
    assert details.problem is None and "Problem" not in rows
    assert rows["Dimensions"].startswith("64 × 48")
    assert rows["Duration"] == "0:04"
    assert rows["Type"].startswith("Video")
    assert rows["File size"] and rows["File"] == "party.mp4"
    moment = datetime(2021, 7, 14, 16, 3, 22, tzinfo=UTC).timestamp()
    assert details.taken is not None and abs(details.taken.timestamp() - moment) < 1
    assert "Taken" in rows and "File date" not in rows


def test_without_a_date_the_file_date_is_shown_as_such(tmp_path: Path) -> None:
    photo = tmp_path / "scan.png"
    Image.new("RGB", (40, 30), (200, 10, 10)).save(photo)
    stamp = datetime(2019, 5, 4, 13, 14, 15).timestamp()
    os.utime(photo, (stamp, stamp))
    rows = dict(photo_details(str(photo)).rows())
    assert "Taken" not in rows
    assert rows["File date"] == "4 May 2019, 13:14:15 (no date in the photo)"
    video = write_video(tmp_path / "clip.mp4", ["green"], seconds_each=1.0)
    os.utime(video, (stamp, stamp))
    assert dict(photo_details(str(video)).rows())["File date"] == \
        "4 May 2019, 13:14:15 (no date in the video)"


def test_a_broken_video_is_one_problem(tmp_path: Path) -> None:
    fake = tmp_path / "broken.mp4"
    fake.write_bytes(b"\x00\x00\x00\x18ftypmp42" + os.urandom(200))
    details = photo_details(str(fake))
    assert details.problem and "video" in details.problem and details.size_bytes == 212
