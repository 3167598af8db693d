"""The CLI's counts are singular for one: '1 photo', '2 photos', '1 copy', '2 copies'."""

from __future__ import annotations

from clipview.cli.output import counted


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert [counted(n, "photo") for n in (0, 1, 2)] == ["0 photos", "1 photo", "2 photos"]
    assert [counted(n, "copy", "copies") for n in (1, 3)] == ["1 copy", "3 copies"]
