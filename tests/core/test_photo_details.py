"""The viewer's info rows: EXIF read from headers only, soft failure on unreadable files."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from PIL import Image, ImageFile
from PIL.ExifTags import GPS, IFD, Base
from PIL.TiffImagePlugin import IFDRational

from clipview.core.media.details import photo_details


def _exif(offset: str | None = "+02:00", orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[Base.Make] = "Canon"
    exif[Base.Model] = "Canon EOS R5"
    exif[Base.Orientation] = orientation
    sub = exif.get_ifd(IFD.Exif)
    sub[Base.LensModel] = "RF24-105mm F4 L IS USM"
    sub[Base.ExposureTime] = IFDRational(1, 250)
    sub[Base.FNumber] = IFDRational(28, 10)
    sub[Base.ISOSpeedRatings] = 400
    sub[Base.FocalLength] = IFDRational(50, 1)
    sub[Base.DateTimeOriginal] = "2021:07:14 18:03:22"
    if offset is not None:
        sub[Base.OffsetTimeOriginal] = offset
    gps = exif.get_ifd(IFD.GPSInfo)
    gps[GPS.GPSLatitudeRef] = "N"
    gps[GPS.GPSLatitude] = (IFDRational(48), IFDRational(51), IFDRational(3013, 100))
    gps[GPS.GPSLongitudeRef] = "W"
    gps[GPS.GPSLongitude] = (IFDRational(2), IFDRational(17), IFDRational(402, 10))
    gps[GPS.GPSAltitudeRef] = 0
    gps[GPS.GPSAltitude] = IFDRational(35, 1)
    return exif


def _jpeg(path: Path, exif: Image.Exif, size: tuple[int, int] = (300, 200)) -> Path:
    Image.new("RGB", size, (200, 120, 40)).save(path, "JPEG", exif=exif)
    return path


@pytest.fixture()
def no_pixel_decoding(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any pixel decode fails the test: only headers and EXIF may be read."""
    def refuse(self: ImageFile.ImageFile) -> None:
        raise AssertionError(f"pixels of {self.format} decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", refuse)


def test_every_exif_row_of_a_jpeg(tmp_path: Path, no_pixel_decoding: None) -> None:
    photo = _jpeg(tmp_path / "holiday.jpg", _exif())
    details = photo_details(str(photo))
    rows = dict(details.rows())
    assert rows["File"] == "holiday.jpg"
    assert rows["Folder"] == str(tmp_path)
    assert rows["Dimensions"] == "300 × 200"
    assert rows["File size"] == f"{os.path.getsize(photo) / 1000:.1f} kB"
    assert rows["Type"] == "JPEG"
    assert rows["Taken"] == "14 July 2021, 18:03:22 (UTC+02:00)"
    assert rows["Camera"] == "Canon EOS R5"          # the make is not repeated
    assert rows["Lens"] == "RF24-105mm F4 L IS USM"
    assert rows["Shutter"] == "1/250 s"
    assert rows["Aperture"] == "f/2.8"
    assert rows["ISO"] == "400"
    assert rows["Focal length"] == "50 mm"
    assert rows["Location"] == "48.858369° N, 2.294500° W"
    assert rows["Altitude"] == "35 m"
    assert "Problem" not in rows
    assert details.taken is not None and details.taken.utcoffset() == timedelta(hours=2)
    assert details.geo_uri == "geo:48.858369,-2.294500"
    labels = [label for label, _ in details.rows()]
    assert labels == ["File", "Folder", "Dimensions", "File size", "Type", "Taken", "Camera",
                      "Lens", "Shutter", "Aperture", "ISO", "Focal length", "Location",
                      "Altitude"]


def test_date_without_offset_is_local_time(tmp_path: Path) -> None:
    details = photo_details(str(_jpeg(tmp_path / "a.jpg", _exif(offset=None))))
    assert dict(details.rows())["Taken"] == "14 July 2021, 18:03:22 (local time)"
    assert details.taken is not None and details.taken.tzinfo is None


def test_negative_offset_and_rotated_dimensions(tmp_path: Path) -> None:
    details = photo_details(str(_jpeg(tmp_path / "a.jpg", _exif("-05:30", orientation=6))))
    rows = dict(details.rows())
    assert rows["Taken"].endswith("(UTC-05:30)")
    assert rows["Dimensions"] == "200 × 300"          # shown upright


def test_slow_shutter_and_camera_of_another_make(tmp_path: Path) -> None:
    exif = Image.Exif()
    exif[Base.Make] = "NIKON CORPORATION"
    exif[Base.Model] = "NIKON D750"
    sub = exif.get_ifd(IFD.Exif)
    sub[Base.ExposureTime] = IFDRational(2, 1)
    sub[Base.FocalLength] = IFDRational(43, 10)
    sub[Base.FocalLengthIn35mmFilm] = 26
    rows = dict(photo_details(str(_jpeg(tmp_path / "n.jpg", exif))).rows())
    assert rows["Camera"] == "NIKON D750"
    assert rows["Shutter"] == "2 s"
    assert rows["Focal length"] == "4.3 mm (26 mm in 35 mm terms)"
    assert "Location" not in rows and "Lens" not in rows and "ISO" not in rows


def test_png_without_exif_has_only_file_rows(tmp_path: Path, no_pixel_decoding: None) -> None:
    photo = tmp_path / "plain.png"
    Image.new("RGB", (150, 90), (1, 2, 3)).save(photo)
    details = photo_details(str(photo))
    assert [label for label, _ in details.rows()] == ["File", "Folder", "Dimensions",
                                                      "File size", "Type", "File date"]
    assert dict(details.rows())["Type"] == "PNG"
    assert dict(details.rows())["File date"].endswith("(no date in the photo)")
    assert details.camera is None and details.taken is None and details.problem is None


def test_junk_gps_and_zero_rationals_are_left_out(tmp_path: Path) -> None:
    exif = Image.Exif()
    sub = exif.get_ifd(IFD.Exif)
    sub[Base.FNumber] = IFDRational(0, 0)
    sub[Base.DateTimeOriginal] = "0000:00:00 00:00:00"
    gps = exif.get_ifd(IFD.GPSInfo)
    gps[GPS.GPSLatitudeRef] = "Q"
    gps[GPS.GPSLatitude] = (IFDRational(48), IFDRational(0), IFDRational(0))
    gps[GPS.GPSLongitudeRef] = "E"
    gps[GPS.GPSLongitude] = (IFDRational(2), IFDRational(0), IFDRational(0))
    rows = dict(photo_details(str(_jpeg(tmp_path / "j.jpg", exif))).rows())
    assert not {"Aperture", "Taken", "Location"} & rows.keys()


def test_unreadable_file_fails_soft(tmp_path: Path) -> None:
    junk = tmp_path / "broken.jpg"
    junk.write_bytes(b"this is not a photo at all")
    details = photo_details(str(junk))
    rows = dict(details.rows())
    assert rows == {"File": "broken.jpg", "Folder": str(tmp_path), "File size": "26 bytes",
                    "Problem": "not an image format clipview reads"}


def test_missing_file_and_non_regular_files(tmp_path: Path) -> None:
    gone = photo_details(str(tmp_path / "gone.jpg"))
    assert gone.problem and gone.size_bytes is None
    assert dict(gone.rows())["File"] == "gone.jpg"
    folder = photo_details(str(tmp_path))
    assert folder.problem is not None and "not a regular file" in folder.problem
    fifo = tmp_path / "pipe.jpg"
    os.mkfifo(fifo)
    piped = photo_details(str(fifo))  # must not block on the FIFO
    assert piped.problem is not None and "FIFO" in piped.problem


def test_formats_outside_the_allow_list_are_not_opened(tmp_path: Path) -> None:
    eps = tmp_path / "a.eps"
    eps.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n")
    details = photo_details(str(eps))
    assert details.problem == "not an image format clipview reads"
    assert details.format is None
