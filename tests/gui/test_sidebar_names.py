"""Top-level folders of the same name are told apart by the folders they are in."""

from __future__ import annotations

from pathlib import Path

from clipview.gui.sidebar import FolderSidebar, root_labels, shown_label


def test_same_named_folders_show_where_they_are(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sidebar = FolderSidebar()
    qtbot.addWidget(sidebar)
    paths = ["/tmp/t1/photos", "/work/shared/photos", "/home/me/holiday"]
    sidebar.show_folders([{"path": p, "images": 3} for p in paths], {})
    tree = sidebar.tree
    labels = [shown_label(tree.topLevelItem(i)) for i in range(1, tree.topLevelItemCount())]
    assert labels == ["photos — t1", "photos — shared", "holiday"]


def test_as_many_parents_as_tell_them_apart() -> None:
    assert root_labels(["/a/x/photos", "/b/x/photos", "/photos", "/c/y"]) == {
        "/a/x/photos": "photos — a/x", "/b/x/photos": "photos — b/x",
        "/photos": "photos — /", "/c/y": "y"}
