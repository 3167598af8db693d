"""packaging/licences.py: the licences folder of the binaries. On the venv (before a build):
every distribution of clipview's closure and every library in their ``*.libs`` folders has
its licence, and an unknown one fails; on a built app (slow): every shared library in
dist/clipview/_internal is in the index, beside COPYING and SOURCES.txt."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest

from clipview.core.licences import distributions as dists
from tests.helpers.paths import REPO
from tests.packaging.frozen_app import INTERNAL, needs_the_app

sys.path.insert(0, str(REPO / "packaging"))
import licences as collector  # noqa: E402


@pytest.fixture(scope="module")
def venv_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("licences") / "licences"
    assert collector.main([str(folder)], report=lambda line: None) == 0
    return folder


def _index(folder: Path) -> list[dict[str, object]]:
    return list(json.loads((folder / "index.json").read_text())["components"])


def test_the_venv_check_passes() -> None:
    said: list[str] = []
    assert collector.main(["--check"], report=said.append) == 0
    assert "every one with its licence" in said[0]


def test_every_distribution_and_vendored_library_is_in_the_folder(venv_folder: Path) -> None:
    entries = _index(venv_folder)
    names = {str(entry["component"]) for entry in entries}
    listed = {lib for entry in entries for lib in entry["libraries"]}   # type: ignore[attr-defined]
    closure, _ = dists.runtime_closure()
    assert {dist.metadata["Name"] for dist in closure} <= names
    vendored = [path for dist in closure for path in dists.shared_libraries(dist)
                if ".libs/" in path]
    assert vendored and [path for path in vendored if path not in listed] == []
    for entry in entries:
        files = entry["files"]
        assert files, entry["component"]
        assert all((venv_folder / str(name)).stat().st_size > 0 for name in files)  # type: ignore[attr-defined]
    assert (venv_folder / "COPYING").read_text().count("Version 3, 29 June 2007") == 1


def test_sources_name_each_copyleft_components_version(venv_folder: Path) -> None:
    import av
    import pi_heif
    sources = (venv_folder / "SOURCES.txt").read_text()
    assert f"FFmpeg {av.ffmpeg_version_info}: LGPL-3.0-or-later" in sources
    assert f"libheif {pi_heif.libheif_version()}: LGPL-3.0-or-later" in sources
    assert "\nx264 " in sources and ": GPL-2.0-or-later" in sources
    assert "x265 4." in sources and "pyav-ffmpeg" in sources
    assert "three years" in sources and "GNU General Public License" in sources
    assert "\nOpus " not in sources and "\nnumpy " not in sources   # permissive: not listed


def test_an_unknown_library_in_a_temp_copy_fails(tmp_path: Path) -> None:
    """A copy of av's dist-info with one more library: the collector fails and names it."""
    av = dists.distribution("av")
    info = next(Path(str(av.locate_file(p))) for p in av.files or ()
                if str(p).endswith(".dist-info/METADATA")).parent
    shutil.copytree(info, tmp_path / info.name)
    with (tmp_path / info.name / "RECORD").open("a") as record:
        record.write("av.libs/libmystery-deadbeef.so.3,,\n")
    from importlib import metadata

    from clipview.core.licences import installed
    found = installed.dist_inventory(metadata.Distribution.at(tmp_path / info.name))
    with pytest.raises(SystemExit) as failed:
        raise collector.LicenceError(found.problems)
    assert "1 bundled component(s) without a licence" in str(failed.value.code)


def _app(tmp_path: Path, venv_folder: Path) -> Path:
    internal = tmp_path / "_internal"
    shutil.copytree(venv_folder, internal / "licences")
    for entry in _index(venv_folder):
        for lib in entry["libraries"]:   # type: ignore[attr-defined]
            (internal / str(lib)).parent.mkdir(parents=True, exist_ok=True)
            (internal / str(lib)).write_bytes(b"\x7fELF")
    return internal


def test_check_app_finds_a_library_no_component_lists(tmp_path: Path,
                                                      venv_folder: Path) -> None:
    internal = _app(tmp_path, venv_folder)
    assert collector.check_app(internal) == []
    (internal / "libxcb-4c5118d0.so.1").symlink_to("av.libs/libvpx-edb6de90.so.12.0.0")
    assert collector.check_app(internal) == []   # a link to a listed library is that library
    (internal / "libstranger.so.2").write_bytes(b"\x7fELF")
    assert collector.check_app(internal) == ["libstranger.so.2: in the app, in no component"]
    (internal / "licences" / "SOURCES.txt").unlink()
    assert collector.check_app(internal) == [f"{internal / 'licences' / 'SOURCES.txt'}: missing"]
    with pytest.raises(SystemExit):
        collector.main(["--check", str(internal)])


def test_debian_licence_names_become_spdx() -> None:
    text = ("Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
            "License: GPL-2+\nLicense: LGPL-2.1+ or Expat\nLicense: BSD-3-clause\n")
    assert collector.debian_spdx(text, "libfoo") == (
        "GPL-2.0-or-later AND LGPL-2.1-or-later AND MIT AND BSD-3-Clause")
    assert collector.debian_spdx("", "gcc-12") == "GPL-3.0-or-later WITH GCC-exception-3.1"
    assert collector.debian_spdx("License: see below\n", "libx11") == (
        "LicenseRef-see-copyright-file")   # not machine-readable: the file says


@needs_the_app[0]
@needs_the_app[1]
def test_the_built_app_has_every_licence() -> None:
    assert collector.check_app(INTERNAL) == []
    folder = INTERNAL / "licences"
    assert (folder / "COPYING").is_file() and (folder / "SOURCES.txt").is_file()
    names = {str(entry["component"]).lower() for entry in _index(folder)}
    assert {"ffmpeg", "x264", "qt", "python", "pyinstaller", "clipview"} <= names
    assert any(entry["kind"] == "system" for entry in _index(folder))   # the build machine's
    assert json.loads((folder / "index.json").read_text())["app"]["licence"] == (
        "GPL-3.0-or-later")
