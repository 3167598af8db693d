"""A desktop without a system library Qt needs (libGL.so.1 was the one a minimal Debian
lacked): the app says which, in one line, and exits 1 — not a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from clipview.app import missing_library_text

# the real entry point in a child process where loading Qt's modules fails the way the dynamic
# loader reports a missing library
_WITHOUT_LIBGL = """
import sys
class NoLibGL:
    def find_spec(self, name, path=None, target=None):
        if name in ("PySide6.QtNetwork", "PySide6.QtGui", "PySide6.QtWidgets"):
            raise ImportError("libGL.so.1: cannot open shared object file: No such file or "
                              "directory")
        return None
sys.meta_path.insert(0, NoLibGL())
from clipview import app
sys.exit(app.main(sys.argv[1:]))
"""


def test_a_missing_system_library_is_one_line(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-c", _WITHOUT_LIBGL, "--home", str(tmp_path)],
                            capture_output=True, text=True, timeout=120, cwd=tmp_path,
                            env={"HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen",
                                 "PATH": "/usr/bin:/bin"})
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1 and len(lines) == 1, result.stderr
    assert lines[0].startswith("clipview: error: the window cannot start: the system library "
                               "libGL.so.1 is missing")
    logged = "".join(log.read_text() for log in tmp_path.rglob("clipview.log"))
    assert "the window cannot start" in logged and "Traceback" in logged   # details in the log


def test_other_import_failures_keep_their_reason() -> None:
    text = missing_library_text(ImportError("No module named 'PySide6'"))
    assert text == "the window cannot start: No module named 'PySide6'"
