"""``python -m clipview`` is the ``clipview`` command."""

import sys

from clipview.app import main

sys.exit(main())
