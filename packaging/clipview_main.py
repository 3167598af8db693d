"""Entry point of the frozen app (PyInstaller): the same ``main`` as the ``clipview`` command,
so one executable runs the GUI (no command, or photos/folders to open) and every CLI command."""

import multiprocessing
import sys

from clipview.app import main

if __name__ == "__main__":
    multiprocessing.freeze_support()   # a spawned child (the int8 quantiser) runs its work
    sys.exit(main())
