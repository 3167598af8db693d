"""The components of clipview as installed here (a pip install, or the venv a build freezes):
each distribution of the runtime closure with its licence files, each native library its
wheel vendors (the natives table), the code compiled into it. ``Inventory.problems`` names
what has no licence: the build fails on any (packaging/licences.py); the dialog shows the
rest."""

from __future__ import annotations

import importlib
import logging
import platform
import re
import sys
import sysconfig
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from clipview.core.licences import distributions as dists
from clipview.core.licences.model import Component, LicenceText
from clipview.core.licences.natives import (
    DISTRIBUTIONS,
    EMBEDDED,
    Native,
    native_for,
    vendored,
)
from clipview.core.licences.texts import canonical, known

logger = logging.getLogger(__name__)
SO_VERSION = re.compile(r"\.so\.([0-9.]+)$")


@dataclass
class Inventory:
    components: list[Component] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def add(self, other: Inventory) -> None:
        self.components += other.components
        self.problems += other.problems


def probe(spec: str) -> str:
    """A version from Python: "av:ffmpeg_version_info", "pi_heif:libheif_version()"; "" when
    the module or attribute is missing."""
    if not spec:
        return ""
    module_name, _, attribute = spec.partition(":")
    try:
        value = getattr(importlib.import_module(module_name), attribute.removesuffix("()"))
        value = value() if attribute.endswith("()") else value
    except Exception:  # a probe never fails the list: the version is only missing
        logger.warning("version probe %s failed", spec, exc_info=True)
        return ""
    return ".".join(map(str, value)) if isinstance(value, tuple) else str(value)


def library_version(path: str) -> str:
    """What the file name says: "so.165" for libx264-d6533a8d.so.165."""
    found = SO_VERSION.search(path)
    return f"so.{found.group(1)}" if found else ""


def texts_for(keys: Iterable[str], copyright_line: str,
              dist_texts: tuple[LicenceText, ...]) -> tuple[LicenceText, ...]:
    """The texts ``keys`` name ("@dist": the wheel's own licence files)."""
    out: list[LicenceText] = []
    for name in keys:
        out += dist_texts if name == "@dist" else [canonical(name, copyright_line)]
    return tuple(out)


def dist_texts(dist: metadata.Distribution) -> tuple[LicenceText, ...]:
    files = tuple(LicenceText(title, path=path) for title, path in dists.licence_files(dist))
    fallback = DISTRIBUTIONS.get(dists.key(dist))
    if files or fallback is None:
        return files
    return texts_for(fallback.texts, fallback.copyright, ())


def dist_component(dist: metadata.Distribution, own_libraries: Iterable[str] = ()
                   ) -> Inventory:
    name, version = dist.metadata["Name"] or dists.key(dist), dist.version
    texts = dist_texts(dist)
    fallback = DISTRIBUTIONS.get(dists.key(dist))
    url = (fallback.url if fallback else "") or _home_page(dist)
    component = Component(name, version, dists.spdx(dist), f"{name} {version} (Python package)",
                          "distribution", texts, tuple(own_libraries), url,
                          key=f"python-{dists.key(dist)}")
    problems = [] if texts else [f"{name} {version}: its wheel has no licence file and "
                                 "clipview/core/licences/natives.py DISTRIBUTIONS names none"]
    return Inventory([component], problems)


def _home_page(dist: metadata.Distribution) -> str:
    for line in dist.metadata.get_all("Project-URL") or ():
        label, _, url = str(line).partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository"):
            return url.strip()
    return str(dist.metadata["Home-page"] or "")


def native_version(row: Native, dist: metadata.Distribution, path: str) -> str:
    """Its version: a Python probe, the distribution it goes with, what auditwheel's SBOM
    says of a grafted system package, else what the file name says."""
    if row.version_of:
        other = dists.distribution(row.version_of)
        return str(other.version) if other is not None else ""
    grafted = [version for name, version in dists.grafted_versions(dist).items()
               if name in row.pattern]
    return probe(row.probe) or (grafted[0] if grafted else "") or library_version(path)


def native_component(row: Native, dist: metadata.Distribution, paths: list[str]
                     ) -> Component:
    owner = f"{dist.metadata['Name']} {dist.version}"
    folders = sorted({"/".join(path.split("/")[:-1][:2]) for path in paths if "/" in path})
    return Component(
        row.component, native_version(row, dist, paths[0]), row.spdx,
        f"{owner} wheel ({', '.join(folders) or 'its folder'})", "native",
        texts_for(row.texts, row.copyright, dist_texts(dist)), tuple(paths), row.url,
        row.source, row.note, key=f"{_slug(row.component)}-{dists.key(dist)}")


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9.+-]+", "-", name).strip("-").lower()


def natives_of(dist: metadata.Distribution, libraries: Iterable[tuple[str, str]]
               ) -> tuple[Inventory, list[str]]:
    """The vendored libraries among ``libraries`` — (where the wheel installed it, where it
    is listed: the same in a pip install, its place in the app's folder in a build) —
    grouped into their components, the unknown ones as problems; and the wheel's own
    libraries (its extensions)."""
    rows: dict[Native, list[str]] = {}
    own: list[str] = []
    problems: list[str] = []
    for path, listed in libraries:
        row = native_for(path, dists.key(dist))
        if row is not None:
            rows.setdefault(row, []).append(listed)
        elif vendored(path):
            problems.append(f"{path} (in {dist.metadata['Name']} {dist.version}): no licence "
                            "mapped: add it to clipview/core/licences/natives.py")
        else:
            own.append(listed)
    found = [native_component(row, dist, paths) for row, paths in rows.items()]
    return Inventory(found, problems), own


def spdx_ids(expression: str) -> list[str]:
    """The licence (and exception) ids of an SPDX expression, as licence_texts.json keys them:
    "MIT OR Apache-2.0 WITH LLVM-exception" → MIT, Apache-2.0, LLVM-exception."""
    tokens = re.findall(r"[A-Za-z0-9.+-]+", expression)
    return [re.sub(r"(-only|-or-later|\+)$", "", token) for token in tokens
            if token not in ("AND", "OR", "WITH")]


def compiled_in_component(dist: metadata.Distribution, packages: list[dict[str, str]]
                          ) -> Inventory:
    """One component for what the wheel's SBOM lists as compiled in: the list, then the text
    of each licence it names (a copyright line per package is not in the SBOM: "Copyright the
    <package> authors", its URL says who they are)."""
    name, version = dist.metadata["Name"] or dists.key(dist), dist.version
    what = ("Rust crates" if all(p["purl"].startswith("pkg:cargo/") for p in packages)
            else "compiled-in libraries")
    ids = sorted({i for package in packages for i in spdx_ids(package["spdx"])})
    lines = [f"{p['name']} {p['version']}: {p['spdx'] or '(no licence stated)'}"
             f" (Copyright the {p['name']} authors{', ' + p['url'] if p['url'] else ''})"
             for p in packages]
    listing = LicenceText(what, f"Compiled into {name} {version}, as its wheel's SBOM lists "
                          f"them ({len(packages)}); their licences' texts follow.\n\n"
                          + "\n".join(lines) + "\n")
    texts = (listing,) + tuple(canonical(i, "Copyright the authors of the packages listed "
                                            "under this licence") for i in ids if known(i))
    spdx = " AND ".join(f"({i})" if " " in i else i for i in
                        sorted({p["spdx"] for p in packages if p["spdx"]}))
    problems = [f"{name} {version}: no text for licence {i} (compiled-in code, "
                "add it to clipview/data/licence_texts.json)" for i in ids if not known(i)]
    problems += [f"{name} {version}: compiled-in {p['name']} {p['version']} states no licence"
                 for p in packages if not p["spdx"]]
    return Inventory([Component(f"{what} in {name}", version, spdx, f"{name} {version} wheel",
                                "embedded", texts, url="", key=f"compiled-in-{dists.key(dist)}")],
                     problems)


def embedded_of(dist: metadata.Distribution) -> Inventory:
    """Code compiled into the wheel's own extensions: the EMBEDDED rows, the SBOM's list."""
    name, version = dist.metadata["Name"], dist.version
    found = Inventory([
        Component(row.component, probe(row.probe), row.spdx, f"compiled into {name} {version}",
                  "embedded", texts_for(row.texts, "", dist_texts(dist)), (), row.url,
                  row.source, key=f"{_slug(row.component)}-{dists.key(dist)}")
        for row in EMBEDDED if row.dist == dists.key(dist)])
    packages = dists.compiled_in(dist)
    if packages:
        found.add(compiled_in_component(dist, packages))
    return found


def dist_inventory(dist: metadata.Distribution,
                   libraries: Iterable[tuple[str, str]] | None = None) -> Inventory:
    """The distribution, the natives among ``libraries`` (see ``natives_of``; default: all
    its wheel installed), what is compiled into it."""
    if libraries is None:
        libraries = [(path, path) for path in dists.shared_libraries(dist)]
    natives, own = natives_of(dist, libraries)
    found = dist_component(dist, own)
    found.add(natives)
    found.add(embedded_of(dist))
    return found


def python_component() -> Component:
    """The interpreter: its LICENSE.txt (CPython's licence with the notices of what it
    bundles) where it ships one, else the PSF licence stack of the SPDX list."""
    version = platform.python_version()
    licence = Path(sysconfig.get_path("stdlib")) / "LICENSE.txt"
    texts = ((LicenceText("LICENSE.txt", path=licence),) if licence.is_file()
             else (canonical("Python-2.0"),))
    return Component("Python", version, "Python-2.0", f"the Python interpreter ({sys.base_prefix})",
                     "python", texts, (), "https://www.python.org",
                     f"https://www.python.org/ftp/python/{version}/", key="python")


def installed_components(root: str = dists.ROOT) -> Inventory:
    """Python and every distribution ``root`` runs on, with what their wheels carry."""
    closure, missing = dists.runtime_closure(root)
    found = Inventory([python_component()],
                      [f"{name}: required but not installed" for name in missing])
    for dist in closure:
        found.add(dist_inventory(dist))
    return found
