"""Decoding and preprocessing: orientation, colour modes, draft decoding, bad files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from clipview.core.errors import ImageSkipped
from clipview.core.media.preprocess import PreprocessConfig, open_rgb, resize_and_crop, to_tensor
from tests.helpers.bad_files import png_bomb, truncated_copy


def _close(pixel: tuple[int, ...], expected: tuple[int, int, int], tol: int = 12) -> bool:
    return all(abs(int(a) - b) <= tol for a, b in zip(pixel, expected, strict=False))


def test_exif_orientation_is_applied(tmp_path: Path) -> None:
    image = Image.new("RGB", (60, 40), (255, 0, 0))
    image.paste((0, 0, 255), (30, 0, 60, 40))  # stored: red left, blue right
    exif = Image.Exif()
    exif[0x0112] = 6  # display rotated 90° clockwise
    path = tmp_path / "rotated.jpg"
    image.save(path, exif=exif, quality=95)
    upright = open_rgb(path)
    assert upright.size == (40, 60)
    assert _close(upright.getpixel((20, 5)), (255, 0, 0))  # red now on top
    assert _close(upright.getpixel((20, 55)), (0, 0, 255))


def test_cmyk_jpeg_becomes_right_rgb(tmp_path: Path) -> None:
    path = tmp_path / "cmyk.jpg"
    Image.new("CMYK", (40, 40), (0, 255, 255, 0)).save(path, quality=95)
    image = open_rgb(path)
    assert image.mode == "RGB" and _close(image.getpixel((20, 20)), (255, 0, 0))


def test_sixteen_bit_png_is_scaled_not_clipped(tmp_path: Path) -> None:
    path = tmp_path / "deep.png"
    Image.fromarray(np.full((20, 20), 32768, np.uint16)).save(path)
    with Image.open(path) as saved:
        assert saved.mode.startswith("I")
    image = open_rgb(path)
    assert image.mode == "RGB" and _close(image.getpixel((5, 5)), (128, 128, 128), 2)


def test_palette_with_transparency_is_flattened_on_white(tmp_path: Path) -> None:
    image = Image.new("P", (20, 20), 0)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    image.paste(1, (10, 0, 20, 20))
    path = tmp_path / "palette.png"
    image.save(path, transparency=0)
    rgb = open_rgb(path)
    assert _close(rgb.getpixel((2, 2)), (255, 255, 255), 0)
    assert _close(rgb.getpixel((15, 2)), (255, 0, 0), 0)


def test_rgba_and_greyscale_convert(tmp_path: Path) -> None:
    Image.new("RGBA", (8, 8), (0, 0, 255, 0)).save(tmp_path / "clear.png")
    Image.new("L", (8, 8), 77).save(tmp_path / "grey.png")
    assert open_rgb(tmp_path / "clear.png").getpixel((1, 1)) == (255, 255, 255)
    assert open_rgb(tmp_path / "grey.png").getpixel((1, 1)) == (77, 77, 77)


def test_huge_jpeg_is_decoded_at_reduced_dct_scale(tmp_path: Path) -> None:
    path = tmp_path / "huge.jpg"
    Image.new("RGB", (4000, 3000), (10, 200, 30)).save(path, quality=80)
    image = open_rgb(path, min_side=224)
    assert image.size == (500, 375)  # 1/8 scale: the smallest that still covers 224
    assert open_rgb(path).size == (4000, 3000)


def test_decompression_bomb_gives_clear_reason(tmp_path: Path) -> None:
    with pytest.raises(ImageSkipped) as caught:
        open_rgb(png_bomb(tmp_path / "bomb.png"))
    assert caught.value.reason == "too many pixels"
    assert "30000x30000" in str(caught.value) or "pixels" in str(caught.value)


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("empty.jpg", b"", "corrupt"),
    ("text.png", b"this is not a picture\n", "not an image"),
])
def test_bad_bytes_are_skipped(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(ImageSkipped) as caught:
        open_rgb(tmp_path / name)
    assert caught.value.reason == reason


def test_truncated_and_vanished(tmp_path: Path) -> None:
    full = tmp_path / "full.jpg"
    rng = np.random.default_rng(1)
    Image.fromarray(rng.integers(0, 255, (200, 200, 3), np.uint8)).save(full)
    with pytest.raises(ImageSkipped) as caught:
        open_rgb(truncated_copy(full, tmp_path / "cut.jpg"))
    assert caught.value.reason == "truncated"
    with pytest.raises(ImageSkipped) as caught:
        open_rgb(tmp_path / "gone.jpg")
    assert caught.value.reason == "vanished"


def test_shortest_resize_then_centre_crop() -> None:
    image = Image.new("RGB", (300, 200), (0, 0, 255))
    image.paste((255, 0, 0), (100, 0, 200, 200))
    out = resize_and_crop(image, PreprocessConfig(size=(224, 224)))
    assert out.size == (224, 224)
    assert _close(out.getpixel((112, 112)), (255, 0, 0), 2)
    assert _close(out.getpixel((2, 112)), (0, 0, 255), 2)  # 336 wide, 56 cut each side


def test_longest_and_squash_modes() -> None:
    image = Image.new("RGB", (300, 100), (0, 255, 0))
    padded = resize_and_crop(image, PreprocessConfig(size=(60, 60), resize_mode="longest"))
    assert padded.size == (60, 60) and padded.getpixel((30, 2)) == (0, 0, 0)
    squashed = resize_and_crop(image, PreprocessConfig(size=(60, 60), resize_mode="squash"))
    assert squashed.getpixel((30, 2)) == (0, 255, 0)


def test_tensor_uses_config_mean_and_std() -> None:
    cfg = PreprocessConfig.from_dict({"size": 4, "mean": [0.5] * 3, "std": [0.5] * 3})
    tensor = to_tensor(Image.new("RGB", (8, 8), (255, 0, 255)), cfg)
    assert tensor.shape == (3, 4, 4) and tensor.dtype == np.float32
    assert np.allclose(tensor[:, 0, 0], [1.0, -1.0, 1.0])


def test_config_rejects_unknown_values() -> None:
    with pytest.raises(ValueError, match="interpolation"):
        PreprocessConfig.from_dict({"interpolation": "magic"})
    with pytest.raises(ValueError, match="resize_mode"):
        PreprocessConfig.from_dict({"resize_mode": "stretch"})


@pytest.mark.parametrize(("width", "height"), [(20000, 20000), (14000, 14000)])
def test_a_photo_with_too_many_pixels_is_one_plain_line(tmp_path: Path, width: int,
                                                        height: int) -> None:
    """Refused by Pillow's own check (400 MP) or by clipview's cap (196 MP) alike."""
    with pytest.raises(ImageSkipped) as caught:
        open_rgb(png_bomb(tmp_path / "huge.png", width, height))
    assert str(caught.value) == \
        f"huge.png is too large: {width}×{height} (at most 150 megapixels)"
    assert caught.value.reason == "too many pixels"
