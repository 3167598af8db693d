"""A burst of near-identical shots: wide photos that share their middle and differ only at
the sides, so the synthetic colour model (which sees the centre square: shortest side
resized, then cropped) gives every shot the very same vector, while their perceptual hashes
(of the whole picture) tell them apart: neighbour lists of such photos are all ties."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

SIZE = (400, 100)


def burst_shot(path: Path, seed: int) -> Path:
    """One shot: the shared middle (columns 110..290), random shapes at both sides."""
    rng = np.random.default_rng(1000 + seed)
    image = Image.new("RGB", SIZE, (90, 120, 150))
    draw = ImageDraw.Draw(image)
    for _ in range(5):
        for left in (0, 290):
            x0, y0 = left + int(rng.integers(0, 80)), int(rng.integers(0, 70))
            box = (x0, y0, x0 + int(rng.integers(15, 30)), y0 + int(rng.integers(20, 40)))
            draw.rectangle(box, fill=tuple(int(c) for c in rng.integers(0, 256, 3)))
    draw.ellipse((170, 20, 230, 80), fill=(220, 200, 40))   # the subject, in every shot
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


def burst_with_copies(root: Path, shots: int = 40, copied: int = 35,
                      copies: int = 2) -> tuple[list[Path], Path, list[Path]]:
    """``shots`` burst photos in ``root/burst`` and ``copies`` byte-identical copies of shot
    number ``copied`` in ``root/zz_backup`` (indexed last: the highest ids among the ties)."""
    made = [burst_shot(root / "burst" / f"shot_{n:02d}.png", n) for n in range(shots)]
    (root / "zz_backup").mkdir(parents=True, exist_ok=True)
    backups = [Path(shutil.copy2(made[copied], root / "zz_backup" / f"copy_{n}.png"))
               for n in range(copies)]
    return made, made[copied], backups


def moving_circle(path: Path, frame: int, step: int = 16, size: tuple[int, int] = (640, 480)
                  ) -> Path:
    """Frame ``frame`` of a burst in which a yellow circle moves ``step`` px to the right per
    frame over a fixed gradient and a dark box: neighbouring frames are near copies by the
    perceptual hashes, frames far apart are not (the chain a transitive grouping makes)."""
    width, height = size
    x = np.linspace(0, 1, width)[None, :, None]
    y = np.linspace(0, 1, height)[:, None, None]
    pixels = (np.array([20, 30, 140]) * (1 - y) * (1 - x) + np.array([240, 20, 140]) * (1 - y) * x
              + np.array([20, 250, 140]) * y * (1 - x) + np.array([250, 240, 110]) * y * x)
    image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    left = width // 20 + frame * step
    draw.ellipse((left, height // 5, left + width // 10, height // 5 + width // 10),
                 fill=(235, 225, 40))
    draw.rectangle((width * 3 // 4, height * 5 // 9, width * 3 // 4 + width // 20,
                    height * 5 // 9 + height // 7), fill=(25, 25, 25))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, quality=92)
    return path
