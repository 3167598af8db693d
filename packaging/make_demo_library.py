"""A small library of generated "photos" we may publish: skies, mountains, seas, cities at
night, flowers, shapes, patterns and signs with text, as JPEGs with EXIF dates spread over
four years (so date filters and sorting have something to show). Deterministic (seeded).

    python packaging/make_demo_library.py OUT_DIR [--count 96] [--seed 7]

The screenshots in README and the AppStream metainfo are taken on this library
(packaging/screenshot.py), never on the test photos in ../shared/photos.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

Colour = tuple[int, int, int]
SIZE = (960, 640)
EXIF_IFD, DATE_TIME_ORIGINAL, DATE_TIME, MAKE, MODEL = 0x8769, 36867, 306, 271, 272
SKIES: dict[str, tuple[Colour, Colour]] = {   # top → horizon
    "noon": ((40, 110, 200), (170, 215, 245)),
    "sunset": ((70, 60, 140), (255, 140, 50)),
    "golden": ((230, 120, 40), (255, 210, 120)),
    "dusk": ((40, 20, 80), (200, 80, 150)),
    "night": ((5, 10, 35), (30, 40, 90)),
    "overcast": ((120, 125, 135), (200, 200, 205)),
}
SIGNS = ["BEACH", "CAFE", "OPEN", "BAKERY", "STATION", "TRAIL 2 km", "HARBOUR", "NO PARKING",
         "MUSEUM", "EXIT", "FLOWERS", "HOTEL"]


def gradient(size: tuple[int, int], top: Colour, bottom: Colour) -> Image.Image:
    width, height = size
    t = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None, None]
    rows = (1 - t) * np.array(top, np.float32) + t * np.array(bottom, np.float32)
    return Image.fromarray(np.repeat(rows, width, axis=1).astype(np.uint8), "RGB")


def ridge(rng: random.Random, width: int, base: float, rough: float) -> list[tuple[int, int]]:
    """A mountain ridge by midpoint displacement: points from left to right."""
    heights = [base + rng.uniform(-rough, rough), base + rng.uniform(-rough, rough)]
    spread = rough
    while len(heights) < 65:
        spread *= 0.55
        refined = []
        for left, right in zip(heights, heights[1:], strict=False):
            refined += [left, (left + right) / 2 + rng.uniform(-spread, spread)]
        heights = refined + [heights[-1]]
    step = width / (len(heights) - 1)
    return [(round(i * step), round(h)) for i, h in enumerate(heights)]


def mix(a: Colour, b: Colour, t: float) -> Colour:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t),
            round(a[2] + (b[2] - a[2]) * t))


def landscape(rng: random.Random) -> Image.Image:
    sky_name = rng.choice(["noon", "noon", "noon", "sunset", "sunset", "golden", "dusk",
                           "overcast"])
    top, horizon = SKIES[sky_name]
    image = gradient(SIZE, top, horizon)
    draw = ImageDraw.Draw(image)
    width, height = SIZE
    if sky_name != "overcast":
        x, y, r = rng.randint(120, 840), rng.randint(140, 330), rng.randint(30, 60)
        glow = mix(horizon, (255, 250, 220), 0.5)
        draw.ellipse((x - 2 * r, y - 2 * r, x + 2 * r, y + 2 * r), fill=mix(horizon, glow, 0.4))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=(255, 244, 214))
    far = mix(horizon, (60, 70, 110), 0.45)
    for layer in range(rng.randint(2, 3)):
        colour = mix(far, (25, 35, 45) if sky_name != "noon" else (40, 80, 60), layer / 3)
        points = ridge(rng, width, 330 + layer * 55, 110 - layer * 25)
        draw.polygon(points + [(width, height), (0, height)], fill=colour)
    if rng.random() < 0.5:
        sea_top = rng.randint(470, 520)
        sea = gradient((width, height - sea_top), mix(horizon, (20, 60, 110), 0.5),
                       (10, 35, 70))
        image.paste(sea, (0, sea_top))
        for _ in range(40):
            y = rng.randint(sea_top + 4, height - 4)
            x = rng.randint(0, width - 80)
            draw.line((x, y, x + rng.randint(20, 90), y), fill=mix(horizon, (255, 255, 255), 0.3))
    else:
        meadow = gradient((width, 120), (70, 140, 60), (30, 80, 30))
        image.paste(meadow, (0, height - 120))
    return image


def city_night(rng: random.Random) -> Image.Image:
    image = gradient(SIZE, *SKIES["night"])
    draw = ImageDraw.Draw(image)
    width, height = SIZE
    for _ in range(80):  # stars
        x, y = rng.randint(0, width), rng.randint(0, 250)
        draw.point((x, y), fill=(230, 230, 255))
    x = 0
    while x < width:
        w, h = rng.randint(60, 140), rng.randint(150, 460)
        draw.rectangle((x, height - h, x + w, height), fill=mix((20, 22, 35), (50, 50, 70),
                                                                   rng.random()))
        for wy in range(height - h + 12, height - 10, 22):
            for wx in range(x + 8, x + w - 12, 18):
                if rng.random() < 0.45:
                    lit = rng.choice([(255, 210, 120), (255, 235, 180), (180, 220, 255)])
                    draw.rectangle((wx, wy, wx + 9, wy + 12), fill=lit)
        x += w + rng.randint(2, 10)
    return image


def flowers(rng: random.Random) -> Image.Image:
    image = gradient(SIZE, (90, 160, 80), (35, 90, 40))
    draw = ImageDraw.Draw(image)
    petal = rng.choice([(230, 40, 60), (250, 200, 40), (240, 120, 190), (150, 80, 220),
                        (255, 255, 255), (255, 140, 30)])
    for _ in range(rng.randint(12, 30)):
        x, y, r = rng.randint(0, 960), rng.randint(0, 640), rng.randint(14, 40)
        colour = mix(petal, (255, 255, 255), rng.random() * 0.3)
        for k in range(6):
            angle = k * np.pi / 3
            cx, cy = x + r * np.cos(angle), y + r * np.sin(angle)
            draw.ellipse((cx - r * 0.7, cy - r * 0.7, cx + r * 0.7, cy + r * 0.7), fill=colour)
        draw.ellipse((x - r * 0.5, y - r * 0.5, x + r * 0.5, y + r * 0.5), fill=(250, 210, 60))
    return image


def shapes(rng: random.Random) -> Image.Image:
    background = rng.choice([(240, 235, 225), (30, 30, 40), (200, 60, 50), (40, 90, 160),
                             (250, 200, 60), (60, 150, 120)])
    image = Image.new("RGB", SIZE, background)
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(5, 14)):
        colour = (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255))
        x, y, s = rng.randint(-50, 900), rng.randint(-50, 600), rng.randint(40, 260)
        kind = rng.choice(["circle", "square", "triangle"])
        if kind == "circle":
            draw.ellipse((x, y, x + s, y + s), fill=colour)
        elif kind == "square":
            draw.rectangle((x, y, x + s, y + s), fill=colour)
        else:
            draw.polygon([(x, y + s), (x + s // 2, y), (x + s, y + s)], fill=colour)
    return image


def pattern(rng: random.Random) -> Image.Image:
    a = (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255))
    b = mix(a, rng.choice([(255, 255, 255), (0, 0, 0)]), 0.6)
    image = Image.new("RGB", SIZE, b)
    draw = ImageDraw.Draw(image)
    kind, step = rng.choice(["stripes", "checks", "rings", "dots"]), rng.randint(24, 70)
    width, height = SIZE
    if kind == "stripes":
        for x in range(-height, width, step * 2):
            draw.polygon([(x, 0), (x + step, 0), (x + step + height, height), (x + height, height)],
                         fill=a)
    elif kind == "checks":
        for y in range(0, height, step):
            for x in range((y // step) % 2 * step, width, step * 2):
                draw.rectangle((x, y, x + step - 1, y + step - 1), fill=a)
    elif kind == "rings":
        for r in range(900, 0, -step):
            draw.ellipse((480 - r, 320 - r, 480 + r, 320 + r), fill=a if (r // step) % 2 else b)
    else:
        for y in range(step // 2, height, step):
            for x in range(step // 2, width, step):
                draw.ellipse((x - step / 4, y - step / 4, x + step / 4, y + step / 4), fill=a)
    return image


def sign(rng: random.Random) -> Image.Image:
    image = landscape(rng) if rng.random() < 0.5 else gradient(SIZE, (150, 140, 130),
                                                               (90, 85, 80))
    draw = ImageDraw.Draw(image)
    text = rng.choice(SIGNS)
    font = ImageFont.load_default(size=rng.randint(56, 84))
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    w, h = right - left + 60, bottom - top + 50
    x, y = rng.randint(40, max(41, 920 - w)), rng.randint(80, 300)
    board = rng.choice([(250, 250, 245), (20, 90, 50), (20, 60, 140), (230, 190, 30),
                        (190, 30, 30)])
    ink = (20, 20, 20) if sum(board) > 450 else (250, 250, 250)
    draw.rectangle((x + w // 2 - 8, y + h, x + w // 2 + 8, 640), fill=(90, 90, 95))
    draw.rounded_rectangle((x, y, x + w, y + h), radius=14, fill=board, outline=ink, width=5)
    draw.text((x + 30 - left, y + 25 - top), text, font=font, fill=ink)
    return image


SCENES: list[tuple[str, Callable[[random.Random], Image.Image], int]] = [
    ("landscapes", landscape, 34), ("city", city_night, 10), ("garden", flowers, 14),
    ("studio", shapes, 14), ("textiles", pattern, 12), ("signs", sign, 12),
]


def photo_like(image: Image.Image, rng: random.Random, portrait: bool) -> Image.Image:
    """A little grain and softness, and sometimes a portrait crop, like a real camera."""
    if portrait:
        image = image.crop((240, 0, 240 + 427, 640)).resize((640, 960))
    pixels = np.asarray(image, np.float32)
    noise = np.random.default_rng(rng.randint(0, 2**31)).normal(0, 4.0, pixels.shape)
    grainy = np.clip(pixels + noise, 0, 255).astype(np.uint8)
    return Image.fromarray(grainy, "RGB").filter(ImageFilter.GaussianBlur(0.7))


def exif_for(taken: datetime) -> Image.Exif:
    exif = Image.Exif()
    stamp = taken.strftime("%Y:%m:%d %H:%M:%S")
    exif[MAKE], exif[MODEL], exif[DATE_TIME] = "clipview", "demo library", stamp
    exif.get_ifd(EXIF_IFD)[DATE_TIME_ORIGINAL] = stamp
    return exif


def make_library(out: Path, count: int = 96, seed: int = 7) -> list[Path]:
    """Write ``count`` photos into sub-folders of ``out``; returns their paths."""
    rng = random.Random(seed)
    total = sum(share for _, _, share in SCENES)
    start = datetime(2021, 3, 1, 9, 0)
    # photos come in outings, as in a real camera roll: a dozen days over four years, a
    # few photos each, so the timeline has months worth scrolling through
    outings = sorted(start + timedelta(days=rng.randint(0, 4 * 365)) for _ in range(12))
    made = []
    for folder, scene, share in SCENES:
        for n in range(max(1, round(count * share / total))):
            day = rng.choice(outings) + timedelta(days=rng.choice((0, 0, 0, 1, 2)))
            taken = day + timedelta(minutes=rng.randint(0, 600))
            image = photo_like(scene(rng), rng, portrait=rng.random() < 0.15)
            path = out / f"{taken.year}" / folder / f"IMG_{taken:%Y%m%d}_{n:03d}.jpg"
            path.parent.mkdir(parents=True, exist_ok=True)
            image.save(path, "JPEG", quality=88, exif=exif_for(taken))
            made.append(path)
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=96)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    made = make_library(args.out, args.count, args.seed)
    print(f"wrote {len(made)} photos under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
