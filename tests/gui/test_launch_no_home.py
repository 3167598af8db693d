"""The app starts without a home folder (a container: no HOME, a uid without a password
entry) when it is given ``--home``: its logs and caches go inside that library folder."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.homeless import homeless_runner

# The real entry point (clipview.app.main) in a child process; once its event loop runs,
# say whether its main window is showing, and quit. Qt refuses a real uid other than the
# effective one (the homeless runner's) unless allowed.
_LAUNCH = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from clipview import app
from clipview.gui.main_window import MainWindow

QApplication.setSetuidAllowed(True)
qapp = QApplication(sys.argv[:1])
def look():
    shown = [w for w in qapp.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    print("window shown" if shown else "no window", flush=True)
    qapp.quit()
QTimer.singleShot(0, look)
sys.exit(app.main(sys.argv[1:]))
"""


def test_the_app_starts_with_home_and_without_a_home_folder(tmp_path: Path,
                                                            colour_bundle: Path) -> None:
    run = homeless_runner()
    lib = tmp_path / "lib"
    result = run("-c", _LAUNCH, "--home", str(lib), "--query", "red",
                 env={"QT_QPA_PLATFORM": "offscreen", "CLIPVIEW_MODEL": str(colour_bundle)},
                 cwd=str(tmp_path))
    assert result.returncode == 0 and "window shown" in result.stdout, result.stderr
    assert "Traceback" not in result.stderr
    assert (lib / "logs" / "clipview.log").is_file()  # inside the library folder
    assert not (tmp_path / "~").exists()


def test_without_home_and_a_home_folder_the_app_says_so_in_one_line(tmp_path: Path) -> None:
    result = homeless_runner()("-c", _LAUNCH, env={"QT_QPA_PLATFORM": "offscreen"},
                               cwd=str(tmp_path))
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1 and len(lines) == 1, result.stderr
    assert "cannot find your home folder" in lines[0] and "--home" in lines[0]
