"""clipview.core.licences: the runtime closure, the wheels' licence files, the natives table,
the canonical texts, the bundled index a frozen app reads."""

from __future__ import annotations

import shutil
import sys
from importlib import metadata
from pathlib import Path

import pytest

from clipview.core import licences
from clipview.core.licences import distributions as dists
from clipview.core.licences import installed
from clipview.core.licences.index import read_folder, write_folder
from clipview.core.licences.model import Component, LicenceText
from clipview.core.licences.natives import DISTRIBUTIONS, EMBEDDED, NATIVES, native_for, vendored
from clipview.core.licences.texts import canonical, known


def test_every_text_the_tables_name_exists() -> None:
    keys = [key for row in NATIVES for key in row.texts]
    keys += [key for row in EMBEDDED for key in row.texts]
    keys += [key for row in DISTRIBUTIONS.values() for key in row.texts]
    assert [key for key in keys if key != "@dist" and not known(key)] == []
    for row in NATIVES:   # every GPL/LGPL native says where its source is
        assert not ("GPL" in row.spdx and not row.source), row.component


def test_a_template_gets_the_components_copyright_line() -> None:
    text = canonical("BSD-2-Clause", "Copyright © 2018-2019, VideoLAN and dav1d authors").read()
    assert text.startswith("Copyright © 2018-2019, VideoLAN and dav1d authors\n\n")
    assert "Redistributions of source code must retain" in text and "<owner>" not in text
    gpl = canonical("GPL-2.0").read()
    assert "GNU GENERAL PUBLIC LICENSE" in gpl and "Version 2, June 1991" in gpl
    with pytest.raises(KeyError):
        canonical("No-Such-Licence")


def test_the_closure_is_what_clipview_runs_on() -> None:
    closure, missing = dists.runtime_closure()
    names = {dists.key(dist) for dist in closure}
    assert missing == []
    assert {"clipview", "pyside6-essentials", "shiboken6", "av", "pi-heif", "numpy", "rawpy",
            "tokenizers", "huggingface-hub"} <= names
    assert "onnxruntime-gpu" in names or "onnxruntime" in names
    # test tools and the test extra are not the app's
    assert not names & {"pytest", "pytest-qt", "pillow-heif", "imagehash", "mypy", "torch"}
    # a build's left-over egg-info on sys.path does not stand in for the installed wheel
    assert dists.distribution("clipview").read_text("RECORD") is not None


def test_wheel_licence_files_are_found() -> None:
    ort = dists.distribution("onnxruntime-gpu") or dists.distribution("onnxruntime")
    titles = [title for title, _ in dists.licence_files(ort)]
    assert any(title.endswith("ThirdPartyNotices.txt") for title in titles)
    assert any(title.endswith("LICENSE") for title in titles)
    rawpy = [title for title, path in dists.licence_files(dists.distribution("rawpy"))
             if path.is_file()]
    assert "LICENSE.LibRaw" in rawpy
    assert dists.licence_files(dists.distribution("pyside6-essentials")) == []   # none shipped


def test_every_installed_component_has_a_licence_text() -> None:
    found = installed.installed_components()
    assert found.problems == []
    by_name = {component.name: component for component in found.components}
    for name in ("FFmpeg", "x264", "x265", "Qt", "ICU", "libheif", "libde265", "LibRaw",
                 "OpenBLAS", "Python", "PySide6_Essentials", "shiboken6", "tokenizers"):
        assert by_name[name].texts and by_name[name].texts[0].read().strip(), name
    assert by_name["FFmpeg"].version == __import__("av").ffmpeg_version_info
    assert by_name["x264"].spdx == "GPL-2.0-or-later" and by_name["x264"].copyleft
    assert any(lib.startswith("av.libs/libavcodec-") for lib in by_name["FFmpeg"].libraries)
    assert "Rust crates in tokenizers" in by_name


def test_the_natives_table_matches_by_path_and_wheel() -> None:
    assert native_for("av.libs/libx264-d6533a8d.so.165", "av").component == "x264"
    assert native_for("pillow.libs/libwebp-51b0b3f7.so.7.2.0", "pillow").texts == ("@dist",)
    assert native_for("av.libs/libwebp-0c5118d0.so.7.2.0", "av").texts == ("BSD-3-Clause",)
    assert native_for("PySide6/Qt/lib/libQt6Core.so.6", "pyside6-essentials").component == "Qt"
    assert native_for("PySide6/Qt/lib/libicuuc.so.73", "pyside6-essentials").component == "ICU"
    assert native_for("somewheel.libs/libmystery-0123abcd.so.1", "somewheel") is None
    assert vendored("somewheel.libs/libmystery-0123abcd.so.1")
    assert not vendored("av/_core.abi3.so")


def _fake_wheel(site: Path, record: list[str], licence: bool) -> metadata.Distribution:
    info = site / "fakewheel-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.4\nName: fakewheel\nVersion: 1.0\n"
                                   + ("License-Expression: MIT\nLicense-File: LICENSE\n"
                                      if licence else ""))
    files = ["fakewheel-1.0.dist-info/METADATA", *record]
    if licence:
        (info / "licenses").mkdir()
        (info / "licenses" / "LICENSE").write_text("MIT License\n\nCopyright fakewheel\n")
        files.append("fakewheel-1.0.dist-info/licenses/LICENSE")
    (info / "RECORD").write_text("".join(f"{name},,\n" for name in files))
    return metadata.Distribution.at(info)


def test_an_unknown_vendored_library_is_a_problem(tmp_path: Path) -> None:
    dist = _fake_wheel(tmp_path, ["fakewheel/_ext.cpython-311-x86_64-linux-gnu.so",
                                  "fakewheel.libs/libmystery-0123abcd.so.1"], licence=True)
    found = installed.dist_inventory(dist)
    assert [p for p in found.problems if "libmystery" in p and "no licence mapped" in p]
    own = next(c for c in found.components if c.kind == "distribution")
    assert own.libraries == ("fakewheel/_ext.cpython-311-x86_64-linux-gnu.so",)
    assert own.texts[0].read().startswith("MIT License")


def test_a_wheel_without_licence_is_a_problem(tmp_path: Path) -> None:
    found = installed.dist_inventory(_fake_wheel(tmp_path, [], licence=False))
    assert [p for p in found.problems if "fakewheel 1.0: its wheel has no licence file" in p]


def test_a_copy_of_av_with_one_more_library_fails(tmp_path: Path) -> None:
    """The real av dist-info, copied, with a library the table does not know added."""
    av = dists.distribution("av")
    info = next(Path(str(av.locate_file(p))) for p in av.files or ()
                if str(p).endswith(".dist-info/METADATA")).parent
    copy = tmp_path / info.name
    shutil.copytree(info, copy)
    with (copy / "RECORD").open("a") as record:
        record.write("av.libs/libmystery-deadbeef.so.3,,\n")
    found = installed.dist_inventory(metadata.Distribution.at(copy))
    assert [p for p in found.problems if "av.libs/libmystery-deadbeef.so.3" in p]
    assert len(found.problems) == 1   # the real libraries all have their licence


def test_spdx_ids_of_expressions() -> None:
    assert installed.spdx_ids("(MIT OR Apache-2.0) AND Unicode-3.0") == [
        "MIT", "Apache-2.0", "Unicode-3.0"]
    assert installed.spdx_ids("Apache-2.0 WITH LLVM-exception") == ["Apache-2.0",
                                                                   "LLVM-exception"]
    assert installed.spdx_ids("GPL-2.0-or-later") == ["GPL-2.0"]


def test_a_frozen_app_reads_its_bundled_index(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    components = [Component("libexample", "1.2", "MIT", "a test", "native",
                            (LicenceText("MIT", "Permission is hereby granted"),),
                            ("example.libs/libexample-0123abcd.so.1",), key="libexample"),
                  Component("Alpha", "3", "GPL-2.0-or-later", "a test", "native",
                            (canonical("GPL-2.0"),), key="alpha")]
    write_folder(tmp_path / "licences", components, {"name": "clipview",
                                                     "licence": "GPL-3.0-or-later"})
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    shown = licences.app_components()
    assert [c.name for c in shown] == ["Alpha", "libexample"]
    assert shown[1].libraries == ("example.libs/libexample-0123abcd.so.1",)
    assert shown[1].texts[0].read() == "Permission is hereby granted"
    assert licences.app_licence() == ("GPL-3.0-or-later", True)
    assert read_folder(tmp_path / "licences")[0].texts[0].path.parent.name == "libexample"


def test_a_pip_install_is_under_clipviews_own_licence() -> None:
    assert licences.app_licence() == ("MIT", False)
