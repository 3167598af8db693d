"""The Flatpak manifest (packaging/flatpak/io.github.clipview.clipview.json, written by
packaging/flatpak/generate.py) installs requirements/app.lock's versions as wheels the
org.freedesktop.Platform 24.08 runtime (CPython 3.12, glibc 2.40, x86-64) can install, builds
hnswlib for the app's CPU floor, and asks for the sandbox permissions the app needs. No network:
the wheels' tags and hashes are read from the manifest and the lock."""

from __future__ import annotations

import copy
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from packaging.tags import Tag, compatible_tags, cpython_tags
from packaging.utils import canonicalize_name, parse_wheel_filename

from tests.helpers.paths import REPO

FLATPAK = REPO / "packaging" / "flatpak"
MANIFEST_PATH = FLATPAK / "io.github.clipview.clipview.json"
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)")
SHA256 = re.compile(r"[0-9a-f]{64}")
# the runtime's interpreter and platforms: glibc 2.40, so manylinux_2_5 ... manylinux_2_40
PLATFORMS = [f"manylinux_2_{minor}_x86_64" for minor in range(40, 4, -1)] + [
    "manylinux2014_x86_64", "manylinux2010_x86_64", "manylinux1_x86_64"]
RUNTIME_TAGS = frozenset(cpython_tags((3, 12), abis=["cp312"], platforms=PLATFORMS)) | \
    frozenset(compatible_tags((3, 12), interpreter="cp312", platforms=PLATFORMS))
REQUIRED_FINISH_ARGS = {
    "--share=ipc", "--socket=wayland", "--socket=fallback-x11", "--device=dri",
    "--filesystem=xdg-pictures", "--filesystem=/media", "--filesystem=/run/media",
    "--talk-name=org.freedesktop.Notifications", "--share=network",
    "--env=ORT_DISABLE_TELEMETRY=1",
}


def locked() -> dict[str, tuple[str, set[str]]]:
    """requirements/app.lock: name -> (version, its sha256 hashes)."""
    found: dict[str, tuple[str, set[str]]] = {}
    current = ""
    for line in (REPO / "requirements" / "app.lock").read_text().splitlines():
        if pin := PIN.match(line):
            current = canonicalize_name(pin[1])
            found[current] = (pin[2], set())
        elif (digest := re.search(r"--hash=sha256:([0-9a-f]{64})", line)) and current:
            found[current][1].add(digest[1])
    return found


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return json.loads(MANIFEST_PATH.read_text())


@pytest.fixture(scope="module")
def generate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("flatpak_generate", FLATPAK / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def module(manifest: dict[str, Any], name: str) -> dict[str, Any]:
    found = [m for m in manifest["modules"] if m["name"] == name]
    assert len(found) == 1, f"{name}: {len(found)} modules"
    return found[0]


def wheels(source_list: list[dict[str, str]]) -> dict[str, tuple[str, dict[str, str]]]:
    """The ``file`` sources that are wheels: project name -> (file name, source)."""
    found: dict[str, tuple[str, dict[str, str]]] = {}
    for source in source_list:
        filename = source.get("url", "").rsplit("/", 1)[-1]
        if source["type"] == "file" and filename.endswith(".whl"):
            name = canonicalize_name(parse_wheel_filename(filename)[0])
            assert name not in found, f"two wheels of {name}"
            found[name] = (filename, source)
    return found


def test_the_manifest_names_the_app_runtime_and_command(manifest: dict[str, Any]) -> None:
    assert manifest["id"] == "io.github.clipview.clipview"
    assert (manifest["runtime"], manifest["runtime-version"]) == ("org.freedesktop.Platform",
                                                                  "24.08")
    assert manifest["sdk"] == "org.freedesktop.Sdk"
    assert manifest["command"] == "clipview"
    assert [m["name"] for m in manifest["modules"]] == [
        "python3-clipview-dependencies", "python3-hnswlib", "clipview"]


def test_the_wheels_are_the_locks_versions(manifest: dict[str, Any]) -> None:
    """Every locked package but hnswlib has one wheel, at the locked version; onnxruntime-gpu
    is the CPU onnxruntime (the CUDA libraries it would load are not in the sandbox)."""
    lock = locked()
    expected = {("onnxruntime" if name == "onnxruntime-gpu" else name): version
                for name, (version, _) in lock.items() if name != "hnswlib"}
    found = wheels(module(manifest, "python3-clipview-dependencies")["sources"])
    got = {name: str(parse_wheel_filename(filename)[1]) for name, (filename, _) in found.items()}
    assert got == expected
    assert "onnxruntime-gpu" in lock and "onnxruntime-gpu" not in got


def test_every_wheel_installs_on_the_runtime(manifest: dict[str, Any]) -> None:
    lock = locked()
    for name, (filename, source) in wheels(
            module(manifest, "python3-clipview-dependencies")["sources"]).items():
        tags = parse_wheel_filename(filename)[3]
        assert tags & RUNTIME_TAGS, f"{filename}: not for CPython 3.12 on manylinux x86_64"
        assert SHA256.fullmatch(source["sha256"]), filename
        assert source["url"].startswith("https://files.pythonhosted.org/packages/"), filename
        if name != "onnxruntime":   # the lock has onnxruntime-gpu's files, not this one's
            assert source["sha256"] in lock[name][1], f"{filename}: not a file the lock pins"


def test_the_tags_reject_what_the_runtime_cannot_load() -> None:
    """The test's own yardstick: a 3.13, musl, newer-glibc or aarch64 wheel does not pass."""
    for bad in ("cp313-cp313-manylinux_2_28_x86_64", "cp312-cp312-musllinux_1_2_x86_64",
                "cp312-cp312-manylinux_2_41_x86_64", "cp312-cp312-manylinux_2_28_aarch64",
                "cp312-cp312-linux_x86_64"):
        assert Tag(*bad.split("-", 2)) not in RUNTIME_TAGS, bad
    assert Tag("cp310", "abi3", "manylinux_2_34_x86_64") in RUNTIME_TAGS
    assert Tag("py3", "none", "any") in RUNTIME_TAGS


def test_the_wheels_module_installs_them_offline(manifest: dict[str, Any]) -> None:
    deps = module(manifest, "python3-clipview-dependencies")
    (command,) = deps["build-commands"]
    for flag in ("--no-index", "--no-deps", "--find-links=.", "--prefix=${FLATPAK_DEST}"):
        assert flag in command
    pins = set(re.findall(r"(\S+)==(\S+)", command))
    found = wheels(deps["sources"])
    assert pins == {(n, str(parse_wheel_filename(f)[1])) for n, (f, _) in found.items()}
    assert all(source["type"] == "file" for source in deps["sources"])


def test_hnswlib_is_built_from_the_locked_sdist_for_x86_64_v2(manifest: dict[str, Any]) -> None:
    hnsw = module(manifest, "python3-hnswlib")
    version, hashes = locked()["hnswlib"]
    (sdist,) = [s for s in hnsw["sources"] if s["type"] == "archive"]
    assert sdist["url"].endswith(f"/hnswlib-{version}.tar.gz")
    assert sdist["sha256"] in hashes
    options = hnsw["build-options"]
    assert options["env"]["HNSWLIB_NO_NATIVE"] == "1"
    for flags in (options["cflags"], options["cxxflags"]):
        assert "-march=x86-64-v2" in flags and "-mtune=generic" in flags
    tools = wheels(hnsw["sources"])
    assert {"pybind11", "setuptools"} <= set(tools)
    commands = " && ".join(hnsw["build-commands"])
    assert "--no-build-isolation" in commands and "--prefix=${FLATPAK_DEST}" in commands
    assert "-march=native" not in json.dumps(options) + commands


def test_clipview_is_installed_from_the_checkout(manifest: dict[str, Any]) -> None:
    app = module(manifest, "clipview")
    (tree,) = [s for s in app["sources"] if s["type"] == "dir"]
    assert (MANIFEST_PATH.parent / tree["path"]).resolve() == REPO
    assert ".venv" in tree["skip"] and "build-flatpak" in tree["skip"]
    setuptools = wheels(app["sources"])["setuptools"][0]
    assert int(str(parse_wheel_filename(setuptools)[1]).split(".")[0]) >= 77   # pyproject.toml
    commands = app["build-commands"]
    joined = "\n".join(commands)
    assert "--no-deps --no-build-isolation --prefix=${FLATPAK_DEST} ." in joined
    assert "install(Path('/app/share'), exec_path='clipview')" in joined
    assert "mimeinfo.cache" in joined
    # the metadata names the CPU runtime installed, before the build reads it
    assert commands.index(next(c for c in commands if "onnxruntime-gpu" in c)) < \
        commands.index(next(c for c in commands if "pip3 install" in c and c.endswith(" .")))


def test_the_sandbox_permissions(manifest: dict[str, Any]) -> None:
    args = manifest["finish-args"]
    assert set(args) >= REQUIRED_FINISH_ARGS
    assert len(args) == len(set(args))
    assert not {"--filesystem=home", "--filesystem=host", "--socket=x11"} & set(args)


def test_generate_check_passes_offline() -> None:
    result = subprocess.run([sys.executable, str(FLATPAK / "generate.py"), "--check"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_generate_check_finds_a_stale_manifest(generate: ModuleType,
                                               manifest: dict[str, Any]) -> None:
    lock = generate.parse_lock((REPO / "requirements" / "app.lock").read_text())
    assert generate.check(manifest, lock) == []
    stale = copy.deepcopy(manifest)
    numpy = next(s for s in stale["modules"][0]["sources"] if "/numpy-" in s["url"])
    numpy["url"] = numpy["url"].replace("numpy-2", "numpy-1")
    problems = generate.check(stale, lock)
    assert any("numpy" in p for p in problems), problems
    stale = copy.deepcopy(manifest)
    stale["modules"][0]["sources"][0]["sha256"] = "0" * 64
    assert generate.check(stale, lock)
    stale = copy.deepcopy(manifest)
    stale["finish-args"].append("--filesystem=home")
    assert generate.check(stale, lock) == [
        "the manifest is not what generate.py writes: run it again"]


def test_generate_refuses_a_version_without_a_cp312_wheel(generate: ModuleType) -> None:
    files = [{"filename": f"demo-1.0-{tags}.whl", "packagetype": "bdist_wheel",
              "url": f"https://files.pythonhosted.org/packages/ab/cd/{'e' * 60}/"
                     f"demo-1.0-{tags}.whl", "digests": {"sha256": "a" * 64}}
             for tags in ("cp311-cp311-manylinux_2_17_x86_64", "cp313-cp313-win_amd64")]
    with pytest.raises(generate.GenerateError, match="demo==1.0.*no cp312"):
        generate.pick_wheel("demo", "1.0", files)
    files.append({**files[0], "filename": "demo-1.0-cp312-cp312-manylinux_2_28_x86_64.whl"})
    files[-1]["url"] = files[-1]["url"].replace("cp311-cp311-manylinux_2_17",
                                                "cp312-cp312-manylinux_2_28")
    assert generate.pick_wheel("demo", "1.0", files)["url"].endswith(
        "demo-1.0-cp312-cp312-manylinux_2_28_x86_64.whl")


@pytest.mark.skipif(shutil.which("flatpak-builder") is None,
                    reason="flatpak-builder is not installed (apt install flatpak-builder)")
def test_flatpak_builder_reads_the_manifest(manifest: dict[str, Any], tmp_path: Path) -> None:
    # run elsewhere: flatpak-builder leaves its .flatpak-builder state folder in its cwd
    result = subprocess.run(["flatpak-builder", "--show-manifest", str(MANIFEST_PATH)],
                            capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["id"] == manifest["id"]
