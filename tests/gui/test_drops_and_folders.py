"""Drops are taken as a copy (or a link), never as a move: a file manager told "moved"
deletes the source. "Add folder…" opens in the Pictures folder, then beside the last one."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent

from clipview.gui import sidebar
from tests.gui.test_app import Window
from tests.helpers.synthetic_bundle import colour_photo

Action = Qt.DropAction


def drag(target, paths: list[Path], offered: Action, proposed: Action  # type: ignore[no-untyped-def]
         ) -> list[tuple[bool, Action]]:
    """Enter, move and drop on ``target`` as a file manager offering ``offered`` would
    (proposing ``proposed``); (accepted, the action it accepted) for each of the three."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    events = [QDragEnterEvent(QPoint(10, 10), offered, mime, buttons, keys),
              QDragMoveEvent(QPoint(12, 12), offered, mime, buttons, keys),
              QDropEvent(QPointF(12, 12), offered, mime, buttons, keys)]
    handlers = [target.dragEnterEvent, target.dragMoveEvent, target.dropEvent]
    seen = []
    for event, handler in zip(events, handlers, strict=True):
        event.setDropAction(proposed)
        event.ignore()
        handler(event)
        seen.append((event.isAccepted(), event.dropAction()))
    return seen


def test_a_dropped_folder_is_a_copy_not_a_move(qtbot, app_window: Window, tmp_path: Path  # type: ignore[no-untyped-def]
                                               ) -> None:
    window, _ = app_window
    folder = tmp_path / "holiday"
    folder.mkdir()
    dropped: list[list[str]] = []
    window.foldersDropped.connect(dropped.append)
    copy_or_move = Action.MoveAction | Action.CopyAction
    assert drag(window, [folder], copy_or_move, Action.MoveAction) == \
        [(True, Action.CopyAction)] * 3
    assert dropped == [[str(folder)]]
    link_or_move = Action.MoveAction | Action.LinkAction
    assert drag(window, [folder], link_or_move, Action.MoveAction) == \
        [(True, Action.LinkAction)] * 3
    assert [accepted for accepted, _ in drag(window, [folder], Action.MoveAction,
                                             Action.MoveAction)] == [False] * 3
    assert len(dropped) == 2   # a drag that can only move is refused


def test_a_photo_dropped_on_the_window_or_the_field_is_a_copy(qtbot, app_window: Window,  # type: ignore[no-untyped-def]
                                                              tmp_path: Path) -> None:
    window, _ = app_window
    photo = colour_photo(tmp_path / "p.png", "red")
    copy_or_move = Action.MoveAction | Action.CopyAction
    for target in (window, window.search):
        assert drag(target, [photo], copy_or_move, Action.MoveAction) == \
            [(True, Action.CopyAction)] * 3


def test_add_folder_opens_in_pictures_then_beside_the_last_one(qtbot, app_window: Window,  # type: ignore[no-untyped-def]
                                                               tmp_path: Path,
                                                               monkeypatch) -> None:
    window, _ = app_window
    home = tmp_path / "user"
    (home / "Pictures" / "2021").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))   # no user-dirs.dirs
    monkeypatch.chdir(tmp_path)
    asked: list[str] = []

    def choose(parent, caption: str, folder: str) -> str:  # type: ignore[no-untyped-def]
        asked.append(folder)
        return str(home / "Pictures" / "2021")

    monkeypatch.setattr(sidebar.QFileDialog, "getExistingDirectory", choose)
    window.add_folder_action.trigger()
    window.add_folder_action.trigger()
    assert asked == [str(home / "Pictures"), str(home / "Pictures")]   # beside 2021
    (home / "Pictures" / "2021").rmdir()
    (home / "Pictures").rmdir()
    window.sidebar.last_added = None
    window.add_folder_action.trigger()
    assert asked[-1] == str(home)   # no Pictures folder: home, not the working folder

