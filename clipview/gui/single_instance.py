"""One app per library: a second launch hands its paths to the window already running.

As qutebrowser's ipc.py does: each library home has a local socket (QLocalServer) whose name
carries a hash of the home's real path (another ``--home``: another app), in the user's
private runtime folder (``$XDG_RUNTIME_DIR``, or the 0700 folder Qt makes in its place), the
socket itself private (UserAccessOption). A launch first connects; when an app answers, it
writes one line of JSON (``{"protocol": 1, "paths": [...], "query": ..., "activation_token":
...}``: absolute paths, made so with this process's working folder) and exits. When nobody
answers (no socket, or a stale one left by an app that was killed), it removes the stale
socket and becomes the server. A lock file beside the socket makes "connect, else listen"
one step, so two launches at once do not both listen (with UserAccessOption a second
``listen`` would take over the name silently).

The client half (``claim``) needs no QApplication and runs before the GUI is imported, so a
second launch is quick; ``HandoverServer.listen`` runs once the QApplication exists.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket

logger = logging.getLogger(__name__)
PROTOCOL = 1
CONNECT_MS = 1000     # connecting, and waiting for the other end to close
WRITE_MS = 1000
READ_MS = 5000        # a connection that sends no whole line in time is dropped
LOCK_MS = 5000        # another launch deciding at the same time
MAX_MESSAGE = 1 << 20


class HandoverError(Exception):
    """The message is not one this app reads."""


@dataclass(frozen=True)
class Handover:
    """What a second launch asks the running app: as if given to it at launch."""

    paths: tuple[str, ...] = ()
    query: str | None = None
    activation_token: str = ""   # Wayland's XDG activation token of the second launch


def socket_name(home: Path) -> str:
    """The server's name for the library at ``home``: a path in the user's runtime folder
    (a pipe name on Windows), the same for every spelling of the home."""
    digest = hashlib.sha256(os.fsencode(os.path.realpath(home))).hexdigest()[:16]
    if os.name == "nt":
        return f"clipview-{getpass.getuser()}-{digest}"
    runtime = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.RuntimeLocation)
    return os.path.join(shared_runtime(runtime), f"clipview-{digest}")


def shared_runtime(runtime: str) -> str:
    """The runtime folder every instance of the app sees: inside a Flatpak each sandbox gets
    a runtime folder of its own, and ``$XDG_RUNTIME_DIR/app/$FLATPAK_ID`` is the one its
    instances share (Flatpak's sandbox documentation)."""
    app_id = os.environ.get("FLATPAK_ID", "")
    shared = os.path.join(runtime, "app", app_id)
    if app_id and os.sep not in app_id and os.path.isdir(shared):
        return shared
    return runtime


def encode(handover: Handover) -> bytes:
    """One line of JSON (paths made absolute with this process's working folder)."""
    paths = [p if p.startswith("file://") else os.path.abspath(p) for p in handover.paths]
    message = {"protocol": PROTOCOL, "paths": paths, "query": handover.query,
               "activation_token": handover.activation_token}
    return json.dumps(message).encode("utf-8") + b"\n"


def decode(line: bytes) -> Handover:
    """The handover in ``line``; HandoverError when it is not this protocol's."""
    try:
        message = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise HandoverError(f"not JSON: {exc}") from None
    if not isinstance(message, dict) or message.get("protocol") != PROTOCOL:
        raise HandoverError(f"not protocol {PROTOCOL}: {str(message)[:200]}")
    paths, query = message.get("paths"), message.get("query")
    token = message.get("activation_token") or ""
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths) or \
            not isinstance(query, str | None) or not isinstance(token, str):
        raise HandoverError(f"malformed: {str(message)[:200]}")
    return Handover(tuple(paths), query, token)


def send(name: str, data: bytes) -> bool:
    """Write ``data`` to the app listening at ``name``; False when none listens (no socket,
    or a stale one). Raises HandoverError when one listens but cannot be written to."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(CONNECT_MS):
        gone = (QLocalSocket.LocalSocketError.ServerNotFoundError,
                QLocalSocket.LocalSocketError.ConnectionRefusedError)
        if socket.error() in gone:
            return False
        raise HandoverError(f"connecting to {name}: {socket.errorString()}")
    socket.write(data)
    while socket.bytesToWrite() and socket.waitForBytesWritten(WRITE_MS):
        pass
    if socket.bytesToWrite():
        raise HandoverError(f"writing to {name}: {socket.errorString()}")
    socket.disconnectFromServer()
    if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
        socket.waitForDisconnected(CONNECT_MS)
    return True


@dataclass
class Claim:
    """The outcome of ``claim``: handed over (exit), or this app serves ``name`` (held
    ``lock`` until it listens)."""

    name: str
    handed_over: bool = False
    lock: QLockFile | None = field(default=None, repr=False)


def claim(home: Path, handover: Handover) -> Claim:
    """Hand ``handover`` to the app already running on ``home``, or become that app."""
    name = socket_name(home)
    lock = QLockFile(name + ".lock")
    if not lock.tryLock(LOCK_MS):   # a launch stuck deciding: decide without it
        logger.warning("%s.lock is held (%s): starting without waiting", name, lock.error())
    try:
        if send(name, encode(handover)):
            logger.info("handed over to the app running on %s: %s", home, list(handover.paths))
            lock.unlock()
            return Claim(name, handed_over=True)
    except HandoverError as exc:   # an app that cannot be reached: start one as before
        logger.warning("the app running on %s cannot be reached (%s): starting another",
                       home, exc)
        lock.unlock()
        return Claim(name)
    return Claim(name, lock=lock)


class HandoverServer(QObject):
    """Listens for later launches (GUI thread); ``received`` gives each one's Handover."""

    received = Signal(object)   # Handover

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connected)

    def listen(self, lock: QLockFile | None = None) -> bool:
        """Take the name (a stale socket is removed first), then release ``lock``."""
        try:
            QLocalServer.removeServer(self.name)   # nobody answered on it: stale, or none
            listening = self.server.listen(self.name)
        finally:
            if lock is not None:
                lock.unlock()
        if listening:
            logger.info("listening for other launches at %s", self.server.fullServerName())
        else:
            logger.warning("cannot listen for other launches at %s: %s", self.name,
                           self.server.errorString())
        return listening

    def close(self) -> None:
        """Stop listening; the socket file goes."""
        self.server.close()

    @Slot()
    def _connected(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            if socket is not None:
                _Reader(socket, self)


class _Reader(QObject):
    """One connection: reads its line, hands it on, closes."""

    def __init__(self, socket: QLocalSocket, server: HandoverServer) -> None:
        super().__init__(server)
        self.socket: QLocalSocket | None = socket
        self.server, self.data = server, b""
        socket.setParent(self)
        socket.readyRead.connect(self._read)
        socket.disconnected.connect(self._read)
        QTimer.singleShot(READ_MS, self, self._timed_out)
        self._read()   # what came before the connections above

    @Slot()
    def _read(self) -> None:
        if self.socket is None:
            return
        self.data += bytes(self.socket.readAll().data())
        line, newline, _rest = self.data.partition(b"\n")
        if newline:
            self._done(line)
        elif len(self.data) > MAX_MESSAGE:
            logger.warning("another launch sent more than %d bytes: dropped", MAX_MESSAGE)
            self._close()
        elif self.socket.state() == QLocalSocket.LocalSocketState.UnconnectedState:
            self._close()   # closed without a whole line

    def _done(self, line: bytes) -> None:
        self._close()
        try:
            handover = decode(line)
        except HandoverError as exc:
            logger.warning("another launch sent what this app does not read: %s", exc)
            return
        logger.info("another launch handed over %s", list(handover.paths))
        self.server.received.emit(handover)

    @Slot()
    def _timed_out(self) -> None:
        if self.socket is not None:
            logger.warning("another launch sent no whole message in %d ms", READ_MS)
            self._close()

    def _close(self) -> None:
        socket, self.socket = self.socket, None
        if socket is not None:
            socket.readyRead.disconnect(self._read)
            socket.disconnected.disconnect(self._read)
            socket.abort()
        self.deleteLater()
