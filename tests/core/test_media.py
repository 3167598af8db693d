"""RAW files, videos and the words CLIP cannot see, through the Library API with the
synthetic colour bundle (RAW files and videos made by the tests: tests/helpers/media_files)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from PIL import Image

import clipview
from clipview.core.catalog.db import MIGRATIONS
from clipview.core.errors import ClipviewError, ImageSkipped
from clipview.core.library.library import Library
from clipview.core.media.kinds import parse_kinds
from clipview.core.media.preprocess import open_photo
from clipview.core.media.video import frame_positions, video_frame
from clipview.core.search.search import Filters, SearchResult
from tests.helpers.media_files import write_dng, write_video
from tests.helpers.synthetic_bundle import colour_photo


def make_media(root: Path) -> Path:
    """Photos of colours in plain folders, a folder named "Germany 2019" of grey photos,
    IMG_4392.jpg, DNGs (embedded JPEG preview, none) and a red-then-blue video."""
    for n, colour in enumerate(("red", "blue", "green", "magenta", "white", "black")):
        colour_photo(root / "misc" / f"shot {n}.png", colour, seed=n)
    for n in range(3):
        colour_photo(root / "trips" / "Germany 2019" / f"day_{n}.jpg", "grey", seed=20 + n)
    colour_photo(root / "trips" / "Italy 2020" / "day_0.jpg", "grey", seed=30)
    colour_photo(root / "misc" / "IMG_4392.jpg", "grey", seed=40)
    colour_photo(root / "misc" / "IMG_4393.jpg", "grey", seed=41)
    write_dng(root / "raw" / "DSC_0001.dng", "blue", description="Eiffel tower at night")
    write_dng(root / "raw" / "DSC_0002.dng", "green", preview=None)
    write_video(root / "video" / "clip.mp4", ["red", "blue"], seconds_each=2.0,
                metadata={"title": "Birthday party"})
    return root


def run_index(library: Library) -> None:
    for _ in library.index():
        pass


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, colour_bundle: Path) -> Library:
    root = tmp_path_factory.mktemp("media")
    make_media(root / "photos")
    lib = clipview.open_library(root / "home", colour_bundle, device="cpu")
    lib.add_folder(root / "photos")
    run_index(lib)
    return lib


def names(results: list[SearchResult]) -> list[str]:
    return [Path(r.path).name for r in results]


def test_raw_preview_decodes_with_the_raw_size(tmp_path: Path) -> None:
    for preview in ("jpeg", "bitmap", None):
        dng = write_dng(tmp_path / f"{preview}.dng", "blue", preview=preview, size=(64, 48))
        photo = open_photo(dng)
        assert (photo.width, photo.height) == (64, 48)
        r, g, b = photo.image.getpixel((photo.image.width // 2, photo.image.height // 2))
        assert b > 200 and r < 40 and g < 110, (preview, (r, g, b))


def test_a_file_that_is_not_a_raw_is_skipped_with_a_reason(tmp_path: Path) -> None:
    fake = tmp_path / "fake.nef"
    fake.write_bytes(b"not a raw file at all" * 100)
    with pytest.raises(ImageSkipped) as caught:
        open_photo(fake)
    assert caught.value.reason in ("not an image", "corrupt")


def test_raw_files_are_indexed_and_searchable(library: Library) -> None:
    assert names(library.search("blue", 3))[:3].count("DSC_0001.dng") == 1
    assert "DSC_0002.dng" in names(library.search("green", 3))
    raws = library.search("blue", 10, Filters(types=("raw",)))
    assert names(raws) == ["DSC_0001.dng", "DSC_0002.dng"]


def test_video_ranks_by_its_best_frame_and_shows_its_time(library: Library) -> None:
    blue = [r for r in library.search("blue", 5) if r.path.endswith("clip.mp4")]
    red = [r for r in library.search("red", 5) if r.path.endswith("clip.mp4")]
    assert blue and red
    assert blue[0].frame_time is not None and blue[0].frame_time >= 2.0
    assert red[0].frame_time is not None and red[0].frame_time < 2.0
    assert blue[0].score > 0.99 and red[0].score > 0.99
    only = library.search("blue", 5, Filters(types=("video",)))
    assert names(only) == ["clip.mp4"]
    frames = library.catalog.media.frame_times(only[0].id, library.model_id)
    assert len(frames) == 3 and frames == sorted(frames)


def test_video_frame_for_thumbnails(library: Library) -> None:
    path = next(p for p in library.search("blue", 5) if p.path.endswith("clip.mp4")).path
    late = video_frame(path, 3.0)
    early = video_frame(path, 0.5)
    assert late.getpixel((5, 5))[2] > 200 and early.getpixel((5, 5))[0] > 200
    assert frame_positions(4.0) == pytest.approx([0.4, 2.0, 3.6])
    assert len(frame_positions(3600.0)) == 10 and frame_positions(None) == [0.0]


def test_a_broken_video_is_skipped(tmp_path: Path, colour_bundle: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "broken.mp4").write_bytes(b"\x00\x00\x00\x18ftypisom" + b"x" * 500)
    colour_photo(tmp_path / "photos" / "ok.png", "red")
    lib = clipview.open_library(tmp_path / "home", colour_bundle, device="cpu")
    lib.add_folder(tmp_path / "photos")
    summary = None
    for progress in lib.index():
        summary = progress.summary or summary
    assert summary is not None and summary.indexed == 1
    assert [Path(s.path).name for s in summary.skipped] == ["broken.mp4"]


def test_status_counts_per_type(library: Library) -> None:
    assert library.status().types == {"photo": 12, "raw": 2, "video": 1}
    assert library.status().to_json()["types"] == {"photo": 12, "raw": 2, "video": 1}


def test_type_names_are_checked() -> None:
    assert parse_kinds("photos, video") == ("photo", "video")
    with pytest.raises(ClipviewError):
        parse_kinds("pictures")


def test_folder_name_query_ranks_that_folder_first(library: Library) -> None:
    results = library.search("germany 2019", 6)
    assert all("Germany 2019" in r.path for r in results[:3])
    assert all("Germany 2019" not in r.path for r in results[3:])
    assert results[0].text_match == (("folder", ("germany", "2019")),)
    assert results[0].vector_score is not None   # words order the results, the score is
    assert results[0].score == max(0.0, results[0].vector_score)   # the cosine's
    assert results[0].reasons == ["folder: germany 2019"]


def test_file_name_query_finds_that_file(library: Library) -> None:
    results = library.search("IMG_4392", 3)
    assert names(results)[0] == "IMG_4392.jpg"
    assert results[0].text_match == (("name", ("img_4392",)),)
    assert "IMG_4393.jpg" not in names(results[:1])


def test_exif_caption_camera_and_video_title_are_words(library: Library) -> None:
    assert names(library.search("eiffel", 1)) == ["DSC_0001.dng"]
    assert names(library.search("birthday", 1)) == ["clip.mp4"]
    assert set(names(library.search("testcam", 2))) == {"DSC_0001.dng", "DSC_0002.dng"}


def test_visual_query_is_unchanged(library: Library) -> None:
    query = "a photo of something magenta"
    fused = library.search(query, 10)
    plain = library.search_vector(library.model.encode_texts([query])[0], 10)
    assert [(r.id, round(r.score, 6)) for r in fused] == [
        (r.id, round(r.score, 6)) for r in plain]
    assert all(r.text_match is None for r in fused)


def test_text_follows_a_move_and_a_delete(tmp_path: Path, colour_bundle: Path) -> None:
    make_media(tmp_path / "photos")
    lib = clipview.open_library(tmp_path / "home", colour_bundle, device="cpu")
    lib.add_folder(tmp_path / "photos")
    run_index(lib)
    old = tmp_path / "photos" / "trips" / "Italy 2020" / "day_0.jpg"
    row = lib.catalog.images.id_of(str(old.resolve()))
    assert row is not None and "italy" in lib.search("italy", 1)[0].path.lower()
    target = tmp_path / "photos" / "trips" / "Norway 2021" / "fjord.jpg"
    target.parent.mkdir(parents=True)
    shutil.move(old, target)
    run_index(lib)
    assert lib.catalog.images.id_of(str(target.resolve())) == row  # moved, not re-encoded
    text = lib.catalog.text.of(row)
    assert text is not None and "Norway 2021" in text["folder"] and "fjord" in text["name"]
    assert all(r.text_match is None for r in lib.search("italy", 5))
    assert lib.search("norway", 1)[0].id == row
    os.remove(target)
    run_index(lib)
    assert lib.catalog.text.of(row) is None
    assert all(r.text_match is None for r in lib.search("norway", 5))
    lib.forget(tmp_path / "photos")  # a folder's cascade empties the table too
    assert lib.catalog.text.hits(["germany"]) == {}
    lib.close()


def test_a_catalog_from_before_gets_its_words_on_the_next_index(
        tmp_path: Path, colour_bundle: Path) -> None:
    lib = clipview.open_library(tmp_path / "home", colour_bundle, device="cpu")
    colour_photo(tmp_path / "photos" / "Germany 2019" / "a.jpg", "grey")
    lib.add_folder(tmp_path / "photos")
    run_index(lib)
    lib.close()
    with sqlite3.connect(tmp_path / "home" / "catalog.sqlite") as db:  # as an older clipview
        db.execute("DELETE FROM media_text")
    connection = sqlite3.connect(tmp_path / "old.sqlite")
    for number, script in enumerate(MIGRATIONS[:2]):  # migration 3 on an older catalog
        connection.executescript(f"BEGIN; {script}; PRAGMA user_version = {number + 1}; COMMIT;")
    connection.close()
    from clipview.core.catalog.db import connect

    upgraded = connect(tmp_path / "old.sqlite")
    assert upgraded.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    upgraded.close()
    lib = clipview.open_library(tmp_path / "home", colour_bundle, device="cpu")
    assert lib.search("germany", 1)[0].text_match is None
    run_index(lib)
    assert lib.search("germany", 1)[0].text_match == (("folder", ("germany",)),)
    lib.close()


def test_thumbnail_of_a_raw_is_its_preview(tmp_path: Path) -> None:
    dng = write_dng(tmp_path / "a.dng", "green")
    image = open_photo(dng, min_side=16).image
    assert isinstance(image, Image.Image) and image.getpixel((2, 2))[1] > 200
