"""How the two ways of fusing words and pixels rank a synthetic library (README, "Words CLIP
cannot see"): clipview's blend against reciprocal rank fusion (and the vector alone).

The library: folders named "<Place> <Year>" of photos of random colours, loose photos, every
file named like a camera names them (IMG_0001.jpg …); the synthetic colour bundle gives the
vectors (colour words ↔ colour photos). Queries:

- folder: "<place> <year>" — precision of the top n (n = the folder's size);
- folder + colour: "<colour> <place> <year>" — precision of the top m, where the relevant
  photos are the folder's photos of that colour (m of them);
- file: "IMG_0123" — reciprocal rank of that file;
- visual: "<colour>" (no file or folder has the word) — share of queries whose top 20 is
  exactly the vector's.

    python tests/benchmarks/bench_fusion.py [--per-folder 20] [--folders 10]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import clipview  # noqa: E402
from clipview.core.library import media as library_media
from clipview.core.library.library import Library  # noqa: E402
from clipview.core.search import fusion  # noqa: E402
from tests.helpers.synthetic_bundle import build_colour_bundle, colour_photo  # noqa: E402

PLACES = ["Germany", "Italy", "Norway", "Japan", "Peru", "Kenya", "Canada", "Spain",
          "Chile", "Iceland", "Egypt", "Vietnam"]
COLOURS = ["red", "blue", "green", "yellow", "magenta", "orange", "teal", "white"]


def build(root: Path, folders: int, per_folder: int, loose: int, seed: int
          ) -> tuple[Library, dict[str, list[tuple[str, str]]], list[str]]:
    rng = random.Random(seed)
    made: dict[str, list[tuple[str, str]]] = {}  # folder name → [(file name, colour)]
    number = 1
    names: list[str] = []
    for n in range(folders):
        folder = f"{PLACES[n % len(PLACES)]} {2015 + n}"
        for _ in range(per_folder):
            colour = rng.choice(COLOURS)
            name = f"IMG_{number:04d}.jpg"
            colour_photo(root / "photos" / folder / name, colour, size=(48, 32), seed=number)
            made.setdefault(folder, []).append((name, colour))
            names.append(name)
            number += 1
    for _ in range(loose):
        name = f"IMG_{number:04d}.jpg"
        colour_photo(root / "photos" / "camera" / name, rng.choice(COLOURS), size=(48, 32),
                     seed=number)
        names.append(name)
        number += 1
    bundle = build_colour_bundle(root / "bundle")
    library = clipview.open_library(root / "home", bundle, device="cpu")
    library.add_folder(root / "photos")
    for _ in library.index():
        pass
    return library, made, names


def precision(found: list[str], relevant: set[str]) -> float:
    return sum(1 for p in found if p in relevant) / max(1, len(relevant))


def measure(library: Library, made: dict[str, list[tuple[str, str]]], names: list[str],
            search: Callable[[str, int], list[str]]) -> dict[str, float]:
    folder_p, mixed_p, file_rr, visual_same = [], [], [], []
    for folder, photos in made.items():
        relevant = {f"{folder}/{name}" for name, _ in photos}
        found = search(folder.lower(), len(photos))
        folder_p.append(precision(found, relevant))
        colour = photos[0][1]
        wanted = {f"{folder}/{name}" for name, c in photos if c == colour}
        found = search(f"{colour} {folder.lower()}", len(wanted))
        mixed_p.append(precision(found, wanted))
    for name in names[::7]:
        found = search(name, 50)
        hits = [n for n, path in enumerate(found, 1) if path.endswith("/" + name)]
        file_rr.append(1 / hits[0] if hits else 0.0)
    for colour in COLOURS:
        vector = library.model.encode_texts([colour])[0]
        plain = [_short(r.path) for r in library.search_vector(vector, 20)]
        visual_same.append(float(search(colour, 20) == plain))
    return {"folder P@n": _mean(folder_p), "folder+colour P@m": _mean(mixed_p),
            "file MRR": _mean(file_rr), "visual unchanged": _mean(visual_same)}


def _short(path: str) -> str:
    parts = Path(path).parts
    return f"{parts[-2]}/{parts[-1]}"


def _mean(values: list[float]) -> float:
    return sum(values) / max(1, len(values))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folders", type=int, default=10)
    parser.add_argument("--per-folder", type=int, default=20)
    parser.add_argument("--loose", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        library, made, names = build(Path(tmp), args.folders, args.per_folder, args.loose,
                                     args.seed)
        print(f"{library.catalog.vectors.count(library.model_id)} photos in "
              f"{args.folders} folders of {args.per_folder} + {args.loose} loose")
        rows = {}
        for label, fuse in (("blend", fusion.blend), ("rrf k=60", fusion.rrf)):
            library_media.blend = fuse  # type: ignore[attr-defined]

            def search(query: str, k: int) -> list[str]:
                return [_short(r.path) for r in library.search(query, k)]

            rows[label] = measure(library, made, names, search)
        library_media.blend = fusion.blend  # type: ignore[attr-defined]

        def vector_only(query: str, k: int) -> list[str]:
            vector = library.model.encode_texts([query])[0]
            return [_short(r.path) for r in library.search_vector(vector, k)]

        rows["vector alone"] = measure(library, made, names, vector_only)
        library.close()
    keys = list(next(iter(rows.values())))
    print(f"{'':14}" + "".join(f"{k:>20}" for k in keys))
    for label, values in rows.items():
        print(f"{label:14}" + "".join(f"{values[k]:>20.3f}" for k in keys))


if __name__ == "__main__":
    main()
