"""``clipview duplicates`` in a subprocess: JSON groups with a keeper, and --trash-extra
moving the extra copies to the freedesktop trash under $XDG_DATA_HOME."""

from __future__ import annotations

import shutil
from pathlib import Path

from PIL import Image

from clipview.core.library.duplicates import NEAR_COPY, SAME_PICTURE
from tests.core.test_duplicates import halves, scene
from tests.core.test_duplicates_changed import edit_keeping_stamp, stored_png
from tests.core.test_duplicates_originals import copy_of_a_near_copy
from tests.helpers.bursts import burst_with_copies, moving_circle
from tests.helpers.library_data import Cli


def test_duplicates_json_and_trash_extra(tmp_path: Path, colour_bundle: Path) -> None:
    root = tmp_path / "photos"
    original = scene(root / "a" / "IMG_1.jpg", seed=5)
    (root / "b").mkdir()
    shutil.copy2(original, root / "b" / "copy.jpg")
    with Image.open(original) as image:
        image.save(root / "b" / "resaved.png")
        image.resize((160, 120)).save(root / "b" / "half.jpg", quality=60)
    scene(root / "a" / "IMG_2.jpg", seed=6)
    halves(root / "c" / "lr.png", vertical=True)
    halves(root / "c" / "tb.png", vertical=False)
    cli = Cli(tmp_path / "home", colour_bundle)
    cli.run("index", str(root))
    groups = cli.json("duplicates")
    assert len(groups) == 1
    (group,) = groups
    real = root.resolve()
    copies = {str(real / "a" / "IMG_1.jpg"), str(real / "b" / "copy.jpg"),
              str(real / "b" / "resaved.png"), str(real / "b" / "half.jpg")}
    assert set(group["paths"]) == copies and group["keep"] in copies
    assert group["keep"] != str(real / "b" / "half.jpg")
    assert {p["path"] for p in group["photos"]} == copies
    half = next(p for p in group["photos"] if p["path"].endswith("half.jpg"))
    assert (half["width"], half["height"]) == (160, 120) and half["size"] > 0
    assert half["date"]
    refused = cli.run("duplicates", "--trash-extra", check=False)  # stdin is no terminal
    assert refused.returncode == 1 and "--yes" in refused.stderr
    assert all(Path(p).exists() for p in copies)

    data_home = tmp_path / "data"
    trashed = cli.run("duplicates", "--trash-extra", "--yes",
                      env={"XDG_DATA_HOME": str(data_home)})
    assert "moved 1 photo to the trash\n" in trashed.stdout  # the byte copy only
    assert "2 near copies stay (not identical files; --include-similar" in trashed.stdout
    twins = [str(real / "a" / "IMG_1.jpg"), str(real / "b" / "copy.jpg")]
    assert [p for p in twins if Path(p).exists()] == [group["keep"]]
    assert (root / "b" / "half.jpg").is_file() and (root / "b" / "resaved.png").is_file()
    trashed = cli.run("duplicates", "--trash-extra", "--include-similar", "--yes",
                      env={"XDG_DATA_HOME": str(data_home)})
    assert "moved 2 photos to the trash" in trashed.stdout
    assert len(list((data_home / "Trash" / "files").iterdir())) == 3
    assert [p for p in copies if Path(p).exists()] == [group["keep"]]
    assert cli.json("duplicates") == []
    assert cli.json("status")["images"] == 7 - 3
    assert cli.run("check").returncode == 0


def test_byte_copies_among_a_burst_of_near_identical_shots(tmp_path: Path,
                                                           colour_bundle: Path) -> None:
    _shots, original, copies = burst_with_copies(tmp_path / "photos")
    cli = Cli(tmp_path / "home", colour_bundle)
    cli.run("index", str(tmp_path / "photos"))
    expected = sorted(str(p.resolve()) for p in [original, *copies])
    groups = cli.json("duplicates")
    assert [sorted(g["paths"]) for g in groups] == [expected]
    assert groups[0]["reason"] == "identical files"
    listed = cli.run("duplicates").stdout
    assert "group 1: identical files" in listed and "1 group, 2 extra copies" in listed
    assert all(path in listed for path in expected)


def test_a_copy_edited_with_its_mtime_put_back_is_not_trashed(tmp_path: Path,
                                                              colour_bundle: Path) -> None:
    """Two byte copies indexed; one is rewritten (the same size) and ``touch -r``'d back:
    not identical files, and ``--trash-extra --yes`` leaves it."""
    original = stored_png(tmp_path / "photos" / "a.png", seed=3)
    copy = tmp_path / "photos" / "b.png"
    shutil.copy2(original, copy)
    cli = Cli(tmp_path / "home", colour_bundle)
    cli.run("index", str(tmp_path / "photos"))
    assert "group 1: identical files" in cli.run("duplicates").stdout
    edit_keeping_stamp(copy, stored_png(tmp_path / "other.png", seed=11).read_bytes())
    assert "identical files" not in cli.run("duplicates").stdout
    data_home = tmp_path / "data"
    cli.run("duplicates", "--trash-extra", "--yes", check=False,
            env={"XDG_DATA_HOME": str(data_home)})
    assert copy.is_file() and original.is_file()
    assert not (data_home / "Trash" / "files").exists()


def test_each_member_says_what_it_is_to_the_keeper(tmp_path: Path, colour_bundle: Path) -> None:
    """A byte copy inside a group of near copies is an "identical file", the resized one
    "same picture"; in JSON ("relation") and in the listing, and the counts are singular."""
    root = tmp_path / "photos"
    original = scene(root / "a" / "IMG_1.jpg", seed=5)
    (root / "b").mkdir()
    copy = Path(shutil.copy2(original, root / "b" / "IMG_1_backup.jpg")).resolve()
    with Image.open(original) as image:
        image.resize((160, 120)).save(root / "b" / "half.jpg", quality=60)
    cli = Cli(tmp_path / "home", colour_bundle)
    cli.run("index", str(root))
    (group,) = cli.json("duplicates")
    relation = {Path(p["path"]).name: p["relation"] for p in group["photos"]}
    assert group["keep"] == str(original.resolve())
    assert relation == {"IMG_1.jpg": "suggested keeper", "IMG_1_backup.jpg": "identical file",
                        "half.jpg": NEAR_COPY}
    assert group["reason"] == SAME_PICTURE
    listed = cli.run("duplicates").stdout.splitlines()
    assert any(str(copy) in line and line.endswith(f"(identical to {original.resolve()})")
               for line in listed)
    assert any(line.endswith(f"half.jpg  ({NEAR_COPY})") for line in listed)
    assert listed[-1] == "1 group, 2 extra copies"
    one = cli.run("duplicates", "--folder", str(root / "b")).stdout.splitlines()
    assert one[-1] == "1 group, 1 extra copy"  # the backup and the resized one


def test_a_byte_copy_of_a_near_copy_says_its_original_and_goes(tmp_path: Path,
                                                              colour_bundle: Path) -> None:
    """backup/IMG_1.jpg is a byte copy of the resized small/IMG_1.jpg (not of the keeper):
    JSON says "identical file" and "identical_to" small/IMG_1.jpg; --trash-extra moves it
    and keeps small/IMG_1.jpg."""
    keeper, small, backup = copy_of_a_near_copy(tmp_path / "photos")
    cli = Cli(tmp_path / "home", colour_bundle)
    cli.run("index", str(tmp_path / "photos"))
    (group,) = cli.json("duplicates")
    said = {p["path"]: (p["relation"], p["identical_to"]) for p in group["photos"]}
    assert said == {str(keeper): ("suggested keeper", None), str(small): (NEAR_COPY, None),
                    str(backup): ("identical file", str(small))}
    listed = cli.run("duplicates").stdout.splitlines()
    assert any(line.endswith(f"{backup}  (identical to {small})") for line in listed)
    env = {"XDG_DATA_HOME": str(tmp_path / "data")}
    trashed = cli.run("duplicates", "--trash-extra", "--yes", env=env)
    assert "moved 1 photo to the trash\n" in trashed.stdout
    assert "1 near copy stays" in trashed.stdout
    assert not backup.exists() and small.is_file() and keeper.is_file()


def test_trash_extra_leaves_neighbouring_burst_frames(tmp_path: Path,
                                                     colour_bundle: Path) -> None:
    """Two frames of a burst (the circle moved 16 px) pass as near copies: --trash-extra
    moves only the byte copy and says the frame stays; --include-similar moves it."""
    root = tmp_path / "photos"
    first = moving_circle(root / "DSC_1.jpg", 0).resolve()
    second = moving_circle(root / "DSC_2.jpg", 1).resolve()
    copy = Path(shutil.copy2(first, root / "DSC_1 (copy).jpg")).resolve()
    cli = Cli(tmp_path / "home", colour_bundle)
    cli.run("index", str(root))
    (group,) = cli.json("duplicates")
    relation = {Path(p["path"]).name: p["relation"] for p in group["photos"]}
    assert relation == {first.name: "suggested keeper", copy.name: "identical file",
                        second.name: NEAR_COPY}
    env = {"XDG_DATA_HOME": str(tmp_path / "data")}
    trashed = cli.run("duplicates", "--trash-extra", "--yes", env=env)
    assert "1 near copy stays" in trashed.stdout
    assert "moved 1 photo to the trash\n" in trashed.stdout
    assert not copy.exists() and first.is_file() and second.is_file()
    again = cli.run("duplicates", "--trash-extra", "--yes", env=env)
    assert "no identical copies to move to the trash" in again.stdout and second.is_file()
    similar = cli.run("duplicates", "--trash-extra", "--include-similar", "--yes", env=env)
    assert "moved 1 photo to the trash\n" in similar.stdout
    assert not second.exists() and first.is_file()


def test_max_distance_help_gives_the_range_that_is_taken(tmp_path: Path,
                                                         colour_bundle: Path) -> None:
    import re

    cli = Cli(tmp_path / "home", colour_bundle)
    shown = " ".join(cli.run("duplicates", "--help").stdout.split())
    found = re.search(r"--max-distance BITS .*?, 0 to (\d+) \(default", shown)
    assert found, shown
    most = int(found.group(1))
    assert cli.run("duplicates", "--max-distance", str(most)).returncode == 0
    refused = cli.run("duplicates", "--max-distance", str(most + 1), check=False)
    assert refused.returncode == 2 and f"between 0 and {most} bits" in refused.stderr
