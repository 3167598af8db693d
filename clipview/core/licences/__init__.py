"""Licences: what clipview is made of and under which licences, for Help ▸ Licences and for
the licences folder the build puts into the binaries (packaging/licences.py,
packaging/LICENSING.md).

``app_components()`` is the list the dialog shows: a frozen app reads its bundled index; a pip
install builds the same list from importlib.metadata (its distributions, the native libraries
their wheels vendor, Python): about a second here, so callers run it off the GUI thread.
``app_licence()`` says what the running clipview is distributed under: the binary as a whole
under its index's licence (GPL-3.0-or-later), a pip install under clipview's own (MIT)."""

from __future__ import annotations

from clipview.core.licences.distributions import distribution, spdx
from clipview.core.licences.index import bundled_folder, read_folder, read_index
from clipview.core.licences.installed import Inventory, installed_components
from clipview.core.licences.model import Component, LicenceText

__all__ = ["Component", "Inventory", "LicenceText", "app_components", "app_licence",
           "bundled_folder", "installed_components"]


def app_components() -> list[Component]:
    """The bundled index's components in a frozen app, else those installed, by name."""
    folder = bundled_folder()
    found = read_folder(folder) if folder is not None else installed_components().components
    return sorted(found, key=lambda component: (component.name.lower(), component.origin))


def app_licence() -> tuple[str, bool]:
    """(SPDX expression, bundled): what this clipview is distributed under, and whether it
    is a binary release whose licence covers it as a whole."""
    folder = bundled_folder()
    if folder is not None:
        return str(read_index(folder)["app"]["licence"]), True
    dist = distribution("clipview")
    return (spdx(dist) if dist is not None else "MIT"), False
