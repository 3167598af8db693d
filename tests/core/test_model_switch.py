"""Switching a library's model: the target, its background build, coverage, promotion,
going back without encoding, and removing a model's vectors."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from clipview.cli import main
from clipview.core.catalog.catalog import Catalog
from clipview.core.library import model_switch
from clipview.core.library.library import Library, open_library
from clipview.core.library.model_switch import RemoveResult, SwitchState, build_target
from clipview.core.models import library_models
from clipview.core.models.coverage import Coverage, target_of
from clipview.core.models.encoder import ClipModel
from clipview.core.models.library_models import LibraryModels
from clipview.core.models.settings import load_settings
from clipview.core.models.store import ModelStore, ModelStoreError
from clipview.core.progress import CancelToken, IndexSummary, Phase, Progress
from tests.helpers.library_data import colour_folder, colour_of
from tests.helpers.synthetic_bundle import build_colour_bundle, colour_photo

PALETTE = {"red": 3, "blue": 3, "green": 2, "black": 2}
TOTAL = sum(PALETTE.values())


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory, tokenizer_dir: Path) -> Path:
    """Two models with the same right answers and different dims: a (16), b (24)."""
    root = tmp_path_factory.mktemp("switch-bundles")
    build_colour_bundle(root / "a", name="a")
    build_colour_bundle(root / "b", name="b", dim=24, seed=11)
    return root


@pytest.fixture()
def home(tmp_path: Path, bundles: Path) -> Path:
    home = tmp_path / "home"
    for name in ("a", "b"):
        shutil.copytree(bundles / name, home / "models" / name)
    colour_folder(tmp_path / "photos", PALETTE)
    return home


def build(home: Path, token: CancelToken | None = None,
          batch_size: int = 32) -> Iterator[Progress]:
    """What the app's background job and ``clipview index`` do: build the target's vectors
    through the library open with the model in use."""
    with open_library(home, ModelStore(home).resolve(), device="cpu") as library:
        yield from build_target(library, token, device="cpu", batch_size=batch_size)


def test_the_target_is_built_through_the_open_library(
        home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No second Library, no second catalog connection on the same home: the open one's
    catalog and writer lock build the target's vectors."""
    use_model(home, "a")
    _index(home, "a", tmp_path / "photos")
    use_model(home, "b")
    opened: list[Path] = []
    real_init = Catalog.__init__

    def counting_init(self: Catalog, path: Path) -> None:
        opened.append(path)
        real_init(self, path)

    with open_library(home, ModelStore(home).resolve(), device="cpu") as library:
        monkeypatch.setattr(Catalog, "__init__", counting_init)
        monkeypatch.setattr(Library, "__init__", _no_second_library)
        steps = list(build_target(library, device="cpu"))
    assert opened == []
    assert steps[-1].summary is not None and steps[-1].summary.indexed == TOTAL
    assert switch_state(home).model == "b"


def _no_second_library(*_args: object) -> None:
    raise AssertionError("build_target opened a second Library")


def use_model(home: Path, value: str) -> SwitchState:
    with LibraryModels(home) as models:
        return model_switch.use_model(models, value)


def remove_model(home: Path, name: str, vectors: bool = False,
                 force: bool = False) -> RemoveResult:
    with LibraryModels(home) as models:
        return model_switch.remove_model(models, name, vectors=vectors, force=force)


def switch_state(home: Path) -> SwitchState:
    with LibraryModels(home) as models:
        return model_switch.switch_state(models)


def model_coverage(home: Path, value: str) -> Coverage:
    with LibraryModels(home) as models:
        return models.coverage(value)


def _index(home: Path, model: str, folder: Path | None = None) -> IndexSummary:
    with open_library(home, ModelStore(home).resolve(model), device="cpu") as library:
        if folder is not None:
            library.add_folder(folder)
        *_, last = library.index()
    assert last.summary is not None
    return last.summary


def _top_colours(home: Path, query: str = "red", k: int = 3) -> tuple[str, list[str]]:
    with open_library(home, ModelStore(home).resolve(), device="cpu") as library:
        return library.model.name, [colour_of(r.path) for r in library.search(query, k)]


def _forbid_encoding(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: ClipModel, *args: object) -> None:
        raise AssertionError("nothing should be encoded")

    monkeypatch.setattr(ClipModel, "encode_pixels", refuse)


def test_switch_builds_the_target_then_uses_it_and_going_back_encodes_nothing(
        home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_model(home, "a")
    assert _index(home, "a", tmp_path / "photos").indexed == TOTAL
    state = use_model(home, "b")
    assert not state.switched and state.model == "a"
    assert state.target is not None and (state.target.done, state.target.total) == (0, TOTAL)
    assert load_settings(home).model == "a" and target_of(home) == "b"
    assert _top_colours(home) == ("a", ["red"] * 3)  # search answers with a meanwhile
    with open_library(home, ModelStore(home).resolve(), device="cpu") as library:
        report = library.status()
    assert report.model == "a" and report.target_model is not None
    assert (report.target_model.name, report.target_model.done) == ("b", 0)

    token = CancelToken()
    for progress in build(home, token, batch_size=4):
        if progress.phase is Phase.ENCODING and progress.done:
            token.cancel()  # stopped after one batch: b is not complete, a stays in use
    partial = model_coverage(home, "b")
    assert 0 < partial.done < TOTAL and switch_state(home).model == "a"
    assert _top_colours(home) == ("a", ["red"] * 3)

    steps = list(build(home, batch_size=4))
    assert steps[-1].summary is not None and steps[-1].summary.indexed == TOTAL - partial.done
    state = switch_state(home)
    assert state.model == "b" and state.target is None and load_settings(home).model == "b"
    assert _top_colours(home) == ("b", ["red"] * 3)

    _forbid_encoding(monkeypatch)
    back = use_model(home, "a")
    assert back.switched and back.target is None and load_settings(home).model == "a"
    assert _index(home, "a").indexed == 0
    assert _top_colours(home) == ("a", ["red"] * 3)


def test_going_back_encodes_only_the_photos_added_since(home: Path, tmp_path: Path) -> None:
    use_model(home, "a")
    _index(home, "a", tmp_path / "photos")
    use_model(home, "b")
    list(build(home))
    assert switch_state(home).model == "b"
    colour_photo(tmp_path / "photos" / "red_9.png", "red", seed=99)
    assert _index(home, "b").indexed == 1
    state = use_model(home, "a")
    assert not state.switched and state.target is not None
    assert (state.target.done, state.target.total) == (TOTAL, TOTAL + 1)
    steps = list(build(home))
    assert steps[-1].summary is not None and steps[-1].summary.indexed == 1
    assert switch_state(home).model == "a"
    assert _top_colours(home, k=4) == ("a", ["red"] * 4)


def test_choosing_the_model_in_use_cancels_a_switch_and_empty_libraries_switch_at_once(
        home: Path, tmp_path: Path) -> None:
    assert use_model(home, "b").switched  # no library yet: nothing to keep answering
    use_model(home, "a")
    _index(home, "a", tmp_path / "photos")
    assert not use_model(home, "b").switched and target_of(home) == "b"
    back = use_model(home, "a")  # the model in use: the switch is called off
    assert back.switched and target_of(home) is None and load_settings(home).model == "a"
    assert list(build(home)) == []  # nothing to build
    assert model_coverage(home, "b").done == 0


def test_changed_content_drops_the_other_models_stale_vector(home: Path,
                                                           tmp_path: Path) -> None:
    use_model(home, "a")
    _index(home, "a", tmp_path / "photos")
    use_model(home, "b")
    list(build(home))
    red = sorted((tmp_path / "photos").rglob("red_0.*"))[0]
    colour_photo(red, "blue", seed=5)  # same name, other content
    assert _index(home, "b").indexed == 1
    assert model_coverage(home, "a").done == TOTAL - 1  # a's red vector of it is gone
    assert model_coverage(home, "b").done == TOTAL


def test_remove_vectors_and_the_model_in_use(home: Path, tmp_path: Path) -> None:
    use_model(home, "a")
    _index(home, "a", tmp_path / "photos")
    with pytest.raises(ModelStoreError, match="a is the model in use"):
        remove_model(home, "a", vectors=True)
    assert (home / "models" / "a").is_dir()
    use_model(home, "b")
    list(build(home))
    use_model(home, "a")  # complete: back at once
    caches = sorted((home / "index").glob("b-24-*"))
    assert [p.suffix for p in caches] == [".hnsw", ".json"]
    done = remove_model(home, "b", vectors=True)
    assert done.vectors_removed == TOTAL and done.now_in_use == "a"
    assert not any((home / "index").glob("b-24-*"))
    with Library(home, _model(home, "a")) as library:
        assert [m.name for m in library.catalog.models.rows()] == ["a"]
    done = remove_model(home, "a", vectors=True, force=True)
    assert done.vectors_removed == TOTAL and done.now_in_use is None


def _model(home: Path, name: str) -> ClipModel:
    from clipview.core.models.encoder import load_model

    return load_model(ModelStore(home).resolve(name), device="cpu")


def test_removing_the_model_in_use_moves_to_a_complete_one(home: Path,
                                                           tmp_path: Path) -> None:
    use_model(home, "a")
    _index(home, "a", tmp_path / "photos")
    use_model(home, "b")
    list(build(home))
    use_model(home, "a")
    done = remove_model(home, "a")  # b covers the library: b is used from now on
    assert done.now_in_use == "b" and load_settings(home).model == "b"
    assert model_coverage(home, "b").complete


def test_models_use_reads_each_bundle_once_and_opens_the_catalog_once(
        home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    use_model(home, "a")
    _index(home, "a", tmp_path / "photos")
    bundles: list[str] = []
    catalogs: list[Path] = []
    read, open_catalog = library_models.load_bundle, Catalog.__init__

    def counted_read(path: Path) -> object:
        bundles.append(Path(path).name)
        return read(path)

    def counted_open(self: Catalog, path: Path, *args: object, **kwargs: object) -> None:
        catalogs.append(Path(path))
        open_catalog(self, path, *args, **kwargs)

    monkeypatch.setattr(library_models, "load_bundle", counted_read)
    monkeypatch.setattr(Catalog, "__init__", counted_open)
    assert main(["models", "use", "b", "--home", str(home)]) == 0
    assert "switching to b: 0/10 photos have its vectors" in capsys.readouterr().out
    assert sorted(bundles) == ["a", "b"] and len(catalogs) == 1
