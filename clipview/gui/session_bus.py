"""One method call on the desktop session's D-Bus, for the freedesktop notification service.

No Qt here, and no dependency: PySide6's QtDBus cannot marshal a D-Bus ``uint32`` (a Python
int becomes ``int32``, ``int64`` or, through ``QDBusArgument``, ``uint16``), and
``org.freedesktop.Notifications.Notify`` takes one (``replaces_id``); notification servers
built on GDBus (GNOME Shell, dunst, …) refuse the call when its signature is not exactly
``susssasa{sv}i``. So the one call is made here with the D-Bus wire protocol itself: connect
to ``$DBUS_SESSION_BUS_ADDRESS`` (a ``unix:path=`` or ``unix:abstract=`` address; without it
``$XDG_RUNTIME_DIR/bus``, as libdbus and sd-bus do), authenticate as this user (EXTERNAL),
say ``Hello``, call, wait for the reply. Blocking, with a timeout: call it off the GUI thread.
"""

from __future__ import annotations

import os
import socket
import struct
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

TIMEOUT_S = 5.0
_CALL, _RETURN, _ERROR = 1, 2, 3
_BUS = ("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus")
# header fields: their code and the D-Bus type of their value
_PATH, _INTERFACE, _MEMBER, _ERROR_NAME, _REPLY_SERIAL, _DESTINATION = 1, 2, 3, 4, 5, 6
_SIGNATURE = 8
_FIELD_TYPES = {_PATH: "o", _INTERFACE: "s", _MEMBER: "s", _DESTINATION: "s", _SIGNATURE: "g"}


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


class _Writer:
    """D-Bus marshalling (little endian) of the few types a notification needs; offsets
    count from the start of what it writes, which starts 8-aligned in the message."""

    def __init__(self) -> None:
        self.data = bytearray()

    def pad(self, alignment: int) -> None:
        self.data += b"\0" * (-len(self.data) % alignment)

    def byte(self, value: int) -> None:
        self.data.append(value)

    def uint32(self, value: int, form: str = "<I") -> None:
        self.pad(4)
        self.data += struct.pack(form, value)

    def int32(self, value: int) -> None:
        self.uint32(value, "<i")

    def string(self, text: str) -> None:   # also an object path
        encoded = text.encode("utf-8")
        self.uint32(len(encoded))
        self.data += encoded + b"\0"

    def signature(self, text: str) -> None:
        encoded = text.encode("ascii")
        self.byte(len(encoded))
        self.data += encoded + b"\0"

    def array(self, alignment: int, items: Callable[[], None]) -> None:
        """An array: its byte length, padding to its items' alignment, the items."""
        self.uint32(0)
        at = len(self.data) - 4
        self.pad(alignment)
        start = len(self.data)
        items()
        struct.pack_into("<I", self.data, at, len(self.data) - start)

    def variant(self, kind: str, value: str | int) -> None:
        self.signature(kind)
        if kind == "u":
            self.uint32(int(value))
        elif kind == "g":
            self.signature(str(value))
        else:
            self.string(str(value))


def _message(serial: int, target: tuple[str, str, str], member: str,
             signature: str = "", body: bytes = b"") -> bytes:
    """A method call to ``target`` (destination, object path, interface)."""
    destination, path, interface = target
    fields: list[tuple[int, str]] = [(_PATH, path), (_INTERFACE, interface),
                                     (_MEMBER, member), (_DESTINATION, destination)]
    if signature:
        fields.append((_SIGNATURE, signature))
    header = _Writer()
    header.data += struct.pack("<BBBBII", ord("l"), _CALL, 0, 1, len(body), serial)

    def write_fields() -> None:
        for code, value in fields:
            header.pad(8)
            header.byte(code)
            header.variant(_FIELD_TYPES[code], value)

    header.array(8, write_fields)
    header.pad(8)
    return bytes(header.data) + body


def notify_body(note: Notification) -> bytes:
    """Notify's arguments: app_name, replaces_id, app_icon, summary, body, actions, hints,
    expire_timeout (``susssasa{sv}i``)."""
    body = _Writer()
    body.string(note.app_name)
    body.uint32(0)   # replaces no earlier notification
    for text in (note.icon, note.summary, note.body):
        body.string(text)
    body.array(4, lambda: None)   # no actions

    def hints() -> None:
        if note.desktop_entry:
            body.pad(8)
            body.string("desktop-entry")
            body.variant("s", note.desktop_entry)

    body.array(8, hints)
    body.int32(note.timeout_ms)
    return bytes(body.data)


def bus_address(environ: dict[str, str] | None = None) -> str | bytes:
    """The session bus's socket address (a path, or bytes for an abstract socket); BusError
    when there is none this process can use."""
    env = os.environ if environ is None else environ
    given = env.get("DBUS_SESSION_BUS_ADDRESS", "")
    if not given:
        runtime = env.get("XDG_RUNTIME_DIR", "")
        if runtime and os.path.exists(os.path.join(runtime, "bus")):
            return os.path.join(runtime, "bus")
        raise BusError("no session bus (DBUS_SESSION_BUS_ADDRESS is not set)")
    for address in given.split(";"):
        transport, _, options = address.partition(":")
        keys = dict(part.partition("=")[::2] for part in options.split(",") if part)
        if transport == "unix" and "path" in keys:
            return unquote(keys["path"])
        if transport == "unix" and "abstract" in keys:
            return b"\0" + unquote(keys["abstract"]).encode()
    raise BusError(f"no session bus address this process can use ({given})")


class _Connection:
    """An authenticated connection to the bus (EXTERNAL: the kernel says who we are)."""

    def __init__(self, address: str | bytes, timeout: float) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.buffer = b""
        try:
            self.sock.connect(address)
            uid = str(os.getuid()).encode().hex().encode()
            self.sock.sendall(b"\0AUTH EXTERNAL " + uid + b"\r\n")
            answer = self._line()
            if not answer.startswith(b"OK "):
                raise BusError(f"the session bus refused us: {answer.decode(errors='replace')}")
            self.sock.sendall(b"BEGIN\r\n")
        except BaseException:
            self.sock.close()
            raise

    def _read(self, size: int) -> bytes:
        while len(self.buffer) < size:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise BusError("the session bus closed the connection")
            self.buffer += chunk
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data

    def _line(self) -> bytes:
        while b"\r\n" not in self.buffer:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise BusError("the session bus closed the connection")
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\r\n")
        return line

    def reply(self, serial: int) -> bytes:
        """The body of the reply to call ``serial`` (BusError for an error reply); the
        other messages the bus sends meanwhile (NameAcquired) are skipped."""
        while True:
            fixed = self._read(16)
            order = "<" if fixed[:1] == b"l" else ">"
            kind = fixed[1]
            body_length, _serial, fields_length = struct.unpack(order + "III", fixed[4:16])
            fields = _fields(self._read(fields_length), order)
            self._read(-(16 + fields_length) % 8)
            body = self._read(body_length)
            if kind in (_RETURN, _ERROR) and fields.get(_REPLY_SERIAL) == serial:
                if kind == _ERROR:
                    why = _first_string(body, order)
                    raise BusError(f"{fields.get(_ERROR_NAME, 'error')}: {why}")
                return body

    def close(self) -> None:
        self.sock.close()


def _fields(data: bytes, order: str) -> dict[int, str | int]:
    """A reply's header fields (offsets count from 16, where the fields start)."""
    fields: dict[int, str | int] = {}
    at = 0
    while at < len(data):
        at += -(16 + at) % 8
        code, length = data[at], data[at + 1]
        kind = data[at + 2:at + 2 + length].decode("ascii")
        at += 3 + length
        if kind in ("u", "s", "o"):
            at += -(16 + at) % 4
            (value,) = struct.unpack_from(order + "I", data, at)
            at += 4
            if kind != "u":
                fields[code] = data[at:at + value].decode("utf-8", "replace")
                at += value + 1
                continue
            fields[code] = value
        elif kind == "g":
            fields[code] = data[at + 1:at + 1 + data[at]].decode("ascii")
            at += data[at] + 2
        else:
            break   # no other type is used in header fields
    return fields


def _first_string(body: bytes, order: str) -> str:
    if len(body) < 4:
        return ""
    (length,) = struct.unpack_from(order + "I", body, 0)
    return body[4:4 + length].decode("utf-8", "replace")


def call(target: tuple[str, str, str], member: str, signature: str, body: bytes,
         address: str | bytes | None = None, timeout: float = TIMEOUT_S) -> bytes:
    """Call ``member`` of ``target`` (destination, object path, interface) with ``body``
    marshalled as ``signature``; the reply's body. Raises BusError or OSError."""
    connection = _Connection(bus_address() if address is None else address, timeout)
    try:
        connection.sock.sendall(_message(1, _BUS, "Hello"))
        connection.reply(1)
        connection.sock.sendall(_message(2, target, member, signature, body))
        return connection.reply(2)
    finally:
        connection.close()


def notify(note: Notification, address: str | bytes | None = None,
           timeout: float = TIMEOUT_S) -> None:
    """Show ``note`` through the desktop's notification service (its reply, the
    notification's id, is not needed). Raises BusError (no bus, no service) or OSError."""
    target = ("org.freedesktop.Notifications", "/org/freedesktop/Notifications",
              "org.freedesktop.Notifications")
    call(target, "Notify", "susssasa{sv}i", notify_body(note), address, timeout)
