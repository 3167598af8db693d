#!/usr/bin/env python3
"""Write the Flatpak manifest (io.github.clipview.clipview.json) from requirements/app.lock.

    python3 packaging/flatpak/generate.py            # look the wheels up on PyPI, write it
    python3 packaging/flatpak/generate.py --check    # offline: the manifest still matches the lock
    python3 packaging/flatpak/generate.py --verify   # download every source, compare its sha256

The app's Python packages are the lock's versions, as wheels for the runtime's CPython 3.12
(cp312, abi3 or pure py3) built for manylinux x86-64 with a glibc no newer than the runtime's.
The lock is made for CPython 3.11, so each wheel is looked up again on PyPI (the JSON API) with
its sha256; a locked version without such a wheel stops the generator: versions are never
changed here, only in the lock. hnswlib, published as source only, is compiled in a module of
its own; onnxruntime-gpu is replaced by the CPU onnxruntime of the same version (the CUDA
libraries it loads are not in the sandbox). Standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
LOCK = ROOT / "requirements" / "app.lock"
MANIFEST = HERE / "io.github.clipview.clipview.json"
APP_ID = "io.github.clipview.clipview"
RUNTIME_VERSION = "24.08"            # org.freedesktop.Platform 24.08: CPython 3.12, glibc 2.40
PYTHON = (3, 12)
RUNTIME_GLIBC = (2, 40)
PYPI = "https://pypi.org/pypi"
FILES = "https://files.pythonhosted.org/packages/"
# the lock's name -> the package the Flatpak installs instead, at the same version
REPLACED = {"onnxruntime-gpu": "onnxruntime"}
SDIST_ONLY = "hnswlib"
# build tools, not in the app: setuptools as packaging/build-tools.lock pins it (pyproject.toml
# needs >= 77, newer than the SDK's may be), pybind11 for hnswlib's setup.py
BUILD_TOOLS = {"setuptools": "84.2.1", "pybind11": "3.1.0"}
X86_LEVEL = "-march=x86-64-v2 -mtune=generic"   # packaging/build.sh: the app's CPU floor
# fails the build (PackageNotFoundError) when a dependency clipview's metadata names for Linux
# is not installed; pip check would judge the SDK's own packages too
REQUIREMENTS_CHECK = (
    'python3 -c "import importlib.metadata as m; from packaging.requirements import Requirement;'
    " reqs = [Requirement(r) for r in m.requires('clipview')];"
    " [m.version(r.name) for r in reqs if r.marker is None or r.marker.evaluate({'extra': ''})]\"")
FINISH_ARGS = [
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
    # model downloads (Hugging Face), only when the user installs a model
    "--share=network",
    # photos and videos are read; Move to Trash moves them, so their folders are writable
    "--filesystem=xdg-pictures",
    "--filesystem=xdg-videos",
    "--filesystem=/media",
    "--filesystem=/run/media",
    "--talk-name=org.freedesktop.Notifications",
    "--env=ORT_DISABLE_TELEMETRY=1",
]
SKIP = [".git", ".venv", "build", "dist", "clipview.egg-info", ".mypy_cache", ".pytest_cache",
        ".ruff_cache", ".flatpak-builder", "build-flatpak", "export", "tests"]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)")
HASH = re.compile(r"--hash=sha256:([0-9a-f]{64})")
WHEEL = re.compile(r"^(?P<name>.+?)-(?P<version>[^-]+)(-\d[^-]*)?-(?P<py>[^-]+)-(?P<abi>[^-]+)"
                   r"-(?P<plat>[^-]+)\.whl$")
FILE_PATH = re.compile(r"([0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{60}/[^/]+)$")


class GenerateError(Exception):
    """The manifest cannot be made (or does not match the lock)."""


def canonical(name: str) -> str:
    """PEP 503's normalised project name."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_lock(text: str) -> dict[str, tuple[str, set[str]]]:
    """Each locked package: its ``==`` version and the sha256 hashes the lock allows."""
    found: dict[str, tuple[str, set[str]]] = {}
    current = ""
    for line in text.splitlines():
        if pin := PIN.match(line):
            current = canonical(pin[1])
            found[current] = (pin[2], set())
        for digest in HASH.findall(line):
            if current:
                found[current][1].add(digest)
    if not found:
        raise GenerateError("no name==version pins in the lock")
    return found


def wheel_set(locked: dict[str, tuple[str, set[str]]]) -> dict[str, str]:
    """The wheels the Flatpak installs: name -> version (hnswlib left out, replacements made)."""
    return {REPLACED.get(name, name): version for name, (version, _) in locked.items()
            if name != SDIST_ONLY}


def parse_wheel(filename: str) -> tuple[str, str, str, str, str]:
    """(name, version, python tags, abi tags, platform tags) of a wheel's file name."""
    match = WHEEL.match(filename)
    if not match:
        raise GenerateError(f"not a wheel file name: {filename}")
    return (canonical(match["name"]), match["version"], match["py"], match["abi"],
            match["plat"])


def python_rank(py: str, abi: str) -> int:
    """How well (higher: better, 0: not at all) the tags suit the runtime's CPython 3.12."""
    best = 0
    own = f"cp{PYTHON[0]}{PYTHON[1]}"
    for tag in py.split("."):
        for abi_tag in abi.split("."):
            if tag == own and abi_tag == own:
                best = max(best, 3)
            elif abi_tag == "abi3" and (m := re.fullmatch(r"cp3(\d+)", tag)) \
                    and int(m[1]) <= PYTHON[1]:
                best = max(best, 2)
            elif abi_tag == "none" and tag in ("py3", f"py3{PYTHON[1]}"):
                best = max(best, 1)
    return best


def glibc_of(tag: str) -> tuple[int, int] | None:
    """The glibc a platform tag needs ((0, 0) for ``any``); None when not manylinux x86-64."""
    if tag == "any":
        return (0, 0)
    legacy = {"manylinux1_x86_64": (2, 5), "manylinux2010_x86_64": (2, 12),
              "manylinux2014_x86_64": (2, 17)}
    if tag in legacy:
        return legacy[tag]
    match = re.fullmatch(r"manylinux_(\d+)_(\d+)_x86_64", tag)
    return (int(match[1]), int(match[2])) if match else None


def wheel_rank(filename: str) -> tuple[int, tuple[int, int]] | None:
    """A sort key for a wheel the runtime can install, None for one it cannot."""
    _, _, py, abi, plat = parse_wheel(filename)
    rank = python_rank(py, abi)
    glibcs = [g for g in map(glibc_of, plat.split(".")) if g is not None and g <= RUNTIME_GLIBC]
    if not rank or not glibcs:
        return None
    return rank, max(glibcs)


def fetch_json(url: str) -> Any:
    """A PyPI JSON document; None when PyPI has no such page (404)."""
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return json.load(response)
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        raise


def release_files(name: str, version: str) -> list[dict[str, Any]]:
    """The files of ``name`` ``version`` on PyPI: /pypi/<name>/<version>/json, else the
    project's page (a mirror that serves only that one)."""
    page = fetch_json(f"{PYPI}/{name}/{version}/json")
    if page is not None:
        return list(page["urls"])
    project = fetch_json(f"{PYPI}/{name}/json")
    if project is None or version not in project["releases"]:
        raise GenerateError(f"{name}=={version} is not on PyPI")
    return list(project["releases"][version])


def file_source(entry: dict[str, Any]) -> dict[str, str]:
    """A flatpak-builder ``file`` source for a PyPI file (its URL on files.pythonhosted.org)."""
    match = FILE_PATH.search(entry["url"])
    if not match or match[1].rsplit("/", 1)[1] != entry["filename"]:
        raise GenerateError(f"unexpected PyPI URL for {entry['filename']}: {entry['url']}")
    return {"type": "file", "url": FILES + match[1], "sha256": entry["digests"]["sha256"]}


def pick_wheel(name: str, version: str, files: list[dict[str, Any]]) -> dict[str, str]:
    """The best wheel of ``name`` ``version`` for the runtime; GenerateError when none fits."""
    ranked = []
    for entry in files:
        if entry["packagetype"] == "bdist_wheel" and not entry.get("yanked"):
            rank = wheel_rank(entry["filename"])
            if rank is not None:
                ranked.append((rank, entry))
    if not ranked:
        offered = ", ".join(sorted(f["filename"] for f in files)) or "no files"
        raise GenerateError(
            f"{name}=={version} (requirements/app.lock) has no cp{PYTHON[0]}{PYTHON[1]}, abi3 "
            f"or py3 wheel for manylinux x86_64 (glibc <= {RUNTIME_GLIBC[0]}.{RUNTIME_GLIBC[1]}):"
            f" {offered}. Change the lock (packaging/lock.sh), not this generator.")
    ranked.sort(key=lambda item: item[0])
    return file_source(ranked[-1][1])


def pick_sdist(name: str, version: str, files: list[dict[str, Any]]) -> dict[str, str]:
    """The source archive of ``name`` ``version``, as an ``archive`` source."""
    for entry in files:
        if entry["packagetype"] == "sdist" and entry["filename"].endswith(".tar.gz"):
            return {**file_source(entry), "type": "archive"}
    raise GenerateError(f"{name}=={version} has no .tar.gz source archive on PyPI")


def look_up(locked: dict[str, tuple[str, set[str]]]) -> dict[str, dict[str, str]]:
    """PyPI's file for each wheel, hnswlib's sdist and the build tools: name -> source."""
    sources: dict[str, dict[str, str]] = {}
    missing = []
    for name, version in sorted({**wheel_set(locked), **BUILD_TOOLS}.items()):
        try:
            sources[name] = pick_wheel(name, version, release_files(name, version))
        except GenerateError as exc:
            missing.append(str(exc))   # every such package is named, not only the first
    if missing:
        raise GenerateError("\n".join(missing))
    version = locked[SDIST_ONLY][0]
    sources[SDIST_ONLY] = pick_sdist(SDIST_ONLY, version, release_files(SDIST_ONLY, version))
    return sources


def build_deps(names: list[str]) -> str:
    """Installs build tools into ./build-deps (on PYTHONPATH for the build, not in /app)."""
    pins = " ".join(f"{name}=={BUILD_TOOLS[name]}" for name in names)
    return f"pip3 install --no-index --no-deps --find-links=. --target=build-deps {pins}"


def source_build() -> str:
    """Builds and installs the project in the current folder with the tools of build_deps."""
    return ("PYTHONPATH=$PWD/build-deps pip3 install --verbose --no-index --no-deps "
            "--no-build-isolation --prefix=${FLATPAK_DEST} .")


def wheels_module(locked: dict[str, tuple[str, set[str]]],
                  sources: dict[str, dict[str, str]]) -> dict[str, Any]:
    """The lock's wheels, installed as flatpak-pip-generator's modules do."""
    wanted = wheel_set(locked)
    pins = " ".join(f"{name}=={version}" for name, version in sorted(wanted.items()))
    return {
        "name": "python3-clipview-dependencies",
        "x-comment": "requirements/app.lock's versions as CPython 3.12 wheels "
                     "(packaging/flatpak/generate.py); onnxruntime-gpu is replaced by the CPU "
                     "onnxruntime of the same version: its CUDA libraries are not in the sandbox",
        "buildsystem": "simple",
        "build-commands": [
            "pip3 install --verbose --exists-action=i --no-index --no-deps --find-links=. "
            f"--prefix=${{FLATPAK_DEST}} {pins}",
        ],
        "sources": [sources[name] for name in sorted(wanted)],
    }


def hnswlib_module(sources: dict[str, dict[str, str]]) -> dict[str, Any]:
    """hnswlib from its sdist, for the app's CPU floor (no -march=native)."""
    return {
        "name": "python3-hnswlib",
        "x-comment": "source only on PyPI; without HNSWLIB_NO_NATIVE its setup.py adds "
                     "-march=native and the module carries the build machine's AVX-512 "
                     "(packaging/build.sh); numpy comes from the module before",
        "buildsystem": "simple",
        "build-options": {"env": {"HNSWLIB_NO_NATIVE": "1"},
                          "cflags": X86_LEVEL, "cxxflags": X86_LEVEL},
        "build-commands": [build_deps(["setuptools", "pybind11"]), source_build()],
        "sources": [sources[SDIST_ONLY], sources["pybind11"], sources["setuptools"]],
    }


def clipview_module(sources: dict[str, dict[str, str]]) -> dict[str, Any]:
    """clipview from this checkout, then its menu entry, icons and metainfo in /app/share."""
    install = ('python3 -c "from pathlib import Path; from clipview.desktop import install; '
               "install(Path('/app/share'), exec_path='clipview')\"")
    # pyproject.toml requires onnxruntime-gpu on Linux; this copy's metadata names the CPU
    # package installed instead, so Help > Licences finds it (and pip check agrees)
    cpu_runtime = ("sed -i 's/\"onnxruntime-gpu>=/\"onnxruntime>=/' pyproject.toml && "
                   "! grep -q '\"onnxruntime-gpu>=' pyproject.toml")
    return {
        "name": "clipview",
        "buildsystem": "simple",
        "build-commands": [
            cpu_runtime,
            build_deps(["setuptools"]),
            source_build(),
            REQUIREMENTS_CHECK,
            install,
            # caches of the desktop's tools, made by install() when the SDK has them
            "rm -f ${FLATPAK_DEST}/share/applications/mimeinfo.cache "
            "${FLATPAK_DEST}/share/icons/hicolor/icon-theme.cache",
            f"test -f ${{FLATPAK_DEST}}/share/applications/{APP_ID}.desktop",
        ],
        "sources": [{"type": "dir", "path": "../..", "skip": SKIP}, sources["setuptools"]],
    }


def make_manifest(locked: dict[str, tuple[str, set[str]]],
                  sources: dict[str, dict[str, str]]) -> dict[str, Any]:
    """The whole manifest."""
    return {
        "id": APP_ID,
        "x-comment": "Generated by packaging/flatpak/generate.py from requirements/app.lock; "
                     "do not edit. The network is used only for the model downloads the user "
                     "asks for; ONNX Runtime's telemetry is off (ORT_DISABLE_TELEMETRY)",
        "runtime": "org.freedesktop.Platform",
        "runtime-version": RUNTIME_VERSION,
        "sdk": "org.freedesktop.Sdk",
        "command": "clipview",
        "finish-args": FINISH_ARGS,
        "modules": [wheels_module(locked, sources), hnswlib_module(sources),
                    clipview_module(sources)],
    }


def render(manifest: dict[str, Any]) -> str:
    """The manifest's JSON text, as written to the file."""
    return json.dumps(manifest, indent=2) + "\n"


def manifest_sources(manifest: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The manifest's PyPI sources by project name."""
    sources: dict[str, dict[str, str]] = {}
    for module in manifest.get("modules", []):
        for source in module.get("sources", []):
            filename = source.get("url", "").rsplit("/", 1)[-1]
            if source.get("type") == "file" and filename.endswith(".whl"):
                sources[parse_wheel(filename)[0]] = source
            elif source.get("type") == "archive":
                sources[canonical(filename.rsplit("-", 1)[0])] = source
    return sources


def source_problems(name: str, version: str, source: dict[str, str] | None,
                    allowed: set[str] | None) -> list[str]:
    """What is wrong with ``source`` as ``name`` ``version`` (nothing: an empty list)."""
    if source is None:
        return [f"{name}=={version}: no source in the manifest"]
    filename = source["url"].rsplit("/", 1)[-1]
    problems = []
    if not re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", "")):
        problems.append(f"{filename}: no sha256")
    if source["type"] == "file":
        got = parse_wheel(filename)[1]
        if wheel_rank(filename) is None:
            problems.append(f"{filename}: not a wheel the runtime's CPython 3.12 installs")
    else:
        got = filename.removesuffix(".tar.gz").rsplit("-", 1)[-1]
    if got != version:
        problems.append(f"{name}: the manifest has {got}, the lock {version}")
    elif allowed is not None and source.get("sha256") not in allowed:
        problems.append(f"{filename}: its sha256 is not one the lock lists for {name}")
    return problems


def check(manifest: dict[str, Any], locked: dict[str, tuple[str, set[str]]]) -> list[str]:
    """Offline: the manifest's sources are the lock's versions (and files, where the lock has
    them), and regenerating with those sources gives the manifest unchanged."""
    sources = manifest_sources(manifest)
    hashes = {REPLACED.get(name, name): digests for name, (_, digests) in locked.items()}
    wanted = {**wheel_set(locked), **BUILD_TOOLS, SDIST_ONLY: locked[SDIST_ONLY][0]}
    problems = [f"{name}: in the manifest, not in the lock or the build tools"
                for name in sorted(set(sources) - set(wanted))]
    for name, version in sorted(wanted.items()):
        allowed = None if name in BUILD_TOOLS or name in REPLACED.values() else hashes[name]
        problems += source_problems(name, version, sources.get(name), allowed)
    if not problems and render(make_manifest(locked, sources)) != render(manifest):
        problems.append("the manifest is not what generate.py writes: run it again")
    return problems


def verify(manifest: dict[str, Any], keep: Path | None) -> list[str]:
    """Download every PyPI source and compare its sha256 (``keep``: save the files there)."""
    problems = []
    for source in manifest_sources(manifest).values():
        with urllib.request.urlopen(source["url"], timeout=600) as response:
            data = response.read()
        filename = source["url"].rsplit("/", 1)[-1]
        if hashlib.sha256(data).hexdigest() != source["sha256"]:
            problems.append(f"{filename}: sha256 differs from the manifest's")
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            (keep / filename).write_bytes(data)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", action="store_true",
                      help="offline: fail when the manifest does not match the lock")
    mode.add_argument("--verify", action="store_true",
                      help="download the manifest's PyPI files and check their sha256")
    parser.add_argument("--download", type=Path, help="with --verify: keep the files here")
    args = parser.parse_args(argv)
    try:
        locked = parse_lock(LOCK.read_text(encoding="utf-8"))
        if args.check or args.verify:
            manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
            problems = check(manifest, locked) if args.check else verify(manifest, args.download)
        else:
            MANIFEST.write_text(render(make_manifest(locked, look_up(locked))), encoding="utf-8")
            problems = []
    except (GenerateError, OSError, ValueError, KeyError) as exc:
        problems = [str(exc)]
    for problem in problems:
        print(f"generate.py: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
