"""Typed payloads: the indexing phase enum and the status/check report dataclasses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import clipview
from clipview.core.library.reports import CheckReport, StatusReport
from clipview.core.progress import Phase, Progress
from tests.helpers.library_data import colour_folder


def test_phase_is_an_enum_that_still_equals_its_string() -> None:
    progress = Progress("scanning", 0, 0)
    assert progress.phase is Phase.SCANNING and progress.phase == "scanning"
    assert f"{progress.phase}" == "scanning" and str(Phase.DONE) == "done"
    assert json.dumps({"phase": Phase.ENCODING}) == '{"phase": "encoding"}'
    with pytest.raises(ValueError):
        Progress("thinking", 0, 0)


def test_status_and_check_reports(tmp_path: Path, colour_bundle: Path) -> None:
    colour_folder(tmp_path / "photos", {"red": 2, "blue": 1})
    with clipview.open_library(tmp_path / "home", colour_bundle, device="cpu") as library:
        library.add_folder(tmp_path / "photos")
        phases = [p.phase for p in library.index()]
        assert phases[0] is Phase.SCANNING and phases[-1] is Phase.DONE
        status = library.status()
        check = library.check()
    assert isinstance(status, StatusReport) and isinstance(check, CheckReport)
    assert status.images == 3 and status.folders[0].images == 3 and status.index.count == 3
    assert list(status.to_json()) == ["home", "folders", "images", "skipped", "model",
                                      "model_key", "dim", "device", "device_note", "index",
                                      "target_model", "runtime", "types", "waiting"]
    assert status.to_json()["target_model"] is None
    assert status.to_json()["index"] == {"file": status.index.file, "count": 3,
                                         "generation": status.index.generation}
    assert check.to_json() == {"ok": True, "problems": [], "repaired": False, "images": 3,
                               "duplicates": 0, "repairs": [], "notes": []}
