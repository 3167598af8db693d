"""Top-level folders of the same name are told apart by the folders they are in."""

from __future__ import annotations

from pathlib import Path

from clipview.gui.sidebar import FolderSidebar, root_labels, shown_label


def listed(qtbot, paths: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """The tracked folders' labels, as the sidebar lists them (after "All photos")."""
    sidebar = FolderSidebar()
    qtbot.addWidget(sidebar)
    sidebar.show_folders([{"path": p, "images": 3} for p in paths], {})
    tree = sidebar.tree
    return [shown_label(tree.topLevelItem(i)) for i in range(1, tree.topLevelItemCount())]


def test_same_named_folders_show_where_they_are(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    labels = listed(qtbot, ["/tmp/t1/photos", "/work/shared/photos", "/home/me/holiday"])
    assert labels == ["holiday", "photos — shared", "photos — t1"]   # by the shown label


def test_folders_are_listed_by_their_shown_name(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Not by full path (/b/Alpha after /a/zeta): alphabetical as people read them."""
    assert listed(qtbot, ["/a/zeta", "/b/Alpha", "/c/beta"]) == ["Alpha", "beta", "zeta"]


def test_as_many_parents_as_tell_them_apart() -> None:
    assert root_labels(["/a/x/photos", "/b/x/photos", "/photos", "/c/y"]) == {
        "/a/x/photos": "photos — a/x", "/b/x/photos": "photos — b/x",
        "/photos": "photos — /", "/c/y": "y"}


def test_a_folder_chip_says_what_the_sidebar_says(qtbot, app_window) -> None:  # type: ignore[no-untyped-def]
    """Two tracked folders named "photos": the chip was just "photos"."""
    window, controller = app_window
    paths = ["/tmp/t3/photos", "/work/shared/photos"]
    window.sidebar.show_folders([{"path": p, "images": 3} for p in paths], {})
    window.sidebar.set_scope([paths[0]])   # a click on "photos — t3"
    assert controller.grid.state.scope == (paths[0],)
    assert window.filters.texts() == ["photos — t3"]
