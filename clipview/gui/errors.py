"""One line for the status bar about any failure; the details are in the log. ``reported``
guards Qt event overrides so that their failures reach the window too."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar, cast

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QApplication, QWidget

from clipview.core.errors import ClipviewError
from clipview.gui.translation import translate

log = logging.getLogger(__name__)
P = ParamSpec("P")
R = TypeVar("R")

# what failed, for the read lane and the window's own handlers (a job's is its JobKind's);
# translated when said
_WHAT = {"query": QT_TRANSLATE_NOOP("Errors", "The search"),
         "similar": QT_TRANSLATE_NOOP("Errors", "Find similar"),
         "folders": QT_TRANSLATE_NOOP("Errors", "Listing folders"),
         "duplicates": QT_TRANSLATE_NOOP("Errors", "Finding duplicates"),
         "browse": QT_TRANSLATE_NOOP("Errors", "Showing the library"),
         "paste": QT_TRANSLATE_NOOP("Errors", "Pasting"),
         "drop": QT_TRANSLATE_NOOP("Errors", "The drop"),
         "key": QT_TRANSLATE_NOOP("Errors", "That key"),
         "mouse": QT_TRANSLATE_NOOP("Errors", "That click"),
         "layout": QT_TRANSLATE_NOOP("Errors", "Laying out the grid"),
         "wheel": QT_TRANSLATE_NOOP("Errors", "Scrolling"),
         "close": QT_TRANSLATE_NOOP("Errors", "Closing")}




def log_pointer() -> str:
    return translate("Errors", " (details in the log)")


def describe_error(exc: BaseException, kind: str = "") -> str:
    """A message a person can act on: ours as they are, the rest with a pointer to the log;
    ``kind`` names what failed ("query", "paste"…)."""
    what = _WHAT.get(kind)
    said = translate("Errors", str(what)) if what else \
        kind.capitalize() or translate("Errors", "The operation")
    return describe_failure(exc, said)


def describe_failure(exc: BaseException, what: str) -> str:
    """``describe_error`` with what failed said in full ("Indexing", a JobKind's ``said``)."""
    if isinstance(exc, ClipviewError):
        return str(exc)
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if exc.filename else ""
        return translate("Errors", "{what} stopped: {error}{where}").format(
            what=what, error=exc.strerror or exc, where=where)
    text = str(exc).splitlines()[0] if str(exc) else ""
    failed = translate("Errors", "{what} failed: {error}").format(what=what, error=text) \
        if text else translate("Errors", "{what} failed").format(what=what)
    return failed + log_pointer()


def points_to_the_log(message: str) -> bool:
    """Whether ``message`` is an unexpected failure whose traceback the log holds (not a
    person's mistake, said in full by its line)."""
    return message.endswith(log_pointer())


def report_error(widget: QWidget, message: str) -> None:
    """Say ``message`` in the window that holds ``widget`` (the first window up the parent
    chain with a ``show_error``, else the app's main window); the log has it in any case."""
    candidates: list[QWidget] = []
    current: QWidget | None = widget
    while current is not None:
        candidates.append(current.window())
        current = current.window().parentWidget()
    candidates += QApplication.topLevelWidgets()
    for candidate in candidates:
        show = getattr(candidate, "show_error", None)
        if callable(show):
            show(message)
            return


def reported(kind: str, fallback: object = None) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """For Qt event overrides and handlers (keyPressEvent, dropEvent, paste…): an exception
    there would escape every error handler (PySide prints it and goes on), so it is logged
    with its traceback and said in the window as one line; ``fallback`` is returned then."""

    def wrap(method: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(method)
        def guarded(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return method(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - every failure reaches the user
                log.exception("%s failed in %s", kind, method.__qualname__)
                widget = args[0] if args else None
                if isinstance(widget, QWidget):
                    report_error(widget, describe_error(exc, kind))
                return cast(R, fallback)
        return guarded
    return wrap
