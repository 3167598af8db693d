"""``clipview search --json`` over a catalog with a damaged vector: strict JSON without it,
and nothing (no numpy RuntimeWarning) on stderr."""

from __future__ import annotations

from pathlib import Path

from tests.core.test_damaged_vectors import damage
from tests.e2e.test_cli_weights import strict_json
from tests.helpers.library_data import Cli, colour_folder


def test_search_json_leaves_a_damaged_vector_out_silently(tmp_path: Path,
                                                        colour_bundle: Path) -> None:
    made = colour_folder(tmp_path / "photos", {"red": 2, "blue": 2})
    cli = Cli(tmp_path / "home", colour_bundle)
    cli.run("index", str(tmp_path / "photos"))
    damage(tmp_path / "home", made["red"][0])
    found = cli.run("search", "red", "-n", "10", "--json")
    assert found.stderr == ""
    paths = [row["path"] for row in strict_json(found.stdout)]
    assert str(made["red"][0].resolve()) not in paths
    assert paths[0] == str(made["red"][1].resolve())
    checked = cli.run("check", check=False)
    assert checked.returncode != 0 and "not of unit length" in checked.stdout
