"""The desktop's shared thumbnails: found by the MD5 of the file's URI as GLib writes it,
used only when valid for the file as it is (URI, MTime, Size; made after its last change),
from the smallest size class that fits, never from fail/, and read as untrusted files."""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import io
import os
import time
from pathlib import Path

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from clipview.core.errors import ImageSkipped
from clipview.core.media import shared_thumbs
from clipview.core.media.preprocess import identify, open_photo
from clipview.core.media.shared_thumbs import (
    file_uri,
    shared_thumbnail,
    thumbnail_name,
    thumbnails_root,
)

BLUE, GREEN, RED = (20, 40, 220), (30, 200, 40), (220, 30, 30)


def _photo(path: Path) -> Path:
    """A file no decoder reads: a thumbnail shown of it came from the shared cache."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xff\xd8 not really a JPEG " * 50)
    with pytest.raises(ImageSkipped):
        open_photo(path)
    return path


def _thumb(root: Path, folder: str, photo: Path, colour: tuple[int, int, int] = BLUE,
           size: tuple[int, int] = (128, 96), **fields: str) -> Path:
    """A thumbnail as a file manager writes it: PNG with Thumb::URI and Thumb::MTime."""
    info = photo.stat()
    text = {"Thumb::URI": file_uri(photo), "Thumb::MTime": str(int(info.st_mtime)),
            "Thumb::Size": str(info.st_size), "Software": "test"} | fields
    meta = PngInfo()
    for key, value in text.items():
        if value:
            meta.add_text(key, value)
    target = root / folder / thumbnail_name(file_uri(photo))
    target.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, colour).save(target, "PNG", pnginfo=meta)
    return target


def _colour(image: Image.Image | None) -> tuple[int, int, int] | None:
    if image is None:
        return None
    red, green, blue = image.convert("RGB").getpixel((image.width // 2, image.height // 2))
    return red, green, blue


def test_the_uri_and_name_are_the_standards(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # the Thumbnail Managing Standard's own example
    assert file_uri("/home/jens/photos/me.png") == "file:///home/jens/photos/me.png"
    assert thumbnail_name("file:///home/jens/photos/me.png") == \
        "c6ee772d9e49320e97ec29a7eb5b1697.png"
    assert file_uri("/photos/Summer 2024/é #1?.jpg") == \
        "file:///photos/Summer%202024/%C3%A9%20%231%3F.jpg"
    assert file_uri("/p/100%/a[1]{2}^`|\\\"<>;.jpg") == \
        "file:///p/100%25/a%5B1%5D%7B2%7D%5E%60%7C%5C%22%3C%3E%3B.jpg"
    assert file_uri("/p/!$&'()*+,:=@~-._.jpg") == "file:///p/!$&'()*+,:=@~-._.jpg"
    assert file_uri(os.fsdecode(b"/p/caf\xe9.jpg")) == "file:///p/caf%E9.jpg"  # Latin-1 bytes
    assert file_uri("/p/./x/../a.jpg") == "file:///p/a.jpg"
    monkeypatch.chdir(tmp_path)
    assert file_uri("a b.jpg") == "file://" + str(tmp_path).replace(" ", "%20") + "/a%20b.jpg"


_GLIB = ctypes.util.find_library("glib-2.0")


@pytest.mark.skipif(_GLIB is None, reason="GLib is not installed")
def test_the_uri_is_glibs() -> None:
    glib = ctypes.CDLL(_GLIB)
    glib.g_filename_to_uri.restype = ctypes.c_void_p
    glib.g_filename_to_uri.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p]
    glib.g_free.argtypes = [ctypes.c_void_p]
    names = ["/home/jens/photos/me.png", "/photos/Summer 2024/é #1?.jpg",
             "/p/100%/a[1]{2}^`|\\\"<>;.jpg", "/p/!$&'()*+,:=@~-._.jpg",
             os.fsdecode(b"/p/caf\xe9.jpg"), "/p/日本/写真.heic", "/p/tab\there"]
    for name in names:
        pointer = glib.g_filename_to_uri(os.fsencode(name), None, None)
        assert pointer
        expected = ctypes.string_at(pointer).decode("ascii")
        glib.g_free(pointer)
        assert file_uri(name) == expected, name


def test_the_root_follows_xdg_cache_home(tmp_path: Path) -> None:
    home = str(tmp_path)
    assert thumbnails_root({"XDG_CACHE_HOME": "/c", "HOME": home}) == Path("/c/thumbnails")
    expected = tmp_path / ".cache" / "thumbnails"
    assert thumbnails_root({"HOME": home}) == expected
    assert thumbnails_root({"XDG_CACHE_HOME": "relative", "HOME": home}) == expected


def test_a_valid_shared_thumbnail_is_used_without_decoding_the_photo(tmp_path: Path) -> None:
    photo = _photo(tmp_path / "photos" / "Été 2024" / "100% me.jpg")
    root = tmp_path / "cache" / "thumbnails"
    _thumb(root, "normal", photo)
    image = shared_thumbnail(str(photo), 128, root)
    assert image is not None and image.mode == "RGB" and image.size == (128, 96)
    assert _colour(image) == BLUE
    assert shared_thumbnail(str(photo), 128, None) is None   # no shared cache: not asked


def test_the_smallest_class_at_least_the_tile(tmp_path: Path) -> None:
    photo = _photo(tmp_path / "p.jpg")
    root = tmp_path / "thumbnails"
    _thumb(root, "normal", photo, RED)
    _thumb(root, "large", photo, GREEN, (256, 192))
    _thumb(root, "xx-large", photo, BLUE, (1024, 768))
    assert _colour(shared_thumbnail(str(photo), 128, root)) == RED
    assert _colour(shared_thumbnail(str(photo), 256, root)) == GREEN   # not normal's 128
    large = shared_thumbnail(str(photo), 512, root)   # no x-large: the next one, shrunk
    assert large is not None and large.size == (512, 384) and _colour(large) == BLUE
    (root / "normal" / thumbnail_name(file_uri(photo))).unlink()
    small = shared_thumbnail(str(photo), 128, root)
    assert small is not None and small.size == (128, 96) and _colour(small) == GREEN


def test_a_compressed_text_chunk_counts(tmp_path: Path) -> None:
    photo = _photo(tmp_path / "p.jpg")
    info = photo.stat()
    meta = PngInfo()
    meta.add_text("Thumb::URI", file_uri(photo), zip=True)
    meta.add_itxt("Thumb::MTime", str(int(info.st_mtime)))
    target = tmp_path / "thumbnails" / "normal" / thumbnail_name(file_uri(photo))
    target.parent.mkdir(parents=True)
    Image.new("RGBA", (100, 80), BLUE + (255,)).save(target, "PNG", pnginfo=meta)
    assert _colour(shared_thumbnail(str(photo), 128, tmp_path / "thumbnails")) == BLUE


@pytest.mark.parametrize("fields", [
    {"Thumb::MTime": "12345"}, {"Thumb::MTime": ""}, {"Thumb::MTime": "１２３"},
    {"Thumb::URI": "file:///somewhere/else.jpg"}, {"Thumb::URI": ""},
    {"Thumb::Size": "1"}, {"Thumb::Size": "many"},
])
def test_a_thumbnail_of_another_file_or_time_is_ignored(tmp_path: Path,
                                                        fields: dict[str, str]) -> None:
    photo = _photo(tmp_path / "p.jpg")
    _thumb(tmp_path / "thumbnails", "normal", photo, **fields)
    assert shared_thumbnail(str(photo), 128, tmp_path / "thumbnails") is None


def test_a_failed_thumbnail_is_never_used(tmp_path: Path) -> None:
    photo = _photo(tmp_path / "p.jpg")
    root = tmp_path / "thumbnails"
    _thumb(root, "fail/gnome-thumbnail-factory", photo)
    _thumb(root, "fail", photo)
    assert shared_thumbnail(str(photo), 128, root) is None


def test_untrusted_files_are_not_thumbnails(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    photo = _photo(tmp_path / "p.jpg")
    root = tmp_path / "thumbnails"
    target = _thumb(root, "normal", photo)
    decoded: list[str] = []
    monkeypatch.setattr(shared_thumbs, "identify",
                        lambda data, *args: decoded.append("yes") or identify(data, *args))
    for form in ("JPEG", "GIF", "TIFF", "WEBP"):   # allowed photo formats, named .png
        other = io.BytesIO()
        Image.new("RGB", (128, 96), BLUE).save(other, form)
        target.write_bytes(other.getvalue())
        assert shared_thumbnail(str(photo), 128, root) is None
    assert decoded == []   # never handed to a decoder: PNG only
    target.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)   # a PNG signature, then garbage
    assert shared_thumbnail(str(photo), 128, root) is None
    target.unlink()
    os.mkfifo(target)                                   # would block a plain open
    assert shared_thumbnail(str(photo), 128, root) is None
    target.unlink()
    target.symlink_to("/dev/zero")                      # would stream forever
    assert shared_thumbnail(str(photo), 128, root) is None


def test_a_huge_thumbnail_is_ignored(tmp_path: Path) -> None:
    photo = _photo(tmp_path / "p.jpg")
    _thumb(tmp_path / "thumbnails", "xx-large", photo, size=(2048, 1024))   # over 1024²
    assert shared_thumbnail(str(photo), 512, tmp_path / "thumbnails") is None


def test_a_thumbnail_older_than_the_files_last_change_is_ignored(tmp_path: Path) -> None:
    photo = _photo(tmp_path / "p.jpg")
    root = tmp_path / "thumbnails"
    target = _thumb(root, "normal", photo)
    assert shared_thumbnail(str(photo), 128, root) is not None
    before = photo.stat()
    photo.write_bytes(photo.read_bytes()[::-1])   # edited, same size, mtime put back
    os.utime(photo, ns=(before.st_atime_ns, before.st_mtime_ns))
    past = time.time() - 3600
    os.utime(target, (past, past))   # the thumbnail was made before the edit
    assert shared_thumbnail(str(photo), 128, root) is None


def test_a_vanished_photo_has_no_shared_thumbnail(tmp_path: Path) -> None:
    photo = _photo(tmp_path / "p.jpg")
    _thumb(tmp_path / "thumbnails", "normal", photo)
    photo.unlink()
    assert shared_thumbnail(str(photo), 128, tmp_path / "thumbnails") is None


def test_the_md5_is_of_the_uri(tmp_path: Path) -> None:
    photo = _photo(tmp_path / "a b.jpg")
    expected = hashlib.md5(file_uri(photo).encode(), usedforsecurity=False).hexdigest()
    assert thumbnail_name(file_uri(photo)) == f"{expected}.png"
