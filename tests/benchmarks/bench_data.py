"""What the benchmark needs, generated and cached: a random-init ViT-B/32 bundle, phone-sized
photos of varied content, and synthetic clustered libraries with text-like queries."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parents[2]
TOKENIZER = ROOT.parent / "shared" / "clip-tokenizer"
DIM = 512


def say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def bundle(cache: Path) -> Path:
    """The random-init ViT-B/32 bundle (same cost as the real one), exported once."""
    target = cache / "vit-b-32-random"
    if (target / "visual" / "model.onnx").is_file():
        return target
    say("exporting a random-init ViT-B/32 bundle (once; torch is used by the exporter only)")
    subprocess.run(["clipview-export", "--random-init", "vit-b-32", "--tokenizer",
                    str(TOKENIZER), "--out", str(target)], check=True,
                   stdout=sys.stderr)
    return target


def photo(rng: np.random.Generator, width: int, height: int) -> Image.Image:
    """A varied picture: a sky/ground gradient, textured noise, shapes, stripes and fine
    detail (JPEG size and decode cost like a phone photo, not like a flat test card)."""
    small = (max(width // 16, 8), max(height // 16, 8))
    base = rng.random((small[1], small[0], 3)) * 255
    picture = Image.fromarray(base.astype(np.uint8)).resize((width, height),
                                                            Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(picture)
    for _ in range(int(rng.integers(6, 20))):
        x0, x1 = sorted(rng.integers(0, width, 2).tolist())
        y0, y1 = sorted(rng.integers(0, height, 2).tolist())
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        shape = int(rng.integers(0, 3))
        if shape == 0:
            draw.ellipse((x0, y0, x1, y1), fill=colour)
        elif shape == 1:
            draw.rectangle((x0, y0, x1, y1), outline=colour, width=int(rng.integers(2, 40)))
        else:
            draw.line((x0, y0, x1, y1), fill=colour, width=int(rng.integers(2, 30)))
    picture = picture.filter(ImageFilter.GaussianBlur(float(rng.uniform(0.5, 2.0))))
    grain = rng.normal(0, float(rng.uniform(4, 14)), (height, width, 1))
    pixels = np.clip(np.asarray(picture, np.float32) + grain, 0, 255).astype(np.uint8)
    return Image.fromarray(pixels)


def photos(cache: Path, name: str, count: int, size: tuple[int, int]) -> Path:
    """``count`` JPEGs of ``size`` (quality 92, like a phone) in ``cache/name``."""
    folder = cache / f"photos-{name}-{size[0]}x{size[1]}"
    folder.mkdir(parents=True, exist_ok=True)
    have = sorted(folder.glob("*.jpg"))
    if len(have) < count:
        say(f"generating {count - len(have)} photos of {size[0]}x{size[1]} in {folder}")
    for n in range(len(have), count):
        rng = np.random.default_rng(1000 + n)
        photo(rng, *size).save(folder / f"IMG_{n:05d}.jpg", quality=92)
    return folder


def subset(folder: Path, count: int, target: Path) -> Path:
    """A folder of links to the first ``count`` photos (one library per run)."""
    target.mkdir(parents=True, exist_ok=True)
    for source in sorted(folder.glob("*.jpg"))[:count]:
        link = target / source.name
        if not link.exists():
            os.symlink(source, link)
    return target


def unit(rows: np.ndarray) -> np.ndarray:
    out: np.ndarray = (rows / np.linalg.norm(rows, axis=-1, keepdims=True)).astype(np.float32)
    return out


class Space:
    """CLIP-like geometry: photos in clusters (themes) around a shared image direction;
    text queries mix a few themes around a shared text direction, so their best photos
    sit at cos ~0.3 (the modality gap) and the top scores are close together."""

    def __init__(self, seed: int = 0, clusters: int = 5000) -> None:
        rng = np.random.default_rng(seed)
        self.centres = unit(rng.standard_normal((clusters, DIM)))
        image_dir = unit(rng.standard_normal(DIM))
        text_dir = unit(rng.standard_normal(DIM))
        self.image_dir = image_dir
        self.text_dir = unit(text_dir - (text_dir @ image_dir) * image_dir)

    def photos(self, start: int, count: int) -> np.ndarray:
        rng = np.random.default_rng(10_000 + start)
        picks = rng.integers(0, len(self.centres), count)
        noise = rng.standard_normal((count, DIM)).astype(np.float32) * 0.045
        return unit(self.centres[picks] + noise + 0.9 * self.image_dir)

    def text_queries(self, count: int, seed: int = 1) -> np.ndarray:
        rng = np.random.default_rng(seed)
        rows = []
        for _ in range(count):
            themes = rng.integers(0, len(self.centres), 3)
            weights = rng.random(3)[:, None]
            mixed = (weights * self.centres[themes]).sum(0)
            rows.append(mixed + 0.6 * unit(rng.standard_normal(DIM)) + self.text_dir)
        return unit(np.asarray(rows))
