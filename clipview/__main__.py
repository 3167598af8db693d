"""``python -m clipview`` is the ``clipview`` command."""

import sys

from clipview.cli import main

sys.exit(main())
