"""The viewer's info panel for a video clipview indexed: its container's details, never
"not an image format clipview reads" (issue 17, item 8)."""

from __future__ import annotations

from pathlib import Path

import pytest

from clipview.core.search.search import SearchResult
from clipview.gui.preview import PreviewDialog
from tests.gui.test_viewer import viewer  # noqa: F401  (the fixture)
from tests.helpers.media_files import write_video

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_a_video_shows_its_details(qtbot, viewer: PreviewDialog, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    clip = write_video(tmp_path / "party.mp4", ["red", "blue"], seconds_each=2.0,
                       size=(64, 48))
    viewer.show_result(SearchResult(1, str(clip), 0.4, frame_time=2.5))
    qtbot.waitExposed(viewer)
    qtbot.waitUntil(lambda: "Duration" in dict(viewer.info.shown_rows()), timeout=10000)
    rows = dict(viewer.info.shown_rows())
    assert "Problem" not in rows, rows
    assert rows["Duration"] == "0:04" and rows["Dimensions"].startswith("64 × 48")
    assert rows["File date"].endswith("(no date in the video)")
