"""One method call on the desktop session's D-Bus, for the freedesktop notification service.

No Qt here: PySide6's QtDBus cannot marshal a D-Bus ``uint32`` (a Python int becomes
``int32``, ``int64`` or, through ``QDBusArgument``, ``uint16``), and
``org.freedesktop.Notifications.Notify`` takes one (``replaces_id``); notification servers
built on GDBus (GNOME Shell, dunst, …) refuse the call when its signature is not exactly
``susssasa{sv}i``. So the call goes through jeepney (pure Python, MIT; the D-Bus library of
keyring and SecretStorage), which marshals by signature: connect to
``$DBUS_SESSION_BUS_ADDRESS`` (without it ``$XDG_RUNTIME_DIR/bus``, as libdbus and sd-bus
do), call, wait for the reply. Blocking, with a timeout: call it off the GUI thread.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from jeepney import DBusAddress, new_method_call
from jeepney.io.blocking import open_dbus_connection
from jeepney.wrappers import DBusErrorResponse, unwrap_msg

TIMEOUT_S = 5.0
NOTIFICATIONS = DBusAddress("/org/freedesktop/Notifications",
                            bus_name="org.freedesktop.Notifications",
                            interface="org.freedesktop.Notifications")


class BusError(Exception):
    """No session bus, or the bus or the service refused the call (one line)."""


@dataclass(frozen=True)
class Notification:
    """What ``org.freedesktop.Notifications.Notify`` shows (see the Desktop Notifications
    Specification): who sends it, its icon (a theme icon name) and its text."""

    app_name: str
    icon: str
    summary: str
    body: str = ""
    desktop_entry: str = ""    # the hint that ties it to the app's menu entry
    timeout_ms: int = -1       # -1: as the server decides


def bus_address(environ: dict[str, str] | None = None) -> str:
    """The session bus's D-Bus address; BusError when there is none."""
    env = os.environ if environ is None else environ
    given = env.get("DBUS_SESSION_BUS_ADDRESS", "")
    if given:
        return given
    runtime = env.get("XDG_RUNTIME_DIR", "")
    if runtime and os.path.exists(os.path.join(runtime, "bus")):
        return "unix:path=" + os.path.join(runtime, "bus")
    raise BusError("no session bus (DBUS_SESSION_BUS_ADDRESS is not set)")


def notify_arguments(note: Notification) -> tuple[object, ...]:
    """``Notify``'s arguments, in the order of its signature ``susssasa{sv}i``."""
    hints = {"desktop-entry": ("s", note.desktop_entry)} if note.desktop_entry else {}
    return (note.app_name, 0, note.icon, note.summary, note.body, [], hints,
            note.timeout_ms)


def notify(note: Notification, address: str | None = None,
           timeout: float = TIMEOUT_S) -> None:
    """Show ``note`` through the desktop's notification service (its reply, the
    notification's id, is not needed). Raises BusError (no bus, no service) or OSError."""
    message = new_method_call(NOTIFICATIONS, "Notify", "susssasa{sv}i",
                              notify_arguments(note))
    try:
        with open_dbus_connection(address or bus_address(), auth_timeout=timeout) as bus:
            unwrap_msg(bus.send_and_get_reply(message, timeout=timeout))
    except DBusErrorResponse as exc:
        raise BusError(f"{exc.name}: {' '.join(map(str, exc.data))}") from exc
    except (TimeoutError, ValueError, KeyError) as exc:
        raise BusError(f"the session bus did not answer: {exc}") from exc
