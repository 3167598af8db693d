"""A burst whose neighbouring frames are near copies never becomes one chained group: every
member of a group is a confirmed near copy of every other (tester's report: 30 frames of a
moving circle were one group of 26, keeper and last member 19 bits of dHash apart, all
ticked for the trash), and byte copies sit with their own original, each member saying how
it relates to the keeper."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

import pytest
from PIL import Image

import clipview
from clipview.core.library.duplicates import (
    DEFAULT_MAX_DISTANCE,
    IDENTICAL_FILE,
    NEAR_COPY,
    SAME_PICTURE,
    HashCache,
)
from clipview.core.library.library import Library
from tests.core.test_duplicates import scene
from tests.helpers.bursts import moving_circle
from tests.helpers.library_data import run_index

FRAMES = 30


@pytest.fixture()
def burst(tmp_path: Path, colour_bundle: Path) -> Iterator[tuple[Library, list[Path],
                                                               dict[str, str]]]:
    root = tmp_path / "photos"
    frames = [moving_circle(root / "burst" / f"DSC_{2000 + n}.jpg", n) for n in range(FRAMES)]
    (root / "copies").mkdir()
    copies = {str(Path(shutil.copy2(frames[n], root / "copies" / name)).resolve()):
              str(frames[n].resolve())
              for n, name in ((3, "DSC_2003.jpg"), (17, "backup of 2017.jpg"))}
    lib = clipview.open_library(tmp_path / "home", clipview.load_model(colour_bundle, "cpu"))
    lib.add_folder(root)
    run_index(lib)
    yield lib, [f.resolve() for f in frames], copies
    lib.close()


def test_no_group_chains_photos_beyond_the_limit(burst) -> None:  # type: ignore[no-untyped-def]
    library, frames, _ = burst
    hashes = HashCache()
    first, last = hashes.get(str(frames[0])), hashes.get(str(frames[-1]))
    assert first is not None and last is not None
    assert first.phash - last.phash > DEFAULT_MAX_DISTANCE  # the ends are not near copies
    for exact_limit in (20000, 1):  # exact products, and the index's neighbours
        groups = library.duplicates(exact_limit=exact_limit)
        assert groups, exact_limit
        for group in groups:
            for a, b in combinations(group.paths, 2):
                one, two = hashes.get(a), hashes.get(b)
                assert one is not None and two is not None
                assert one.dhash - two.dhash <= DEFAULT_MAX_DISTANCE, (exact_limit, a, b)
                assert one.phash - two.phash <= DEFAULT_MAX_DISTANCE, (exact_limit, a, b)


def test_byte_copies_sit_with_their_original(burst) -> None:  # type: ignore[no-untyped-def]
    library, _, copies = burst
    groups = library.duplicates()
    kept = [g.keep for g in groups if any(g.keep in pair for pair in copies.items())]
    assert kept  # at least one copy's group is kept by it or its original
    for copy, original in copies.items():
        (group,) = [g for g in groups if copy in g.paths]
        assert original in group.paths
        others = set(copies.items()) - {(copy, original)}
        assert not any(p in group.paths for pair in others for p in pair)
        by_path = {p.path: p for p in group.photos}
        if group.keep in (copy, original):
            twin = copy if group.keep == original else original
            assert group.relation(by_path[twin]) == IDENTICAL_FILE
        near = [p for p in group.photos if p.path not in (copy, original)]
        assert all(group.relation(p) == NEAR_COPY for p in near if p.path != group.keep)


def test_an_identical_member_of_a_mixed_group_is_read_again_before_the_trash(
        tmp_path: Path, colour_bundle: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keeper, its byte copy and a resized copy: the byte copy is rewritten before the
    trash, so it stays (reported), while the resized copy goes."""
    from send2trash import plat_other  # reads XDG_DATA_HOME when first imported

    monkeypatch.setattr(plat_other, "XDG_DATA_HOME", str(tmp_path / "data").encode())
    monkeypatch.setattr(plat_other, "HOMETRASH_B", str(tmp_path / "data" / "Trash").encode())
    original = scene(tmp_path / "photos" / "IMG_1.jpg", seed=5).resolve()
    copy = Path(shutil.copy2(original, tmp_path / "photos" / "IMG_1_copy.jpg")).resolve()
    with Image.open(original) as image:
        image.resize((160, 120)).save(tmp_path / "photos" / "small.jpg", quality=60)
    with clipview.open_library(tmp_path / "home", clipview.load_model(colour_bundle,
                                                                       "cpu")) as library:
        library.add_folder(tmp_path / "photos")
        run_index(library)
        (group,) = library.duplicates()
        assert group.reason == SAME_PICTURE and group.keep == str(original)
        assert [group.relation(p) for p in group.photos[1:]] == [IDENTICAL_FILE, NEAR_COPY]
        copy.write_bytes(scene(tmp_path / "other.jpg", seed=9).read_bytes())
        report = library.trash_duplicates([group], similar=True)
    assert report.moved == [str((tmp_path / "photos" / "small.jpg").resolve())]
    assert [path for path, _ in report.failed] == [str(copy)] and copy.is_file()
