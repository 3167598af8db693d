"""``python -m clipview`` is the ``clipview`` command."""

import sys

from clipview.app import main

if __name__ == "__main__":   # not when a spawned child process imports it (quantize)
    sys.exit(main())
