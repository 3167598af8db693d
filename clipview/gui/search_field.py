"""The search field: debounced search-as-you-type, Enter, history, images dropped or pasted."""

from __future__ import annotations

import os

from PySide6.QtCore import QMimeData, QStringListModel, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QKeySequence,
)
from PySide6.QtWidgets import QCompleter, QLineEdit, QToolButton

from clipview.core.media.scanner import IMAGE_SUFFIXES, RAW_SUFFIXES
from clipview.gui.accessible import name
from clipview.gui.errors import report_error, reported
from clipview.gui.pasted import PastedImages
from clipview.gui.translation import translate

SEARCHABLE_IMAGES = IMAGE_SUFFIXES | RAW_SUFFIXES
GNOME_COPIED_FILES = "x-special/gnome-copied-files"
MAX_NAMED = 50   # lines of a pasted text looked at for a photo's path
MAX_REFERENCES = 8   # photos of one paste searched by together
ENCODED_IMAGES = ("image/png", "image/jpeg", "image/webp", "image/bmp", "image/tiff",
                  "image/gif")   # the clipboard's bytes, decoded off the GUI thread
DEBOUNCE_MS = 250
SETTLE_MS = 1500   # a search looked at this long without typing counts as run (history)


def image_path_in(mime: QMimeData) -> str | None:
    """The first local photo file a drag or the clipboard names: its file URLs
    (text/uri-list), the files GNOME's file manager copied, or an absolute path (or file
    URL) as plain text. Photos and RAWs; a video is found by its frames, not dropped."""
    for path in _named_paths(mime):
        if _is_photo(path):
            return path
    return None


def image_paths_in(mime: QMimeData) -> list[str]:
    """Every local photo file the clipboard names (as ``image_path_in``), each once, at
    most MAX_REFERENCES: a paste of several searches by all of them."""
    paths = [p for p in dict.fromkeys(_named_paths(mime)) if _is_photo(p)]
    return paths[:MAX_REFERENCES]


def _is_photo(path: str) -> bool:
    suffix = os.path.splitext(path)[1].lower()
    return bool(path) and suffix in SEARCHABLE_IMAGES and os.path.isfile(path)


def named_folders(mime: QMimeData) -> list[str]:
    """The local folders the clipboard names as file URLs (a URL list, GNOME's copied files,
    ``file://…`` text): they are added like dropped folders. A bare path as text is not
    taken as a folder to index."""
    paths = _named_paths(mime, bare_paths=False)
    return [p for p in dict.fromkeys(paths) if p and os.path.isdir(p)]


def missing_file_in(mime: QMimeData) -> str | None:
    """What to say when the clipboard names a file URL that is no photo to search by (gone,
    or not a photo); None when it names none (its text pastes as text)."""
    for path in _named_paths(mime, bare_paths=False):
        if not path:
            continue
        if not os.path.exists(path):
            return translate("SearchField", "No such file: {path}").format(path=path)
        if not os.path.isdir(path):
            return translate("SearchField", "Not a photo to search by: {path}").format(
                path=path)
    return None


def _named_paths(mime: QMimeData, bare_paths: bool = True) -> list[str]:
    paths = [url.toLocalFile() for url in mime.urls()]
    if mime.hasFormat(GNOME_COPIED_FILES):   # "copy" or "cut", then one URL a line
        lines = bytes(mime.data(GNOME_COPIED_FILES).data()).decode("utf-8", "replace")
        paths += [_local_path(line) for line in lines.splitlines()[1:MAX_NAMED + 1]]
    if mime.hasText():
        paths += [_local_path(line) for line in mime.text().splitlines()[:MAX_NAMED]
                  if bare_paths or line.strip().startswith("file:")]
    return paths


def _local_path(text: str) -> str:
    """A local path from ``file://…`` or an absolute (or ``~``) path; "" for anything else."""
    text = text.strip()
    if text.startswith("file:"):
        return QUrl(text).toLocalFile()
    path = os.path.expanduser(text)
    return path if os.path.isabs(path) and len(path) < 4096 else ""


class SearchField(QLineEdit):
    """Emits ``search`` with the text: 250 ms after typing stops, or at once on Enter; an
    empty text (cleared) means "no text". ``committed`` says a search was really run (Enter,
    or its results looked at for 1.5 s without typing): only those go to the history."""

    search = Signal(str)
    committed = Signal(str)
    imageDropped = Signal(str)   # a photo dropped or pasted: a reference chip, not text
    imagesPasted = Signal(list)  # several photos pasted at once: a chip each, searched by all
    foldersPasted = Signal(list)  # folders pasted as file URLs: added like dropped ones
    pasteNote = Signal(str)      # "Reading the pasted image…" while it is decoded and saved
    pasteRefused = Signal(str)   # a plain line: too large, no such file, not a photo

    def __init__(self) -> None:
        super().__init__()
        self.setPlaceholderText(self.tr("Search photos: 'dog on a beach', 'sunset - people', "
                                        "or drop or paste a photo here"))
        name(self, self.tr("Search photos"), self.tr(
            "Describe what the photos show, or drop or paste a photo to search by it; "
            "Enter searches at once, Escape clears"))
        self.setClearButtonEnabled(True)
        self._name_clear_button()
        self.setAcceptDrops(True)
        self._drag_wanted = False   # the drag now over the field holds a photo
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._emit)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(lambda: self._commit(self.text().strip()))
        self.textEdited.connect(self._edited)
        self.returnPressed.connect(self._enter)
        self._history = QStringListModel(self)
        completer = QCompleter(self._history, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self._pasted = PastedImages(self)
        self._pasted.saved.connect(self._pasted_saved)     # queued: saved off the GUI thread
        self._pasted.failed.connect(self._pasted_failed)
        self._pasted.refused.connect(self.pasteRefused)

    def _name_clear_button(self) -> None:
        """Qt's clear button is an icon: a screen reader is told what it does."""
        for button in self.findChildren(QToolButton):
            name(button, self.tr("Clear the search"))

    def _edited(self, text: str) -> None:
        self._settle.stop()
        if not text.strip():
            self._emit()   # cleared: back to browsing at once
        else:
            self._timer.start()

    def _emit(self) -> None:
        self._timer.stop()
        self.search.emit(self.text().strip())
        if self.text().strip():
            self._settle.start()

    def _enter(self) -> None:
        self._emit()
        self._settle.stop()
        self._commit(self.text().strip())

    def _commit(self, text: str) -> None:
        if text:
            self.committed.emit(text)

    def run(self, text: str) -> None:
        """Show ``text`` and search for it now (history, --query): a run search."""
        self.setText(text)
        self._enter()

    # -- history ------------------------------------------------------------------------
    def history(self) -> list[str]:
        return self._history.stringList()

    def set_history(self, items: list[str]) -> None:
        self._history.setStringList(items[:50])

    def remember(self, text: str) -> None:
        items = [text] + [h for h in self._history.stringList() if h != text]
        self._history.setStringList(items[:50])

    # -- images dropped or pasted -------------------------------------------------------
    # what a drag holds is looked at once, when it enters (a move must not stat every URL)
    @reported("drop")
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._drag_wanted = image_path_in(event.mimeData()) is not None
        if self._drag_wanted:
            accept_as_copy(event)
        else:
            event.ignore()  # folders go on to the window

    @reported("drop")
    def dragMoveEvent(self, event: QDragEnterEvent) -> None:  # type: ignore[override]
        if self._drag_wanted:
            accept_as_copy(event)
        else:
            event.ignore()

    @reported("drop")
    def dropEvent(self, event: QDropEvent) -> None:
        path = image_path_in(event.mimeData())
        if path is None:
            event.ignore()
            return
        if accept_as_copy(event):
            self.imageDropped.emit(path)

    @reported("paste")
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Paste) and self.paste_image():
            event.accept()
            return
        super().keyPressEvent(event)

    @reported("paste")
    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """The field's own menu: its Paste searches by a photo on the clipboard too."""
        menu = self.createStandardContextMenu()
        paste = next((a for a in menu.actions() if a.objectName() == "edit-paste"), None)
        if paste is not None and clipboard_has_photo():
            paste.setEnabled(True)
            paste.triggered.disconnect()
            paste.triggered.connect(self._menu_paste)
        menu.exec(event.globalPos())
        menu.deleteLater()

    @reported("paste")
    def _menu_paste(self, _checked: bool = False) -> None:
        if not self.paste_image():
            self.paste()

    def paste_image(self) -> bool:
        """Search by the photo on the clipboard: a file copied in a file manager (a URL, a
        GNOME copied file, a path as text) or image data (decoded, scaled down and saved to
        a private file off the GUI thread first); several files: by all of them together.
        Folders as URLs are added like dropped
        ones; a file URL that is no photo is said. False when the clipboard holds none of
        these (text pastes as text)."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is None:
            return False
        paths = image_paths_in(mime)
        folders = named_folders(mime) if not paths else []
        problem = missing_file_in(mime) if not paths and not folders else None
        if len(paths) > 1:
            self.imagesPasted.emit(paths)
        elif paths:
            self.imageDropped.emit(paths[0])
        elif folders:
            self.foldersPasted.emit(folders)
        elif problem is not None:
            self.pasteRefused.emit(problem)
        elif has_picture(mime):
            self.pasteNote.emit(self.tr("Reading the pasted image…"))
            self._pasted.save(*clipboard_picture(mime))
        else:
            return False
        return True

    def _pasted_saved(self, path: str) -> None:
        self.imageDropped.emit(path)

    def _pasted_failed(self, message: str) -> None:
        report_error(self, message)


def clipboard_picture(mime: QMimeData) -> tuple[QImage | None, bytes | None]:
    """The clipboard's picture as its encoded bytes (PNG, JPEG…: decoded off the GUI thread),
    else as the image Qt holds (one this app copied)."""
    for kind in ENCODED_IMAGES:
        if mime.hasFormat(kind):
            data = bytes(mime.data(kind).data())
            if data:
                return None, data
    return QGuiApplication.clipboard().image(), None


def has_picture(mime: QMimeData) -> bool:
    """Image data: Qt's own, or encoded bytes another app offers (image/png…)."""
    return mime.hasImage() or any(mime.hasFormat(kind) for kind in ENCODED_IMAGES)


def clipboard_has_photo() -> bool:
    mime = QGuiApplication.clipboard().mimeData()
    return mime is not None and (has_picture(mime) or image_path_in(mime) is not None)


def accept_as_copy(event: QDragEnterEvent | QDropEvent) -> bool:
    """Accept a drag as a copy (or a link), never as a move: a file manager told "moved"
    deletes the source. A drag that offers neither is refused (False)."""
    for action in (Qt.DropAction.CopyAction, Qt.DropAction.LinkAction):
        if event.possibleActions() & action:
            event.setDropAction(action)
            event.accept()
            return True
    event.ignore()
    return False
