"""Installed models, the remembered choice (settings.json) and the catalogue."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest

from clipview.core.models.catalogue import catalogue, find, recommended
from clipview.core.models.settings import SettingsError, load_settings, update_settings
from clipview.core.models.store import ModelStore, ModelStoreError


def test_catalogue_has_the_recommended_defaults_and_every_family() -> None:
    assert recommended("cpu").name == "ViT-B-32__laion2b-s34b-b79k"
    assert recommended("gpu").name == "ViT-B-16-SigLIP2__webli"
    assert recommended("multilingual").name == "nllb-clip-base-siglip__mrl"
    assert {e.family for e in catalogue()} == {"openai-clip", "openclip", "siglip", "siglip2",
                                               "xlm-roberta", "mclip", "nllb"}
    entry = find("vit-b-32__openai")
    assert entry is not None and entry.repo == "immich-app/ViT-B-32__openai"
    assert entry.dim == 512 and entry.cpu_cost == 1.0


def test_settings_are_private_atomic_and_keep_unknown_keys(tmp_path: Path) -> None:
    (tmp_path / "settings.json").write_text(json.dumps({"theme": "dark"}))
    update_settings(tmp_path, model="a", device="cpu")
    path = tmp_path / "settings.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text()) == {"theme": "dark", "model": "a", "device": "cpu"}
    assert load_settings(tmp_path).model == "a"
    assert update_settings(tmp_path, model=None).model is None
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temporary left
    path.write_text("{broken")
    with pytest.raises(SettingsError, match="not valid JSON"):
        load_settings(tmp_path)


def test_folder_install_resolve_use_and_remove(tmp_path: Path, colour_bundle: Path) -> None:
    store = ModelStore(tmp_path / "home")
    with pytest.raises(ModelStoreError, match="no model bundle: none is installed"):
        store.resolve()
    *_, done = store.install(str(colour_bundle))
    assert done.model is not None and done.model.name == colour_bundle.name
    assert store.resolve() == store.root / "colour"  # the only one
    list(store.install(str(colour_bundle), name="second"))
    with pytest.raises(ModelStoreError, match="several models are installed"):
        store.resolve()
    store.use("second")
    assert store.resolve() == store.root / "second" and store.chosen() == "second"
    assert store.resolve(str(colour_bundle)) == colour_bundle  # a folder is used as it is
    assert store.resolve("colour") == store.root / "colour"
    store.remove("second")
    assert store.chosen() is None and store.resolve() == store.root / "colour"
    with pytest.raises(ModelStoreError, match="already installed"):
        list(store.install(str(colour_bundle), name="colour"))


def test_broken_folder_is_refused_and_leaves_nothing(tmp_path: Path, colour_bundle: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(colour_bundle, broken)
    (broken / "textual" / "model.onnx").write_bytes(b"not onnx")
    store = ModelStore(tmp_path / "home")
    list(store.install(str(colour_bundle), name="good"))
    with pytest.raises(ModelStoreError, match="broken was not installed"):
        list(store.install(str(broken)))
    assert store.names() == ["good"] and store.verify("good") == []
    assert sorted(p.name for p in store.root.iterdir()) == ["good"]


@pytest.mark.parametrize("bad", ["../x", ".hidden", "a/b/c", ""])
def test_names_are_checked(tmp_path: Path, colour_bundle: Path, bad: str) -> None:
    with pytest.raises(ModelStoreError):
        list(ModelStore(tmp_path).install(str(colour_bundle), name=bad or "-x"))
