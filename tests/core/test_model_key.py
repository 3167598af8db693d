"""The model key covers every weight file: weights swapped in the same bundle folder never mix
old and new vectors; hashes come from the manifest or a cache, so opening stays fast."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import numpy as np
import onnx
import pytest
from onnx import numpy_helper

import clipview
from clipview.core.errors import ClipviewError
from clipview.core.library.library import Library
from clipview.core.models import weights_key
from clipview.core.models.bundle import load_bundle
from tests.helpers.synthetic_bundle import build_colour_bundle, colour_photo

COLOURS = ["red", "blue", "green", "yellow"]


def inverted(bundle: Path, target: Path) -> Path:
    """A copy of ``bundle`` whose image encoder sees every colour inverted (1 - pixel)."""
    shutil.copytree(bundle, target)
    model = onnx.load(str(target / "visual" / "model.onnx"))
    weights = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    # (1 - m) @ P + b == m @ (-P) + (b + sum of P's rows)
    replaced = {"proj_rgb": -weights["proj_rgb"],
                "bias": weights["bias"] + weights["proj_rgb"].sum(axis=0)}
    for tensor in model.graph.initializer:
        if tensor.name in replaced:
            tensor.CopyFrom(numpy_helper.from_array(
                replaced[tensor.name].astype(np.float32), tensor.name))
    onnx.save(model, str(target / "visual" / "model.onnx"))
    return target


def index_all(library: Library) -> int:
    indexed = 0
    for progress in library.index():
        if progress.summary is not None:
            indexed = progress.summary.indexed
    return indexed


def names(library: Library, query: str) -> list[str]:
    """The colours of the photos found, best first (file names hold no colour words, so
    only the vectors rank them)."""
    return [COLOURS[int(Path(r.path).stem[1:])] for r in library.search(query, 10)]


def test_weights_swapped_in_the_same_folder_never_mix(tmp_path: Path,
                                                      tokenizer_dir: Path) -> None:
    bundle_a = build_colour_bundle(tmp_path / "a")
    bundle_b = inverted(bundle_a, tmp_path / "b")
    for n, colour in enumerate(COLOURS):
        colour_photo(tmp_path / "photos" / f"p{n}.png", colour, seed=n)
    with clipview.open_library(tmp_path / "home", bundle_a, device="cpu") as library:
        library.add_folder(tmp_path / "photos")
        assert index_all(library) == 4
        key_a = library.key
        assert names(library, "red")[0] == "red"
    # B's weights copied over A's (cp -p: same size, same mtime, only the ctime moves)
    shutil.copy2(bundle_b / "visual" / "model.onnx", bundle_a / "visual" / "model.onnx")
    with clipview.open_library(tmp_path / "home", bundle_a, device="cpu") as library:
        assert library.key != key_a
        assert library.search("red", 10) == []  # no old vectors answer for the new weights
        assert index_all(library) == 4  # encoded again under the new key
        ranked = names(library, "red")
        assert len(ranked) == 4 and ranked[-1] == "red"  # inverted: red is now cyan-like
        assert library.catalog.vectors.count(library.model_id) == 4


def test_every_weight_file_is_covered(colour_bundle: Path, tmp_path: Path) -> None:
    bundle = shutil.copytree(colour_bundle, tmp_path / "bundle")
    base = weights_key.weights_key(load_bundle(bundle))
    (bundle / "textual" / "model.onnx_data").write_bytes(b"external data")
    with_data = weights_key.weights_key(load_bundle(bundle))
    assert with_data != base
    (bundle / "textual" / "model.onnx_data").write_bytes(b"external dat4")
    assert weights_key.weights_key(load_bundle(bundle)) not in (base, with_data)
    (bundle / "textual" / "model.onnx_data").unlink()
    (bundle / "textual" / "notes.txt").write_text("not a weight")
    assert weights_key.weights_key(load_bundle(bundle)) == base


def _refuse_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path, info: os.stat_result) -> str:
        raise AssertionError(f"{path} was hashed")

    monkeypatch.setattr(weights_key, "sha256_of", refuse)
    monkeypatch.setattr(weights_key, "_MEMO", {})


def test_hashes_are_cached_in_the_library(colour_bundle: Path, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = shutil.copytree(colour_bundle, tmp_path / "bundle")
    with clipview.open_library(tmp_path / "home", bundle, device="cpu") as library:
        key = library.key
    _refuse_hashing(monkeypatch)
    with clipview.open_library(tmp_path / "home", bundle, device="cpu") as library:
        assert library.key == key  # from the catalog's cache, nothing hashed
    os.utime(bundle / "visual" / "model.onnx")  # touched: hashed again
    with pytest.raises(AssertionError, match="was hashed"):
        clipview.open_library(tmp_path / "home", bundle, device="cpu")


def test_a_manifest_newer_than_the_files_is_trusted(colour_bundle: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = shutil.copytree(colour_bundle, tmp_path / "bundle")
    hashed = weights_key.weights_key(load_bundle(bundle))
    files = {}
    for path in weights_key.weight_files(load_bundle(bundle)):
        rel = path.relative_to(bundle).as_posix()
        files[rel] = {"sha256": weights_key.sha256_of(path, path.stat()),
                      "size": path.stat().st_size}
    time.sleep(0.02)
    manifest = json.loads((bundle / "manifest.json").read_text())
    (bundle / "manifest.json").write_text(json.dumps({**manifest, "files": files}))
    _refuse_hashing(monkeypatch)
    assert weights_key.weights_key(load_bundle(bundle)) == hashed  # the manifest's hashes
    time.sleep(0.02)
    (bundle / "visual" / "model.onnx").chmod(0o644)  # changed after the manifest
    with pytest.raises(AssertionError, match="was hashed"):
        weights_key.weights_key(load_bundle(bundle))


def test_a_missing_encoder_folder_is_a_clear_error(colour_bundle: Path, tmp_path: Path) -> None:
    bundle = shutil.copytree(colour_bundle, tmp_path / "bundle")
    loaded = load_bundle(bundle)
    shutil.rmtree(bundle / "textual")
    with pytest.raises(ClipviewError, match="cannot read"):
        weights_key.weights_key(loaded)


def test_a_library_from_before_adopts_its_vectors(tmp_path: Path, colour_bundle: Path) -> None:
    """Vectors stored under the old key (the visual model's head) are kept, not re-encoded."""
    colour_photo(tmp_path / "photos" / "p0.png", "red")
    with clipview.open_library(tmp_path / "home", colour_bundle, device="cpu") as library:
        library.add_folder(tmp_path / "photos")
        assert index_all(library) == 1
        key = library.key
        library.catalog.models.rename_key(key, weights_key.legacy_key(library.model.bundle))
    with clipview.open_library(tmp_path / "home", colour_bundle, device="cpu") as library:
        assert library.key == key and len(library.search("red", 5)) == 1
        assert index_all(library) == 0  # nothing encoded again
        assert [row.key for row in library.catalog.models.rows()] == [key]
