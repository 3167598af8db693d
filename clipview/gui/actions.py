"""What a right-click on a result offers, and the desktop actions behind it."""

from __future__ import annotations

import os

from PySide6.QtCore import QT_TRANSLATE_NOOP, QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication, QImage
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from clipview.gui.translation import translate


def add_folder_start(last_added: str | None = None) -> str:
    """Where "Add folder…" opens: beside the folder added last (its parent), else the
    desktop's Pictures folder, else the home folder; never the working folder."""
    beside = (os.path.dirname(last_added.rstrip(os.sep)) or "/") if last_added else None
    if beside is not None and os.path.isdir(beside):
        return beside
    pictures = QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.PicturesLocation)
    return pictures if pictures and os.path.isdir(pictures) else os.path.expanduser("~")


def confirm_trash(parent: QWidget, what: str,
                  default: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton,
                  warning: str = "") -> bool:
    """The one question before files go to the desktop's trash: "Move ``what`` to the
    trash?" (``what``: a file's name, "3 photos", "2 files"), ``warning`` after it."""
    question = translate("Trash", "Move {what} to the trash?").format(what=what)
    warned = f"\n\n{warning}" if warning else ""
    answer = QMessageBox.question(
        parent, translate("Trash", "Move to trash"), question + warned + "\n\n" + translate(
            "Trash", "The files go to your desktop's trash (restore them from there); they "
            "leave the library."),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, default)
    return answer == QMessageBox.StandardButton.Yes


def open_file(path: str) -> bool:
    """Open with the desktop's default application."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(path))


def show_in_folder(path: str) -> bool:
    return QDesktopServices.openUrl(QUrl.fromLocalFile(os.path.dirname(path)))


def copy_paths(paths: list[str]) -> None:
    # plain text and image only: a QMimeData handed to the clipboard from Python is freed
    # twice at exit by PySide6 (seen with 6.12), which crashes the app on quit
    QGuiApplication.clipboard().setText("\n".join(paths))


def copy_image(image: QImage, path: str) -> None:
    QGuiApplication.clipboard().setImage(image)


MENU_ENTRIES = (   # translated when the menu is made
    ("similar", QT_TRANSLATE_NOOP("ResultMenu", "Find similar")),
    ("more", QT_TRANSLATE_NOOP("ResultMenu", "More like this")),
    ("less", QT_TRANSLATE_NOOP("ResultMenu", "Less like this")),
    (None, None),
    ("view", QT_TRANSLATE_NOOP("ResultMenu", "View")),
    ("open", QT_TRANSLATE_NOOP("ResultMenu", "Open in default application")),
    ("reveal", QT_TRANSLATE_NOOP("ResultMenu", "Show in folder")),
    (None, None),
    ("copy_path", QT_TRANSLATE_NOOP("ResultMenu", "Copy path")),
    ("copy_image", QT_TRANSLATE_NOOP("ResultMenu", "Copy image")),
    (None, None),
    ("trash", QT_TRANSLATE_NOOP("ResultMenu", "Move to trash…")),
)


def result_menu(parent: QWidget, has_query: bool) -> QMenu:
    """The context menu; each action's data() names what it does."""
    menu = QMenu(parent)
    for name, label in MENU_ENTRIES:
        if name is None or label is None:
            menu.addSeparator()
            continue
        action = menu.addAction(translate("ResultMenu", str(label)))
        action.setData(name)
        if name in ("more", "less"):
            action.setEnabled(has_query)
    return menu
