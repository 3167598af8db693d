"""The one-folder app (``bash packaging/build.sh``) run with an empty environment
(``env -i HOME=... QT_QPA_PLATFORM=offscreen``): nothing from the build machine's Python,
PATH or PYTHONPATH. Slow (seconds per start), so marked ``slow``; skipped when not built.

    bash packaging/smoke_test.sh            # or: python -m pytest tests/packaging -m slow
    CLIPVIEW_FROZEN=/path/to/clipview ...   # test another build (e.g. an unpacked release)
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from PIL import Image

from tests.helpers.library_data import PALETTE, colour_folder, colour_of
from tests.helpers.paths import REPO
from tests.helpers.synthetic_bundle import colour_photo
from tests.packaging.frozen_app import APP, INTERNAL, bare_env, needs_the_app

GUI_SECONDS = 8.0

pytestmark = needs_the_app


def frozen(home: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*bare_env(home), str(APP), *args], capture_output=True, text=True,
                          timeout=timeout, cwd=home)


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, colour_bundle: Path
            ) -> tuple[Path, list[str]]:
    """A library indexed by the frozen app: the colour photos plus a HEIC one."""
    root = tmp_path_factory.mktemp("frozen")
    (root / "home").mkdir()
    colour_folder(root / "photos")
    heic = root / "photos" / "teal_0.heic"
    with Image.open(colour_photo(root / "teal.png", "teal")) as teal:
        teal.save(heic, format="HEIF")
    (root / "teal.png").unlink()
    options = ["--home", str(root / "library"), "--model", str(colour_bundle)]
    result = frozen(root / "home", "index", str(root / "photos"), "--json", *options)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["indexed"] == sum(PALETTE.values()) + 1 and summary["skipped"] == []
    return root, options


def test_search_json_ranks_by_colour(library: tuple[Path, list[str]]) -> None:
    root, options = library
    result = frozen(root / "home", "search", "red", "-n", "4", "--json", *options)
    assert result.returncode == 0, result.stderr
    assert [colour_of(hit["path"]) for hit in json.loads(result.stdout)] == ["red"] * 4


def test_heic_photos_are_read(library: tuple[Path, list[str]]) -> None:
    root, options = library
    result = frozen(root / "home", "search", "teal", "-n", "1", "--json", *options)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)[0]["path"].endswith("teal_0.heic")


def test_status_and_the_cuda_provider_is_shipped(library: tuple[Path, list[str]]) -> None:
    root, options = library
    result = frozen(root / "home", "status", "--json", "--device", "auto", *options)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["images"] == sum(PALETTE.values()) + 1
    # the CUDA provider library is in the app: without a GPU the note names another reason
    assert "no CUDA provider" not in str(report.get("device_note"))
    assert list(INTERNAL.rglob("libonnxruntime_providers_cuda.so"))


def test_errors_are_one_line_and_exit_1(tmp_path: Path) -> None:
    result = frozen(tmp_path, "search", "red", "--model", str(tmp_path / "missing"))
    assert result.returncode == 1
    assert result.stderr.startswith("clipview: error: ") and "Traceback" not in result.stderr


def run_gui(home: Path, *args: str, **extra: str) -> str:
    """Start the app, check it is still up after GUI_SECONDS, stop it; its stderr."""
    process = subprocess.Popen([*bare_env(home, **extra), str(APP), *args], cwd=home,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + GUI_SECONDS
        while time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.2)
        code = process.poll()
        assert code is None, f"the app exited with {code}: {process.communicate()[1]}"
    finally:
        if process.poll() is None:
            process.terminate()
        _, stderr = process.communicate(timeout=30)
    assert "Traceback" not in stderr, stderr
    return stderr


def test_gui_opens_and_stays_up(library: tuple[Path, list[str]], colour_bundle: Path) -> None:
    root, _ = library
    run_gui(root / "home", CLIPVIEW_HOME=str(root / "library"),
            CLIPVIEW_MODEL=str(colour_bundle))


def test_gui_opened_with_a_photo_and_a_folder_stays_up(library: tuple[Path, list[str]],
                                                       colour_bundle: Path) -> None:
    root, _ = library
    photo = next((root / "photos").rglob("red_0.*"))
    run_gui(root / "home", str(photo), str(root / "photos"),
            CLIPVIEW_HOME=str(root / "library"), CLIPVIEW_MODEL=str(colour_bundle))


def test_gui_without_a_model_stays_up_and_explains(tmp_path: Path) -> None:
    run_gui(tmp_path)  # the first-run question waits for the user


def test_lean(tmp_path: Path) -> None:
    present = {path.name for path in INTERNAL.iterdir()}
    for unwanted in ("torch", "transformers", "tkinter", "_tkinter", "pytest", "tests",
                     "pydantic", "jinja2"):   # (onnx stays: int8 quantisation on the CPU)
        assert unwanted not in present, unwanted
    assert "onnx" in present
    qt_libs = {path.name.split(".")[0] for path in INTERNAL.rglob("libQt6*.so*")}
    assert not {"libQt6Qml", "libQt6Quick", "libQt6Pdf", "libQt6WebEngineCore"} & qt_libs
    platforms = {path.name for path in INTERNAL.rglob("platforms/*.so")}
    assert {"libqxcb.so", "libqoffscreen.so", "libqwayland.so"} <= platforms
    package = REPO / "clipview"
    for data in [*package.glob("resources/**/*.*"), *package.glob("data/*")]:
        assert (INTERNAL / data.relative_to(REPO)).is_file(), data  # package data is shipped
    formats = {path.name for path in INTERNAL.rglob("imageformats/*.so")}
    assert {"libqjpeg.so", "libqwebp.so", "libqgif.so"} <= formats


def test_no_onnxruntime_telemetry(library: tuple[Path, list[str]]) -> None:
    """The app's runtime hook turns ONNX Runtime's telemetry off before anything imports it:
    the index, searches and GUI runs above (HOME under ``root``) left no DeveloperTools."""
    root, options = library
    assert frozen(root / "home", "search", "red", "--json", *options).returncode == 0
    assert not list(root.rglob("DeveloperTools"))


def release_folder() -> Path:
    folders = sorted(APP.parent.parent.glob("clipview-*-linux-*/install.sh"))
    if not folders:
        pytest.skip("no release folder beside the app (packaging/build.sh makes it)")
    return folders[-1].parent


def test_release_install_sh_installs_and_uninstalls(tmp_path: Path) -> None:
    release = release_folder()
    env = ["env", "-i", f"HOME={tmp_path}", "PATH=/usr/bin:/bin"]
    result = subprocess.run([*env, "sh", str(release / "install.sh")], capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    app = tmp_path / ".local" / "lib" / "clipview" / "clipview"
    desktop_file = (tmp_path / ".local/share/applications/io.github.clipview.clipview.desktop")
    lines = desktop_file.read_text(encoding="utf-8").splitlines()
    assert f"Exec={app} %F" in lines and f"TryExec={app}" in lines
    assert (tmp_path / ".local/share/icons/hicolor/256x256/apps/"
            "io.github.clipview.clipview.png").is_file()
    version = subprocess.run([*bare_env(tmp_path), str(tmp_path / ".local/bin/clipview"),
                              "--version"], capture_output=True, text=True, timeout=120)
    assert version.stdout.startswith("clipview "), version.stderr
    validate = shutil.which("desktop-file-validate")
    if validate:
        checked = subprocess.run([validate, str(desktop_file)], capture_output=True, text=True)
        assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout
    removed = subprocess.run([*env, "sh", str(release / "install.sh"), "--uninstall"],
                             capture_output=True, text=True, timeout=300)
    assert removed.returncode == 0, removed.stderr
    assert not app.exists() and not desktop_file.exists()
    assert not list((tmp_path / ".local").rglob("io.github.clipview.clipview*"))
