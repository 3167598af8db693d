"""A process that searches a library again and again, as a user (or a cron job) would, while
another process changes it: ``python -m tests.helpers.search_loop HOME QUERY LOG STOP``.

Each round opens the library with the model its settings name (what every ``clipview``
command does), searches, and appends one JSON line to LOG: the model that answered, the
colours of the top results, or the error. It stops when the file STOP exists.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from clipview.core.errors import ClipviewError
from clipview.core.library.library import open_library
from clipview.core.models.store import ModelStore
from tests.helpers.library_data import colour_of


def one_round(home: Path, query: str) -> dict[str, object]:
    try:
        with open_library(home, ModelStore(home).resolve(None), device="cpu") as library:
            results = library.search(query, 4)
            return {"model": library.model.name, "t": time.time(),
                    "colours": [colour_of(r.path) for r in results]}
    except ClipviewError as exc:
        return {"error": str(exc), "t": time.time()}


def main(home: Path, query: str, log: Path, stop: Path) -> None:
    while not stop.exists():
        record = one_round(home, query)
        with log.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
