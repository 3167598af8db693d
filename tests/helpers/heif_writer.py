"""HEIC files for the tests: the app reads HEIF with pi-heif, which cannot write, so the tests
write theirs with pillow-heif (a test dependency), registered as Pillow's HEIF *save* handler
only: the opener stays pi-heif's, the one the app uses."""

from __future__ import annotations

from typing import IO

from PIL import Image


def save_heif(image: Image.Image, fp: IO[bytes], filename: str | bytes) -> None:
    import pillow_heif

    quality = image.encoderinfo.get("quality", 90)
    pillow_heif.from_pillow(image).save(fp, quality=quality)


def enable_heif_writing() -> None:
    """``image.save(path, "HEIF")`` and ``.heic`` names work in the tests."""
    Image.register_save("HEIF", save_heif)
    Image.register_extensions("HEIF", [".heic", ".heif", ".hif"])
