"""The real download code (huggingface_hub + our verification) against a hub on 127.0.0.1."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from huggingface_hub import constants

import clipview
from clipview.core.errors import BundleError
from clipview.core.models.hub import DownloadCancelled, HubError, VerificationError
from clipview.core.models.store import ModelStore
from clipview.core.progress import CancelToken
from tests.helpers.hub_server import HubServer

NAME = "ViT-B-32__laion2b-s34b-b79k"
REPO = f"immich-app/{NAME}"
EXTRAS = {"README.md": b"# model card\n", "visual/model.armnn": b"armnn" * 100,
          "visual/rknpu/rk3588/model.rknn": b"rknn" * 100, "textual/fp16/model.armnn": b"x"}


@pytest.fixture()
def hub(colour_bundle: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[HubServer]:
    with HubServer() as server:
        server.state.add_folder(REPO, colour_bundle, extra=EXTRAS)
        server.state.add_folder("test-org/foo", colour_bundle, commit="b" * 40)
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        monkeypatch.setattr(constants, "HF_HUB_OFFLINE", False)
        yield server


def _install(store: ModelStore, source: str, **kwargs: object) -> list[object]:
    return list(store.install(source, **kwargs))  # type: ignore[arg-type]


def test_install_by_catalogue_name_fetches_only_the_bundle_and_records_hashes(
        hub: HubServer, tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "home")
    steps = _install(store, NAME)
    assert steps[-1].phase == "done" and {s.phase for s in steps} >= {"downloading", "verifying",
                                                                     "loading"}
    model = store.get(NAME)
    files = sorted(p.relative_to(model.path).as_posix() for p in model.path.rglob("*")
                   if p.is_file())
    served = hub.state.repos[REPO].files
    wanted = [p for p in served if p not in EXTRAS and p != "manifest.json"]
    assert files == sorted([*wanted, "manifest.json"])
    assert not any(hub.state.gets(extra) for extra in EXTRAS)  # no armnn/rknpu/README
    manifest = model.manifest
    assert manifest["commit"] == "a" * 40 and manifest["repo"] == REPO
    assert manifest["files"] == {p: {"sha256": hashlib.sha256(served[p]).hexdigest(),
                                     "size": len(served[p])} for p in wanted}
    assert clipview.load_model(model.path, "cpu").encode_texts(["red"]).shape == (1, 16)
    assert store.verify(NAME) == [] and not (store.root / ".partial" / NAME).exists()


def test_any_hub_repo_installs_under_its_name_part(hub: HubServer, tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "home")
    _install(store, "test-org/foo")
    assert store.names() == ["foo"] and store.get("foo").manifest["commit"] == "b" * 40


def test_dropped_transfer_resumes_with_a_range_request(
        hub: HubServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # huggingface_hub resumes from its last whole chunk (10 MB); smaller chunks here
    monkeypatch.setattr(constants, "DOWNLOAD_CHUNK_SIZE", 1 << 16)
    hub.state.drop_once.add(f"{REPO}:textual/model.onnx")  # cut after half the bytes
    store = ModelStore(tmp_path / "home")
    _install(store, NAME)
    gets = hub.state.gets("textual/model.onnx")
    size = len(hub.state.repos[REPO].files["textual/model.onnx"])
    assert len(gets) == 2 and "range" not in gets[0]
    start = int(gets[1]["range"].removeprefix("bytes=").rstrip("-"))
    assert size // 2 - (1 << 16) < start <= size // 2
    assert store.verify(NAME) == []


@pytest.mark.parametrize("path", ["visual/model.onnx", "textual/tokenizer.json"])
def test_corrupt_file_is_refused_and_nothing_is_installed(
        hub: HubServer, tmp_path: Path, path: str) -> None:
    store = ModelStore(tmp_path / "home")
    _install(store, "test-org/foo")
    hub.state.corrupt.add(f"{REPO}:{path}")  # LFS sha256, then a git blob sha1
    with pytest.raises(VerificationError, match=f"{path} is corrupt"):
        _install(store, NAME)
    assert store.names() == ["foo"] and store.verify("foo") == []
    assert not (store.root / ".partial" / NAME).exists()


def test_cancelled_install_leaves_no_model_and_resumes_without_refetching(
        hub: HubServer, tmp_path: Path) -> None:
    store, token = ModelStore(tmp_path / "home"), CancelToken()
    with pytest.raises(DownloadCancelled):
        for step in store.install(NAME, cancel=token):
            if step.file == "textual/model.onnx":
                token.cancel()
    assert store.names() == []
    _install(store, NAME)
    assert store.names() == [NAME] and len(hub.state.gets("/config.json")) == 1


def test_installed_model_is_not_downloaded_again(hub: HubServer, tmp_path: Path) -> None:
    store = ModelStore(tmp_path / "home")
    _install(store, NAME)
    hub.state.requests.clear()
    assert _install(store, NAME)[-1].already_installed and hub.state.requests == []


def test_offline_mode_gives_one_clear_error(hub: HubServer, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(HubError, match=r"offline mode is on.*clipview models install DIR"):
        _install(ModelStore(tmp_path / "home"), NAME)
    assert hub.state.requests == []


def test_unreachable_hub_and_unknown_repo_are_reported(
        hub: HubServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = ModelStore(tmp_path / "home")
    with pytest.raises(HubError, match="no model repository test-org/missing"):
        _install(store, "test-org/missing")
    monkeypatch.setenv("HF_ENDPOINT", "http://127.0.0.1:9")  # discard port: refused
    with pytest.raises(HubError, match=r"cannot download .* clipview-export"):
        _install(store, NAME)
    assert store.names() == []


@pytest.fixture()
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 1 MB tmpfs: smaller than the colour bundle."""
    point = tmp_path / "small"
    point.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs",
                                            str(point)], capture_output=True).returncode:
        pytest.skip("mounting a tmpfs needs root (CAP_SYS_ADMIN)")
    try:
        yield point
    finally:
        subprocess.run(["umount", str(point)], check=True)


@pytest.mark.filterwarnings("ignore:Not enough free disk space")  # huggingface_hub's guess
def test_a_disk_that_fills_up_during_the_download_says_so_and_where(
        hub: HubServer, small_disk: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the free-space check passes (another program fills the disk meanwhile)
    monkeypatch.setattr("clipview.core.models.hub._check_free_space", lambda folder, needed: None)
    store = ModelStore(small_disk / "home")
    with pytest.raises(HubError) as caught:
        _install(store, NAME)
    message = str(caught.value)
    assert message.startswith(f"the disk is full: cannot save {REPO} in "
                              f"{store.root / '.partial' / NAME} (No space left on device)")
    assert "elsewhere" not in message and "\n" not in message


def test_a_disk_that_fills_up_while_copying_a_folder_says_so_and_where(
        colour_bundle: Path, small_disk: Path) -> None:
    store = ModelStore(small_disk / "home")
    with pytest.raises(BundleError, match=re.escape(
            f"into {store.root}: the disk is full (No space left on device)")):
        _install(store, str(colour_bundle))
    assert store.names() == [] and list(store.root.iterdir()) == []  # nothing half-copied
