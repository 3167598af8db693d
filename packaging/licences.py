"""The licences folder of clipview's binaries: every component the app carries, its licence
texts, an index the app reads (About ▸ Licences), COPYING (the GPL-3.0 the binary as a whole
is under, packaging/LICENSING.md says why) and SOURCES.txt (where the source of each GPL and
LGPL component is, at the version bundled).

    python packaging/licences.py OUTDIR            # the folder for this venv's clipview
    python packaging/licences.py --check           # fails if anything in the venv has none
    python packaging/licences.py --check dist/clipview/_internal   # fails for a built app

``packaging/clipview.spec`` calls ``collect_app`` with what PyInstaller collected: each file
is traced to its distribution (the wheels' RECORDs), to Python (the interpreter's prefix) or
to the build machine's package (dpkg or rpm, with that package's copyright file). Anything
without a licence — a new distribution whose wheel has no licence file, a library in a
``*.libs`` folder the natives table (clipview/core/licences/natives.py) does not name, a
system library no package owns — fails the build with one line naming it.
"""

from __future__ import annotations

import argparse
import ctypes
import dataclasses
import logging
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterable, Sequence
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from clipview import __version__  # noqa: E402
from clipview.core.licences import distributions as dists  # noqa: E402
from clipview.core.licences import installed  # noqa: E402
from clipview.core.licences.index import INDEX, read_index, write_folder  # noqa: E402
from clipview.core.licences.model import Component, LicenceText  # noqa: E402
from clipview.core.licences.texts import canonical  # noqa: E402

logger = logging.getLogger("licences")

APP_LICENCE = "GPL-3.0-or-later"
LICENSING = "packaging/LICENSING.md"
SHARED = re.compile(r"\.so(\.[0-9]+)*$")
# the exact version of a native library, read from the library itself at build time: which of
# the component's files, then a function returning a string, one returning an int (webp,
# lcms), a string or int variable, or a pattern in the file
PROBES: dict[str, tuple[str, str, str]] = {
    "x265": ("libx265-", "str-var", "x265_version_str"),
    "GnuTLS": ("libgnutls-", "str-call-null", "gnutls_check_version"),
    "GMP": ("libgmp-", "str-var", "__gmp_version"),
    "LAME": ("libmp3lame-", "str-call", "get_lame_version"),
    "Opus": ("libopus-", "str-call", "opus_get_version_string"),
    "dav1d": ("libdav1d-", "str-call", "dav1d_version"),
    "libvpx": ("libvpx-", "str-call", "vpx_codec_version_str"),
    "SVT-AV1": ("libSvtAv1Enc-", "str-call", "svt_av1_get_version"),
    "alsa-lib": ("libasound-", "str-call", "snd_asoundlib_version"),
    "libwebp": ("libwebp-", "int-call", "WebPGetDecoderVersion"),
    "libunistring": ("libunistring-", "int-var", "_libunistring_version"),
    "Nettle": ("libnettle-", "nettle", "nettle_version_major"),
    "libde265": ("libde265-", "str-call", "de265_get_version"),
    "libjpeg-turbo": ("libjpeg-", "pattern", r"libjpeg-turbo version ([0-9.]+)"),
    "JasPer": ("libjasper-", "str-call", "jas_getversion"),
    "Little CMS": ("liblcms2-", "lcms", "cmsGetEncodedCMMversion"),
    "OpenBLAS": ("openblas", "pattern", r"OpenBLAS ([0-9]+\.[0-9]+\.[0-9]+)"),
    "GCC runtime (libgfortran)": ("libgfortran-", "pattern", r"GCC: \(GNU\) ([0-9.]+)"),
    "GCC runtime (libquadmath)": ("libquadmath-", "pattern", r"GCC: \(GNU\) ([0-9.]+)"),
    "GCC runtime (libgomp)": ("libgomp-", "pattern", r"GCC: \(GNU\) ([0-9.]+)"),
    "ICU": ("libicuuc", "pattern", r"\x00([0-9]{2}\.[0-9])\x00"),
}
MISSING_LIBRARY = re.compile(r"^(\S+?\.so[.0-9]*): cannot open shared object file")


class LicenceError(SystemExit):
    """Raised with every problem found; its code is the one line a build log shows."""

    def __init__(self, problems: Sequence[str]) -> None:
        for problem in problems:
            print(f"licences: {problem}", file=sys.stderr)
        super().__init__(f"licences: {len(problems)} bundled component(s) without a licence "
                         "(listed above; packaging/licences.py says how to map them)")


# -- exact versions ------------------------------------------------------------------------
def _load(library: Path, depth: int = 0) -> ctypes.CDLL:
    """dlopen ``library``, first loading what it needs from its own folder (auditwheel's
    libraries find each other by name, not always by RPATH)."""
    try:
        return ctypes.CDLL(str(library))
    except OSError as exc:
        needed = MISSING_LIBRARY.match(str(exc).split(": ", 1)[-1])
        if needed is None or depth > 20 or not (library.parent / needed.group(1)).is_file():
            raise
        _load(library.parent / needed.group(1), depth + 1)
        return _load(library, depth + 1)


def _probe_value(library: Path, kind: str, what: str) -> str:
    if kind == "pattern":
        found = re.search(what.encode(), library.read_bytes())
        return found.group(1).decode() if found else ""
    handle = _load(library)
    if kind in ("str-call", "str-call-null"):
        function = getattr(handle, what)
        function.restype = ctypes.c_char_p
        value = function(None) if kind == "str-call-null" else function()
        return (value or b"").decode().removeprefix("libopus ").lstrip("v")
    if kind == "str-var":
        return (ctypes.c_char_p.in_dll(handle, what).value or b"").decode()
    number = (ctypes.c_int.in_dll(handle, what).value if kind == "int-var"
              else getattr(handle, what)())
    if kind == "nettle":
        return f"{number}.{handle.nettle_version_minor()}"
    if kind == "lcms":
        return f"{number // 1000}.{number % 1000 // 10}"
    return f"{number >> 16}.{(number >> 8) & 255}.{number & 255}"


def exact_version(component: Component, sources: dict[str, Path]) -> str:
    """The version the library itself reports (PROBES), "" when it says nothing."""
    name, kind, what = PROBES.get(component.name, ("", "", ""))
    library = next((sources[lib] for lib in component.libraries
                    if lib in sources and name in Path(lib).name), None)
    if not kind or library is None:
        return ""
    try:
        return _probe_value(library, kind, what).strip()
    except (OSError, AttributeError, ValueError) as exc:   # recorded as the file's version
        logger.warning("no version from %s (%s): %s", library, component.name, exc)
        return ""


def with_exact_versions(components: list[Component], sources: dict[str, Path]
                        ) -> list[Component]:
    found = []
    for component in components:
        version = exact_version(component, sources) if component.kind == "native" else ""
        found.append(dataclasses.replace(component, version=version) if version else component)
    return found


# -- the build machine's libraries ---------------------------------------------------------
# Debian short licence names that are not SPDX ids as they stand
DEBIAN_SPDX = {"Expat": "MIT", "BSD-2-clause": "BSD-2-Clause", "BSD-3-clause": "BSD-3-Clause",
               "BSD-4-clause": "BSD-4-Clause", "zlib": "Zlib", "public-domain":
               "LicenseRef-public-domain", "Artistic": "Artistic-1.0-Perl", "MPL-1.1": "MPL-1.1"}
GNU_SHORT = re.compile(r"^(A?GPL|LGPL|GFDL)-([0-9])(\.[0-9])?(\+)?$")
# source packages whose copyright file is not machine-readable, by name
DEBIAN_SOURCES = {"gcc-": "GPL-3.0-or-later WITH GCC-exception-3.1"}


def spdx_of_debian_name(name: str) -> str:
    gnu = GNU_SHORT.match(name)
    if gnu:
        family, major, minor, later = gnu.groups()
        return f"{family}-{major}{minor or '.0'}-{'or-later' if later else 'only'}"
    name = DEBIAN_SPDX.get(name, name)
    try:
        from packaging.licenses import canonicalize_license_expression
        return str(canonicalize_license_expression(name))
    except ValueError:
        return "LicenseRef-Debian-" + re.sub(r"[^A-Za-z0-9.-]", "-", name)


def _run(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout if done.returncode == 0 else ""


def debian_spdx(copyright_text: str, source: str) -> str:
    """The licences a machine-readable Debian copyright file names, as SPDX ids where the
    short name has one (LicenseRef-Debian-<name> where not)."""
    for prefix, spdx in DEBIAN_SOURCES.items():
        if source.startswith(prefix):
            return spdx
    if not copyright_text.startswith("Format:"):   # free text, not DEP-5: read the file
        return "LicenseRef-see-copyright-file"
    ids: dict[str, None] = {}
    for name in dict.fromkeys(re.findall(r"^License:\s*(.+)$", copyright_text, re.M)):
        for part in re.split(r"\s+(?:or|and|OR|AND)\s+|\s*[|,]\s*", name.strip()):
            if part.strip() and part.strip() != "with":
                ids[spdx_of_debian_name(part.strip())] = None
    return " AND ".join(ids) or "LicenseRef-see-copyright-file"


def _dpkg_package(path: Path) -> Component | None:
    owner = _run(["dpkg-query", "-S", str(path)]) or _run(["dpkg-query", "-S",
                                                           str(path.resolve())])
    if not owner:
        return None
    package = owner.split(":", 1)[0].strip()
    fields = _run(["dpkg-query", "-W", "-f=${Version}\t${source:Package}\t${source:Version}"
                   "\t${Homepage}", package]).split("\t")
    version, source, source_version, homepage = (fields + ["", "", "", ""])[:4]
    copyright_file = Path("/usr/share/doc") / package / "copyright"
    if not copyright_file.is_file():
        return None
    text = copyright_file.read_text(encoding="utf-8", errors="replace")
    return Component(package, version, debian_spdx(text, source), f"the build machine's Debian "
                     f"package {package} {version}", "system",
                     (LicenceText("copyright", text),), (), homepage,
                     f"Debian source package {source} {source_version}: `apt-get source "
                     f"{source}={source_version}`, or https://snapshot.debian.org/package/"
                     f"{source}/{source_version}/", key=f"system-{package}")


def _rpm_package(path: Path) -> Component | None:
    line = _run(["rpm", "-qf", "--qf", "%{NAME}\t%{VERSION}-%{RELEASE}\t%{LICENSE}\t"
                 "%{SOURCERPM}\t%{URL}\n", str(path)]).splitlines()
    if not line:
        return None
    name, version, licence, source_rpm, url = (line[0].split("\t") + [""] * 5)[:5]
    files = [Path(f) for f in _run(["rpm", "-qL", name]).split() if Path(f).is_file()]
    if not files:
        return None
    texts = tuple(LicenceText(f.name, f.read_text(encoding="utf-8", errors="replace"))
                  for f in files)
    return Component(name, version, licence, f"the build machine's package {name} {version}",
                     "system", texts, (), url, f"source package {source_rpm} (dnf download "
                     f"--source {name})", key=f"system-{name}")


def system_package(path: Path) -> Component | None:
    """The build machine's package that owns the library, with its licence files."""
    return _dpkg_package(path) or _rpm_package(path)


# -- tracing what PyInstaller collected -----------------------------------------------------
@dataclasses.dataclass
class Trace:
    """Whose each installed file is (the RECORDs: its distribution and its path in the
    wheel), and whose each top-level module is."""

    files: dict[str, tuple[metadata.Distribution, str]]
    modules: dict[str, list[str]]

    @classmethod
    def of_this_environment(cls) -> Trace:
        files: dict[str, tuple[metadata.Distribution, str]] = {}
        for found in metadata.distributions():
            # a build's left-over egg-info (its SOURCES.txt lists the tree's files) stands
            # for the installed wheel of that name
            dist = dists.distribution(found.metadata["Name"] or "") or found
            for path in found.files or ():
                files.setdefault(os.path.realpath(str(found.locate_file(path))),
                                 (dist, str(path).replace("\\", "/")))
        return cls(files, metadata.packages_distributions())

    def distribution(self, dest: str, source: str, typecode: str
                     ) -> tuple[metadata.Distribution, str] | None:
        """The distribution ``source`` is from and its path in the wheel."""
        if os.path.realpath(source) in self.files:
            return self.files[os.path.realpath(source)]
        module = typecode.startswith("PYMODULE")
        top = dest.split(".")[0] if module else dest.split("/")[0].split(".")[0]
        names = self.modules.get(top, ())
        dist = dists.distribution(names[0]) if names else None
        return (dist, dest) if dist is not None else None


def _under(path: str, folder: str) -> bool:
    return os.path.realpath(path).startswith(os.path.realpath(folder) + os.sep)


Traced = dict[str, tuple[metadata.Distribution, list[tuple[str, str]]]]


def bundled(toc: Iterable[tuple[str, str, str]], trace: Trace
            ) -> tuple[Traced, list[str], list[str], dict[str, Path], list[str]]:
    """What ``toc`` (PyInstaller's (dest, source, typecode) entries) holds, traced: per
    distribution its libraries as (path in the wheel, path in the app); Python's
    libraries; the system libraries; each library's source file; the untraceable."""
    per_dist: Traced = {}
    python: list[str] = []
    system: list[str] = []
    sources: dict[str, Path] = {}
    unknown: list[str] = []
    for dest, source, typecode in toc:
        dest, source = dest.replace("\\", "/"), source or ""
        if typecode == "SYMLINK" or not os.path.isabs(source):
            continue
        library = typecode in ("BINARY", "EXTENSION") or bool(SHARED.search(dest))
        traced = trace.distribution(dest, source, typecode)
        if traced is not None:
            entry = per_dist.setdefault(dists.key(traced[0]), (traced[0], []))
            entry[1].extend([(traced[1], dest)] if library else [])
        elif _under(source, sys.base_prefix):
            python.extend([dest] if library else [])
        elif library:
            system.append(dest)
        elif "site-packages" in Path(source).parts:
            unknown.append(f"{dest} ({source}): from no installed distribution")
        if library:
            sources[dest] = Path(source)
    return per_dist, python, system, sources, unknown


def system_components(dests: list[str], sources: dict[str, Path]
                      ) -> tuple[list[Component], list[str]]:
    packages: dict[str, Component] = {}
    problems = []
    for dest in dests:
        component = system_package(sources[dest])
        if component is None:
            problems.append(f"{dest} ({sources[dest]}): a library of the build machine that "
                            "no dpkg/rpm package with a copyright file owns")
            continue
        known = packages.setdefault(component.key, component)
        packages[component.key] = dataclasses.replace(known,
                                                      libraries=(*known.libraries, dest))
    return list(packages.values()), problems


BOOTLOADER = ("Its bootloader is the clipview executable, its runtime modules are in the app's "
              "archive; PyInstaller's bootloader exception lets what it builds be distributed "
              "under the program's own terms.")


def with_pyinstaller(components: list[Component]) -> list[Component]:
    """PyInstaller is in every app it builds (its bootloader is the executable)."""
    dist = dists.distribution("pyinstaller")
    ours = [c for c in components if c.key == "python-pyinstaller"]
    if dist is None:
        return components
    component = ours[0] if ours else installed.dist_component(dist).components[0]
    rest = [c for c in components if c.key != "python-pyinstaller"]
    return [*rest, dataclasses.replace(component, note=BOOTLOADER)]


def app_inventory(toc: Iterable[tuple[str, str, str]]
                  ) -> tuple[installed.Inventory, dict[str, Path]]:
    """Every component of the app PyInstaller is collecting (``toc``)."""
    per_dist, python, system, sources, unknown = bundled(toc, Trace.of_this_environment())
    found = installed.Inventory([dataclasses.replace(installed.python_component(),
                                                     libraries=tuple(python))], unknown)
    for dist, libraries in per_dist.values():
        found.add(installed.dist_inventory(dist, libraries))
    missing = dists.runtime_closure()[1]
    found.problems += [f"{name}: clipview needs it, it is not installed" for name in missing]
    packages, problems = system_components(system, sources)
    found.components = with_pyinstaller(found.components + packages)
    found.problems += problems
    return found, sources


# -- the folder -----------------------------------------------------------------------------
OFFER = """\
clipview's binary releases (the one-folder app and the release tarball; also the AppImage and
Flatpak made from it) are distributed as a whole under the GNU General Public License, version
3 or later (COPYING; why: {licensing}). clipview's own source is MIT-licensed (LICENSE in its
source). Each component below is under its own licence (index.json, the folders beside it).

Corresponding source. For three years after we last distribute a binary release, anyone may
ask us (see README, "Licences", for the address) for the complete corresponding source of the
GPL- and LGPL-licensed components of that release, on a medium customarily used for software
interchange, for no more than the cost of physically performing the distribution, or by
download. The list below says, for each of them, the exact version bundled and where its
source and the recipe that built it are published.
"""


def sources_text(components: list[Component]) -> str:
    """SOURCES.txt: the offer, then per GPL/LGPL component its version and its source."""
    lines = [OFFER.format(licensing=LICENSING), ""]
    for component in sorted(components, key=lambda c: c.name.lower()):
        if not component.copyleft:
            continue
        libraries = ", ".join(component.libraries[:3])
        more = len(component.libraries) - 3
        lines += [f"{component.name} {component.version}: {component.spdx}",
                  f"  from:     {component.origin}",
                  *([f"  files:    {libraries}{f' and {more} more' if more > 0 else ''}"]
                    if libraries else []),
                  *([f"  upstream: {component.url}"] if component.url else []),
                  f"  source:   {component.source or component.url or 'its upstream release'}",
                  *([f"  note:     {component.note}"] if component.note else []), ""]
    return "\n".join(lines)


README = """\
The licences of what this clipview {version} binary contains.

COPYING       the GNU GPL v3: the licence of this binary release as a whole ({licensing})
SOURCES.txt   where the source of each GPL/LGPL component is, and the written offer
index.json    every component: name, version, SPDX licence, origin, files, libraries
<folders>     each component's licence texts

The app shows the same list under Help > Licences.
"""


def write(folder: Path, components: list[Component]) -> list[Path]:
    """The licences folder: README, COPYING, SOURCES.txt, the components' texts, index."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    components = sorted(components, key=lambda c: (c.name.lower(), c.origin))
    app = {"name": "clipview", "version": __version__, "licence": APP_LICENCE,
           "why": LICENSING}
    extra = {"README.txt": README.format(version=__version__, licensing=LICENSING),
             "COPYING": canonical("GPL-3.0").read(),
             "SOURCES.txt": sources_text(components)}
    for name, text in extra.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in extra] + write_folder(folder, components, app)


def collect_app(folder: Path, toc: Iterable[tuple[str, str, str]]
                ) -> list[tuple[str, str, str]]:
    """The spec's step: write the folder for what PyInstaller collects (``toc``: the
    Analysis' pure, binaries and datas) and return its files as DATA entries under
    ``licences/``; fails the build (LicenceError) on anything without a licence."""
    found, sources = app_inventory(toc)
    if found.problems:
        raise LicenceError(found.problems)
    files = write(folder, with_exact_versions(found.components, sources))
    return [(f"licences/{path.relative_to(folder).as_posix()}", str(path), "DATA")
            for path in files]


def venv_inventory() -> tuple[installed.Inventory, dict[str, Path]]:
    """This environment's clipview: its closure's components with the wheels' libraries."""
    found = installed.installed_components()
    sources = {}
    for dist in dists.runtime_closure()[0]:
        for path in dists.shared_libraries(dist):
            sources[path] = Path(str(dist.locate_file(path)))
    return found, sources


# -- checking a built app -------------------------------------------------------------------
def check_app(internal: Path) -> list[str]:
    """What is wrong with a built app's licences folder: a missing file, a component without
    a text, a shared library in ``internal`` that no component lists."""
    folder = internal / "licences"
    problems = [f"{folder / name}: missing" for name in ("COPYING", "SOURCES.txt", INDEX)
                if not (folder / name).is_file()]
    if problems:
        return problems
    listed: set[str] = set()
    for entry in read_index(folder)["components"]:
        listed.update(entry.get("libraries", ()))
        if not entry["files"]:
            problems.append(f"{entry['component']}: no licence file in the index")
        problems += [f"{entry['component']}: {name} missing" for name in entry["files"]
                     if not (folder / name).is_file()]
    for path in sorted(internal.rglob("*")):
        if not SHARED.search(path.name) or folder in path.parents:
            continue
        target = path.resolve() if path.is_symlink() else path
        rel = target.relative_to(internal.resolve()) if target.is_relative_to(
            internal.resolve()) else path.relative_to(internal)
        if rel.as_posix() not in listed:
            problems.append(f"{path.relative_to(internal)}: in the app, in no component")
    return problems


def main(argv: Sequence[str] | None = None,
         report: Callable[[str], object] = print) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", nargs="?", type=Path, help="write the licences folder here")
    parser.add_argument("--check", nargs="?", const=True, default=None, metavar="INTERNAL",
                        help="check the venv (no argument) or a built app's _internal folder")
    args = parser.parse_args(argv)
    if isinstance(args.check, str):
        problems = check_app(Path(args.check))
        if problems:
            raise LicenceError(problems)
        report(f"licences: every shared library in {args.check} has its licence")
        return 0
    found, sources = venv_inventory()
    if found.problems:
        raise LicenceError(found.problems)
    if args.outdir is not None:
        write(args.outdir, with_exact_versions(found.components, sources))
        report(f"licences: {len(found.components)} components written to {args.outdir}")
    else:
        report(f"licences: {len(found.components)} components, every one with its licence")
    return 0


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
    sys.exit(main())
