"""Only allow-listed decoders (never Ghostscript), and any decoder crash is one skipped file."""

from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import EpsImagePlugin, Image

import clipview
from clipview.core.errors import ImageSkipped
from clipview.core.media.preprocess import ALLOWED_FORMATS, open_photo
from clipview.core.progress import IndexSummary
from tests.helpers.bad_files import corrupt_heic, eps_named_jpg
from tests.helpers.synthetic_bundle import colour_photo


@pytest.fixture()
def no_subprocess(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every process start is recorded and refused (Ghostscript included)."""
    started: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        started.append(args[0] if args else kwargs.get("args"))
        raise OSError("a process start was refused by the test")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    monkeypatch.setattr(EpsImagePlugin, "gs_binary", None)  # make Pillow look for gs again
    return started


def index_summary(library: clipview.core.library.library.Library) -> IndexSummary:
    summary = None
    for progress in library.index(batch_size=4):
        summary = progress.summary or summary
    assert summary is not None
    return summary


def test_pillow_alone_would_start_ghostscript(tmp_path: Path, no_subprocess: list[Any]) -> None:
    """The attack is real with this Pillow: without an allow-list the EPS reaches gs."""
    eps = eps_named_jpg(tmp_path / "holiday.jpg")
    with Image.open(eps) as image, pytest.raises(OSError):
        assert image.format == "EPS"
        image.load()
    assert no_subprocess and "gs" in str(no_subprocess[0])


def test_eps_named_jpg_never_starts_ghostscript(tmp_path: Path, colour_bundle: Path,
                                                no_subprocess: list[Any]) -> None:
    folder = tmp_path / "photos"
    colour_photo(folder / "red.jpg", "red")
    eps = eps_named_jpg(folder / "holiday.jpg")
    with pytest.raises(ImageSkipped) as caught:
        open_photo(eps)
    assert caught.value.reason == "not an image"
    library = clipview.open_library(tmp_path / "home", colour_bundle, device="cpu")
    library.add_folder(folder)
    summary = index_summary(library)
    reasons = {Path(s.path).name: s.reason for s in summary.skipped}
    assert reasons == {"holiday.jpg": "not an image"} and summary.indexed == 1
    with pytest.raises(ImageSkipped):  # an image query with a file outside the library
        library.similar(eps_named_jpg(tmp_path / "elsewhere.jpg"))
    with pytest.raises(ImageSkipped):
        library.model.encode_images([eps])
    assert no_subprocess == []


def test_thumbnails_use_the_allow_list(tmp_path: Path, no_subprocess: list[Any]) -> None:
    from clipview.gui.thumbnails import make_thumbnail

    eps = eps_named_jpg(tmp_path / "holiday.jpg")
    with pytest.raises(ImageSkipped):
        make_thumbnail(str(eps), 128, tmp_path / "cache")
    assert no_subprocess == []
    real = colour_photo(tmp_path / "real.jpg", "red", size=(300, 200))
    thumbnail = make_thumbnail(str(real), 128, None)
    assert (thumbnail.width(), thumbnail.height()) == (128, 85)


def test_allowed_formats_all_decode(tmp_path: Path) -> None:
    import clipview.core.media.preprocess  # noqa: F401  (HEIF registered)

    for fmt in ALLOWED_FORMATS:
        path = tmp_path / f"photo.{fmt.lower()}"
        Image.new("RGB", (40, 30), (10, 200, 30)).save(path, fmt)
        photo = open_photo(path)
        assert (photo.width, photo.height) == (40, 30), fmt
    other = tmp_path / "photo.jpg"
    Image.new("RGB", (40, 30)).save(other, "PCX")  # a format Pillow reads, not allowed here
    with pytest.raises(ImageSkipped, match="not an image"):
        open_photo(other)


def test_corrupt_heic_is_skipped_and_the_run_goes_on(tmp_path: Path,
                                                     colour_bundle: Path) -> None:
    folder = tmp_path / "photos"
    folder.mkdir()
    heic = corrupt_heic(folder / "phone.heic")
    with Image.open(io.BytesIO(heic.read_bytes())) as raw, pytest.raises(RuntimeError):
        raw.load()  # what pillow-heif does with it on its own
    colour_photo(folder / "blue.png", "blue")
    library = clipview.open_library(tmp_path / "home", colour_bundle, device="cpu")
    library.add_folder(folder)
    summary = index_summary(library)
    assert {Path(s.path).name: s.reason for s in summary.skipped} == {"phone.heic": "corrupt"}
    assert summary.indexed == 1


@pytest.mark.parametrize("error", [RuntimeError("heif"), ValueError("bad"), SyntaxError("x"),
                                   Image.DecompressionBombError("big"), KeyError("tag"),
                                   ZeroDivisionError("oops")])
def test_any_decoder_exception_becomes_a_skip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              error: Exception) -> None:
    photo = colour_photo(tmp_path / "a.png", "red")

    def explode(self: Image.Image) -> None:
        raise error

    monkeypatch.setattr(Image.Image, "load", explode)
    from PIL import ImageFile
    monkeypatch.setattr(ImageFile.ImageFile, "load", explode)
    with pytest.raises(ImageSkipped) as caught:
        open_photo(photo)
    expected = "too many pixels" if isinstance(error, Image.DecompressionBombError) else "corrupt"
    assert caught.value.reason == expected


def test_non_utf8_names_are_decoded(tmp_path: Path) -> None:
    folder = os.path.join(os.fsencode(tmp_path), b"d\xe9j\xe0 vu")
    os.mkdir(folder)
    target = os.path.join(folder, b"caf\xe9.png")
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), (1, 2, 3)).save(buffer, "PNG")
    with open(target, "wb") as handle:
        handle.write(buffer.getvalue())
    as_text = os.fsdecode(target)  # 'caf\udce9.png': what os.scandir gives
    assert "\udce9" in as_text
    photo = open_photo(as_text)
    assert (photo.width, photo.height) == (20, 10)


def test_heif_is_read_by_pi_heif_without_an_encoder() -> None:
    """HEIC is read by pi-heif (libheif and libde265, LGPL), never by pillow-heif, whose wheel
    bundles the x265 encoder (GPL): the app only reads photos (issue 19's licence decision)."""
    import clipview.core.media.preprocess  # noqa: F401  (HEIF registered)

    opener = Image.OPEN["HEIF"][0]
    assert opener.__module__.startswith("pi_heif."), opener.__module__
