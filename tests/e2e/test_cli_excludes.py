"""``forget`` on a sub-folder excludes it from its tracked parent, ``index --exclude GLOB``
leaves matching photos out; both are remembered by later scans and listed by ``status``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.helpers.library_data import PALETTE, Cli, colour_folder

TOTAL = sum(PALETTE.values())


def _library(tmp_path: Path, bundle: Path) -> tuple[Cli, Path]:
    colour_folder(tmp_path / "photos")
    return Cli(tmp_path / "home", bundle), (tmp_path / "photos").resolve()


def _paths(cli: Cli) -> set[str]:
    return {str(r["path"]) for r in cli.json("search", "red", "-n", "100")}


def _folders(cli: Cli) -> list[dict[str, Any]]:
    folders: list[dict[str, Any]] = cli.json("status")["folders"]
    return folders


def test_forget_a_sub_folder(tmp_path: Path, colour_bundle: Path) -> None:
    cli, photos = _library(tmp_path, colour_bundle)
    cli.run("index", str(photos))
    in_set0 = {p for p in _paths(cli) if p.startswith(f"{photos}/set0/")}
    assert in_set0 and len(_paths(cli)) == TOTAL
    out = cli.run("forget", str(photos / "set0")).stdout
    assert out.startswith(f"left out {photos / 'set0'} from {photos}: {len(in_set0)} photos "
                          "left the library")
    after = _paths(cli)
    assert not after & in_set0 and len(after) == TOTAL - len(in_set0)
    [folder] = _folders(cli)
    assert (folder["path"], folder["images"], folder["excludes"]) == (
        str(photos), TOTAL - len(in_set0), [str(photos / "set0")])
    summary = cli.json("index")  # a later scan of the library's folders
    assert summary["indexed"] == 0 and summary["removed"] == 0
    assert not {p for p in _paths(cli) if "/set0/" in p}
    cli.run("index", str(photos / "set0"))  # indexing it again brings it back
    assert len(_paths(cli)) == TOTAL and _folders(cli)[0]["excludes"] == []


def test_forget_outside_the_library_is_an_error(tmp_path: Path, colour_bundle: Path) -> None:
    cli, photos = _library(tmp_path, colour_bundle)
    cli.run("index", str(photos / "set0"))
    result = cli.run("forget", str(photos / "set1"), check=False)
    assert result.returncode == 1 and "not a folder of this library" in result.stderr


def test_index_exclude_globs(tmp_path: Path, colour_bundle: Path) -> None:
    cli, photos = _library(tmp_path, colour_bundle)
    first = cli.json("index", str(photos), "--exclude", "*.png", "--exclude", "*/set1/*")
    kept = _paths(cli)
    assert first["indexed"] == len(kept) > 0
    assert all("/set0/" in p and not p.endswith(".png") for p in kept)
    assert _folders(cli)[0]["excludes"] == ["*.png", "*/set1/*"]
    again = cli.json("index")
    assert again["indexed"] == 0 and _paths(cli) == kept


def test_a_new_exclude_drops_photos_already_indexed(tmp_path: Path, colour_bundle: Path
                                                    ) -> None:
    cli, photos = _library(tmp_path, colour_bundle)
    cli.run("index", str(photos))
    in_set1 = len(list((photos / "set1").iterdir()))
    summary = cli.json("index", str(photos), "--exclude", "set1/*")
    assert summary["removed"] == in_set1 and len(_paths(cli)) == TOTAL - in_set1


def test_excludes_survive_when_a_parent_folder_is_added(tmp_path: Path, colour_bundle: Path
                                                        ) -> None:
    cli, photos = _library(tmp_path, colour_bundle)
    cli.run("index", str(photos / "set0"), "--exclude", "*.png")
    cli.run("index", str(photos))  # set0 merges into its parent; its glob keeps its meaning
    assert _folders(cli)[0]["excludes"] == [f"{photos / 'set0'}/*.png"]
    found = _paths(cli)
    assert not [p for p in found if "/set0/" in p and p.endswith(".png")]
    assert [p for p in found if "/set1/" in p and p.endswith(".png")]


def test_bad_excludes_are_usage_errors(tmp_path: Path, colour_bundle: Path) -> None:
    cli, photos = _library(tmp_path, colour_bundle)
    everything = cli.run("index", str(photos), "--exclude", "*", check=False)
    assert everything.returncode == 2 and "would exclude every photo" in everything.stderr
    alone = cli.run("index", "--exclude", "*.png", check=False)
    assert alone.returncode == 2 and "name the folder" in alone.stderr
    assert _folders(cli) == []
