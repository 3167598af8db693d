"""A stand-in for the desktop's notification service on a private session bus: it owns
org.freedesktop.Notifications and appends each Notify call to a file, one JSON line each
(its D-Bus signature and its plain arguments). Prints "ready" once it owns the name.

    DBUS_SESSION_BUS_ADDRESS=... python -m tests.helpers.fake_notifications RECORD
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusVirtualObject

PATH = "/org/freedesktop/Notifications"
NAME = "org.freedesktop.Notifications"
FIELDS = ("app_name", "replaces_id", "icon", "summary", "body")


class Notifications(QDBusVirtualObject):
    def __init__(self, record: str) -> None:
        super().__init__()
        self.record = record

    def introspect(self, path: str) -> str:
        return ""

    def handleMessage(self, message: QDBusMessage, connection: QDBusConnection) -> bool:
        if message.member() != "Notify":
            return False
        arguments = message.arguments()
        call = {"signature": message.signature(),
                **{name: arguments[n] for n, name in enumerate(FIELDS) if n < len(arguments)},
                "timeout": arguments[-1] if arguments else None}
        with open(self.record, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(call) + "\n")
        connection.send(message.createReply())   # the id does not matter here
        return True


def main() -> int:
    app = QCoreApplication(sys.argv[:1])
    bus = QDBusConnection.sessionBus()
    service = Notifications(sys.argv[1])
    if not (bus.registerVirtualObject(PATH, service) and bus.registerService(NAME)):
        print(f"cannot own {NAME}: {bus.lastError().message()}", flush=True)
        return 1
    print("ready", flush=True)
    return int(app.exec())


if __name__ == "__main__":
    sys.exit(main())
