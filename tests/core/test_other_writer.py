"""``Library.other_writer()``: the pid of another process writing the library, without
taking the lock."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import clipview
from tests.helpers.paths import REPO

HOLDER = """
import sys
from pathlib import Path
from clipview.core.library.locking import WriterLock
lock = WriterLock(Path(sys.argv[1]))
with lock:
    print("locked", flush=True)
    sys.stdin.readline()
"""


def test_other_writer_names_the_other_process(tmp_path: Path, colour_bundle: Path) -> None:
    with clipview.open_library(tmp_path / "home", colour_bundle, device="cpu") as library:
        assert library.other_writer() is None
        with library.writer:
            assert library.other_writer() is None  # this process is not "another"
        holder = subprocess.Popen([sys.executable, "-c", HOLDER,
                                   str(tmp_path / "home" / "library.lock")],
                                  cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  text=True)
        try:
            assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
            assert library.other_writer() == holder.pid
            assert library.other_writer() == holder.pid  # looking never took it
        finally:
            holder.communicate("done\n", timeout=30)
        assert library.other_writer() is None
        with library.writer:  # free again: this process can write
            pass
