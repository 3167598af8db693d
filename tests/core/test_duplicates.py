"""The duplicate finder: copies of a photo (exact, resized, recompressed, another format) are
grouped with a sensible keeper; different photos of the same colours are not; trashing the
extra copies moves them to the trash and out of the library."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

import clipview
from clipview.core.library.copies import IDENTICAL, SAME_PICTURE, _reason
from clipview.core.library.duplicates import exact_pairs
from clipview.core.library.library import Library


def scene(path: Path, seed: int, size: tuple[int, int] = (320, 240)) -> Path:
    """A photo with structure: a gradient and a few shapes, placed by ``seed``."""
    rng = np.random.default_rng(seed)
    x = np.linspace(0, 1, size[0])[None, :, None]
    y = np.linspace(0, 1, size[1])[:, None, None]
    base = rng.uniform(40, 200, 3) + 50 * x * rng.uniform(-1, 1, 3) + 50 * y * rng.uniform(
        -1, 1, 3)
    image = Image.fromarray(np.clip(base, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x0, y0 = rng.integers(0, size[0] - 60), rng.integers(0, size[1] - 60)
        box = (int(x0), int(y0), int(x0 + rng.integers(30, 120)), int(y0 + rng.integers(30, 90)))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, quality=95) if path.suffix == ".jpg" else image.save(path)
    return path


def halves(path: Path, vertical: bool) -> Path:
    """Red and blue halves: the same colours (and the same mean) in a different layout."""
    pixels = np.zeros((240, 320, 3), np.uint8)
    if vertical:
        pixels[:, :160] = (200, 30, 30)
        pixels[:, 160:] = (30, 30, 200)
    else:
        pixels[:120] = (200, 30, 30)
        pixels[120:] = (30, 30, 200)
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.fromarray(pixels, "RGB").save(path)
    return path


@pytest.fixture()
def photos(tmp_path: Path) -> dict[str, Path]:
    root = tmp_path / "photos"
    original = scene(root / "camera" / "IMG_0001.jpg", seed=1)
    for folder in ("backup", "small", "export"):
        (root / folder).mkdir()
    made = {"original": original}
    made["copy"] = Path(shutil.copy2(original, root / "backup" / "IMG_0001.jpg"))
    with Image.open(original) as image:
        image.resize((160, 120), Image.Resampling.LANCZOS).save(root / "small" / "half.jpg")
        image.save(root / "export" / "q60.jpg", quality=60)
        image.save(root / "export" / "resaved.png")
    made["half"] = root / "small" / "half.jpg"
    made["q60"] = root / "export" / "q60.jpg"
    made["png"] = root / "export" / "resaved.png"
    made["other"] = scene(root / "camera" / "IMG_0002.jpg", seed=2)
    made["left_right"] = halves(root / "flags" / "left_right.png", vertical=True)
    made["top_bottom"] = halves(root / "flags" / "top_bottom.png", vertical=False)
    return {k: v.resolve() for k, v in made.items()}


@pytest.fixture()
def library(tmp_path: Path, colour_bundle: Path, photos: dict[str, Path]) -> Iterator[Library]:
    lib = clipview.open_library(tmp_path / "home", clipview.load_model(colour_bundle, "cpu"))
    lib.add_folder(tmp_path / "photos")
    for _ in lib.index():
        pass
    yield lib
    lib.close()


def test_copies_are_grouped_and_look_alikes_are_not(library: Library,
                                                    photos: dict[str, Path]) -> None:
    # the colour model sees only mean colours: the two flags are the same vector
    flags = [library.catalog.vectors.of(str(photos[k]), library.model_id)
             for k in ("left_right", "top_bottom")]
    assert flags[0] is not None and flags[1] is not None
    assert float(flags[0][1] @ flags[1][1]) > 0.99
    groups = library.duplicates()
    assert len(groups) == 1
    (group,) = groups
    copies = {str(photos[k]) for k in ("original", "copy", "half", "q60", "png")}
    assert set(group.paths) == copies
    assert group.reason == SAME_PICTURE
    # largest first; among the full-size copies the oldest (the original's times were
    # copied to the backup, so the shorter path wins), never the half-size one
    assert group.photos[0].width == 320 and group.keep != str(photos["half"])
    assert group.photos[-1].path == str(photos["half"])
    assert {p.width for p in group.photos} == {320, 160}


def test_keeper_prefers_resolution_then_age_then_path(library: Library,
                                                      photos: dict[str, Path]) -> None:
    import os

    for key, when in (("copy", 1_000_000_000), ("q60", 1_100_000_000),
                      ("png", 1_200_000_000), ("original", 1_300_000_000)):
        os.utime(photos[key], (when, when))
    for _ in library.index():
        pass
    (group,) = library.duplicates()
    assert group.keep == str(photos["copy"])  # full size and the oldest


def test_folder_limits_the_search_and_identical_files_say_so(library: Library,
                                                             photos: dict[str, Path]) -> None:
    assert library.duplicates(folder=photos["copy"].parent) == []  # one photo there
    (group,) = library.duplicates(folder=photos["q60"].parent)
    assert set(group.paths) == {str(photos["q60"]), str(photos["png"])}
    (strict,) = library.duplicates(max_distance=0)  # identical pictures only
    assert {str(photos["original"]), str(photos["copy"])} <= set(strict.paths)
    assert str(photos["half"]) not in strict.paths
    (group,) = library.duplicates()
    by_path = {p.path: p for p in group.photos}
    same = [by_path[str(photos["original"])], by_path[str(photos["copy"])]]
    assert _reason(same) == IDENTICAL
    assert _reason([same[0], by_path[str(photos["q60"])]]) == SAME_PICTURE


def test_exact_pairs_keep_only_near_vectors() -> None:
    vectors = np.array([[1, 0, 0], [0.99, 0.1, 0], [0, 1, 0], [0, 0.97, 0.2]], np.float32)
    pairs = exact_pairs(np.array([10, 11, 12, 13]), vectors, cosine=0.95)
    assert pairs == {(10, 11), (12, 13)}


def test_the_index_path_finds_the_same_groups(library: Library) -> None:
    assert [g.paths for g in library.duplicates(exact_limit=1)] == [
        g.paths for g in library.duplicates()]


def test_only_identical_copies_are_trashed_unless_chosen_or_similar(
        library: Library, photos: dict[str, Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """By default only the byte copy goes; the resized and re-encoded copies stay until
    they are chosen (the dialog's ticks) or ``similar`` is passed."""
    from send2trash import plat_other  # reads XDG_DATA_HOME when first imported

    monkeypatch.setattr(plat_other, "XDG_DATA_HOME", str(tmp_path / "data").encode())
    monkeypatch.setattr(plat_other, "HOMETRASH_B", str(tmp_path / "data" / "Trash").encode())
    (group,) = library.duplicates()
    near = [str(photos[name]) for name in ("half", "q60", "png")]
    twins = {str(photos["copy"]), str(photos["original"])}
    assert {group.keep, *group.identical_extra} == twins and len(group.identical_extra) == 1
    report = library.trash_duplicates([group])
    assert report.moved == group.identical_extra and not report.failed
    assert all(Path(p).is_file() for p in [group.keep, *near])
    report = library.trash_duplicates([group], chosen={near[0], "/not/in/the/group.jpg"})
    assert report.moved == [near[0]] and Path(near[1]).is_file() and Path(group.keep).is_file()


def test_trashing_the_extra_copies(library: Library, photos: dict[str, Path], tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from send2trash import plat_other  # reads XDG_DATA_HOME when first imported

    data_home = tmp_path / "data"
    monkeypatch.setattr(plat_other, "XDG_DATA_HOME", str(data_home).encode())
    monkeypatch.setattr(plat_other, "HOMETRASH_B", str(data_home / "Trash").encode())
    (group,) = library.duplicates()
    report = library.trash_duplicates([group], similar=True)
    assert sorted(report.moved) == sorted(group.extra) and not report.failed
    trashed = sorted(p.name for p in (data_home / "Trash" / "files").iterdir())
    assert len(trashed) == len(group.extra)
    assert Path(group.keep).is_file()
    assert not any(Path(p).exists() for p in group.extra)
    known = library.catalog.images.rows(library.model_id)
    assert group.keep in known and not any(p in known for p in group.extra)
    assert library.duplicates() == []
    assert library.check().ok
