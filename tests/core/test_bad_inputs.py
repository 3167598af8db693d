"""A corpus of bad and odd files: nothing crashes, valid photos indexed, bad ones explained."""

from __future__ import annotations

import os
from pathlib import Path

import clipview
from clipview.core.progress import IndexSummary
from tests.helpers.bad_files import bad_input_corpus


def test_bad_input_corpus(tmp_path: Path, colour_bundle: Path) -> None:
    valid, bad = bad_input_corpus(tmp_path / "odd")
    doomed = tmp_path / "odd" / "deleted_during_run.jpg"
    doomed.write_bytes((tmp_path / "odd" / "plain.jpg").read_bytes() + b"x")
    library = clipview.open_library(tmp_path / "home", colour_bundle, device="cpu")
    library.add_folder(tmp_path / "odd")
    summary: IndexSummary | None = None
    for progress in library.index(batch_size=4):
        if progress.phase == "encoding" and progress.done == 0 and doomed.exists():
            doomed.unlink()  # after the scan saw it, before it is decoded
        summary = progress.summary or summary
    assert summary is not None
    reasons = {Path(s.path).name: s.reason for s in summary.skipped}
    for name, reason in bad.items():
        assert reasons.get(name, "").startswith(reason), (name, reasons)
    assert reasons.get("deleted_during_run.jpg") == "vanished"
    assert summary.indexed == len(valid)
    indexed = {Path(p).name for p in _indexed_paths(library)}
    assert indexed == valid
    assert not any("back_to_top" in p for p in _indexed_paths(library))  # loop walked once
    report = library.check()
    assert report.ok and report.duplicates == 0


def test_rerun_does_not_retry_skipped_files(tmp_path: Path, colour_bundle: Path) -> None:
    valid, bad = bad_input_corpus(tmp_path / "odd")
    library = clipview.open_library(tmp_path / "home", colour_bundle, device="cpu")
    library.add_folder(tmp_path / "odd")
    for _ in library.index():
        pass
    summary = None
    for progress in library.index():
        summary = progress.summary or summary
    assert summary is not None and summary.indexed == 0
    status = library.status()
    assert status.images == len(valid) and status.skipped == 4  # all but the link


def _indexed_paths(library: clipview.core.library.library.Library) -> list[str]:
    ids = library.catalog.vectors.ids(library.model_id)
    return [os.fspath(info.path) for info in library.catalog.images.info(ids).values()]
