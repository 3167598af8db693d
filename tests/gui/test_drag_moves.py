"""A drag over the window or the search field is looked at once, when it enters: its moves
(one per mouse move) reuse that answer instead of stat-ing every URL again."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent

from clipview.gui import main_window, search_field
from clipview.gui.main_window import MainWindow
from clipview.gui.thumbnails import ThumbnailLoader


def drag_over(target, mime: QMimeData, moves: int) -> list[bool]:  # type: ignore[no-untyped-def]
    """Enter ``target`` with ``mime``, then move over it; whether each event was accepted."""
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    target.dragEnterEvent(enter)
    accepted = [enter.isAccepted()]
    for n in range(moves):
        move = QDragMoveEvent(QPoint(10 + n, 10), Qt.DropAction.CopyAction, mime,
                              Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        target.dragMoveEvent(move)
        accepted.append(move.isAccepted() and move.dropAction() == Qt.DropAction.CopyAction)
    return accepted


def test_drag_moves_do_not_look_at_the_files_again(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    window = MainWindow(ThumbnailLoader(tmp_path / "thumbs"))
    qtbot.addWidget(window)
    looked: list[str] = []
    real_isdir = main_window.os.path.isdir
    monkeypatch.setattr(main_window.os.path, "isdir",
                        lambda path: looked.append(str(path)) or real_isdir(path))
    folder = tmp_path / "photos"
    folder.mkdir()
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(folder))])
    assert drag_over(window, mime, moves=20) == [True] * 21
    assert looked.count(str(folder)) == 1   # at the enter only
    nothing = QMimeData()
    nothing.setText("just words")
    assert drag_over(window, nothing, moves=3) == [False] * 4   # refused at enter and after


def test_drag_moves_over_the_field_reuse_the_enter(qtbot, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    field = search_field.SearchField()
    qtbot.addWidget(field)
    photo = tmp_path / "a.jpg"
    photo.write_bytes(b"not looked into")
    calls: list[int] = []
    real = search_field.image_path_in
    monkeypatch.setattr(search_field, "image_path_in",
                        lambda mime: calls.append(1) or real(mime))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(photo))])
    assert drag_over(field, mime, moves=10) == [True] * 11
    assert len(calls) == 1
