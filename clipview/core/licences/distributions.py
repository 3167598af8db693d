"""The Python distributions clipview runs on — its requirements, recursively, with their
markers evaluated — and what their installed wheels say of their licences: the licence files
(``License-File``, the dist-info's ``licenses/`` folder, LICENSE/COPYING/NOTICE files, a
package folder's notices such as onnxruntime's ThirdPartyNotices.txt), the SPDX expression,
the shared libraries they carry and the code their SBOMs say is compiled in."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from clipview.core.licences.natives import DISTRIBUTIONS

logger = logging.getLogger(__name__)

ROOT = "clipview"
LICENCE_FILE = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE|COPYRIGHT|ThirdPartyNotices)", re.I)
SHARED_LIBRARY = re.compile(r"\.so(\.[0-9]+)*$")
# code an SBOM lists as compiled into the wheel's own extension (not vendored libraries:
# auditwheel lists those as pkg:rpm, the natives table covers them)
COMPILED_IN = ("pkg:cargo/", "pkg:github/")


def key(dist: metadata.Distribution) -> str:
    return canonicalize_name(dist.metadata["Name"] or "")


def distribution(name: str) -> metadata.Distribution | None:
    """The installed distribution ``name``: an installed wheel (a dist-info with a RECORD)
    before a build's left-over egg-info found first on sys.path."""
    found = list(metadata.distributions(name=name))
    found.sort(key=lambda dist: dist.read_text("RECORD") is None)
    return found[0] if found else None


def _wanted(requirement: Requirement, extras: frozenset[str]) -> bool:
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate({"extra": extra}) for extra in extras | {""})


def _requirements(dist: metadata.Distribution, extras: frozenset[str]) -> Iterator[Requirement]:
    for line in dist.requires or ():
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            logger.warning("%s: unreadable requirement %r", key(dist), line)
            continue
        if _wanted(requirement, extras):
            yield requirement


def runtime_closure(root: str = ROOT) -> tuple[list[metadata.Distribution], list[str]]:
    """``root`` and everything it needs to run (no extras of its own), in name order; and the
    names required but not installed."""
    found: dict[str, metadata.Distribution] = {}
    missing: set[str] = set()
    done: set[tuple[str, frozenset[str]]] = set()
    todo = [(root, frozenset[str]())]
    while todo:
        name, extras = todo.pop()
        if (canonicalize_name(name), extras) in done:
            continue
        done.add((canonicalize_name(name), extras))
        dist = distribution(name)
        if dist is None:
            missing.add(canonicalize_name(name))
            continue
        found[key(dist)] = dist
        todo += [(req.name, frozenset(req.extras)) for req in _requirements(dist, extras)]
    return [found[name] for name in sorted(found)], sorted(missing)


def _record(dist: metadata.Distribution) -> list[str]:
    return [str(path).replace("\\", "/") for path in dist.files or ()]


def licence_files(dist: metadata.Distribution) -> list[tuple[str, Path]]:
    """(title, path) of each licence file the installed wheel has: the dist-info's own
    (License-File, licenses/, LICENSE*, COPYING*, NOTICE*), then those directly in one of
    its package folders (onnxruntime/ThirdPartyNotices.txt)."""
    declared = set(dist.metadata.get_all("License-File") or ())
    own: list[tuple[str, str]] = []
    beside: list[tuple[str, str]] = []
    for path in _record(dist):
        parts = path.split("/")
        if path.endswith(".pyc") or "__pycache__" in parts or len(parts) < 2:
            continue
        if parts[0].endswith(".dist-info"):
            inner = "/".join(parts[2:] if parts[1] == "licenses" else parts[1:])
            if parts[1] == "licenses" or inner in declared or LICENCE_FILE.match(parts[-1]):
                own.append((inner, path))
        elif len(parts) == 2 and LICENCE_FILE.match(parts[1]):
            beside.append((path, path))
    return [(title, Path(str(dist.locate_file(path)))) for title, path in own + beside]


def spdx(dist: metadata.Distribution) -> str:
    """The SPDX expression: License-Expression, else this module's table, else the License
    field when it is one (``packaging.licenses`` says), else the trove classifiers' words."""
    expression = dist.metadata["License-Expression"]
    if expression:
        return str(expression)
    if key(dist) in DISTRIBUTIONS:
        return DISTRIBUTIONS[key(dist)].spdx
    words = (dist.metadata["License"] or "").strip()
    if words and "\n" not in words and len(words) < 80 and _canonical(words):
        return _canonical(words)
    classifiers = [line.split(" :: ")[-1] for line in dist.metadata.get_all("Classifier") or ()
                   if line.startswith("License ::")]
    return " / ".join(classifiers) or words.split("\n")[0][:80]


def _canonical(words: str) -> str:
    try:
        from packaging.licenses import canonicalize_license_expression
        return str(canonicalize_license_expression(words))
    except (ImportError, ValueError):
        return ""


def shared_libraries(dist: metadata.Distribution) -> list[str]:
    """The shared libraries the wheel installed, as paths relative to site-packages."""
    return sorted(path for path in _record(dist) if SHARED_LIBRARY.search(path))


def compiled_in(dist: metadata.Distribution) -> list[dict[str, Any]]:
    """The packages the wheel's CycloneDX SBOMs list as compiled into it (Rust crates, C++
    libraries fetched from GitHub): name, version, licence expression, url."""
    listed: dict[tuple[str, str], dict[str, Any]] = {}
    for path in _record(dist):
        if "/sboms/" not in path or not path.endswith(".json"):
            continue
        try:
            sbom = json.loads(Path(str(dist.locate_file(path))).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            logger.warning("%s: unreadable SBOM %s", key(dist), path)
            continue
        for item in sbom.get("components", ()):
            entry = _sbom_entry(item)
            if entry is not None and entry["name"] != key(dist):
                listed[(entry["name"], entry["version"])] = entry
    return [listed[name] for name in sorted(listed)]


def grafted_versions(dist: metadata.Distribution) -> dict[str, str]:
    """The versions auditwheel's SBOM gives the system packages it grafted into the wheel
    (libxcb 1.13.1-1.el8 …), by package name."""
    versions: dict[str, str] = {}
    for path in _record(dist):
        if path.endswith("/sboms/auditwheel.cdx.json"):
            try:
                sbom = json.loads(Path(str(dist.locate_file(path))).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            versions.update({str(item.get("name")): str(item.get("version"))
                             for item in sbom.get("components", ())
                             if str(item.get("purl", "")).startswith("pkg:rpm/")})
    return versions


def _sbom_entry(item: dict[str, Any]) -> dict[str, Any] | None:
    if not str(item.get("purl", "")).startswith(COMPILED_IN):
        return None
    licences = [entry.get("expression") or entry.get("license", {}).get("id")
                or entry.get("license", {}).get("name") or "" for entry in item.get("licenses", ())]
    urls = [ref.get("url", "") for ref in item.get("externalReferences", ())
            if ref.get("type") in ("vcs", "website")]
    return {"name": str(item.get("name", "")), "version": str(item.get("version", "")),
            "spdx": " AND ".join(re.sub(r"\s+", " ", lic).strip() for lic in licences if lic),
            "url": urls[0] if urls else "", "purl": str(item.get("purl", ""))}
