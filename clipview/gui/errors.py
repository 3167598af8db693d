"""One line for the status bar about any failure; the details are in the log."""

from __future__ import annotations

from clipview.core.errors import ClipviewError

_WHAT = {"open": "Opening the library", "index": "Indexing", "add-folder": "Adding the folder",
         "forget": "Removing the folder", "check": "Checking the library",
         "query": "The search", "similar": "Find similar", "folders": "Listing folders",
         "duplicates": "Finding duplicates", "build": "Building the new model's vectors",
         "watch": "Updating from the watched folders", "trash": "Moving to the trash",
         "restore": "Putting the folder back", "browse": "Showing the library"}


def describe_error(exc: BaseException, kind: str = "") -> str:
    """A message a person can act on: ours as they are, the rest with a pointer to the log."""
    what = _WHAT.get(kind, kind.capitalize() or "The operation")
    if isinstance(exc, ClipviewError):
        return str(exc)
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return f"{what} stopped: {exc.strerror or exc}{where}"
    text = str(exc).splitlines()[0] if str(exc) else ""
    return f"{what} failed: {type(exc).__name__}{': ' + text if text else ''} (details in the log)"
