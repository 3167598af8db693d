"""The licences folder of clipview's binaries (the one-folder app's ``_internal/licences``):
``index.json`` lists every component — name, version, SPDX expression, kind, origin, its
licence files (relative to the folder) and the shared libraries it is — beside the files.
``write_folder`` is the build's (packaging/licences.py), ``read_folder`` the app's."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from clipview.core.licences.model import Component, LicenceText

INDEX = "index.json"
FORMAT = 1


def bundled_folder() -> Path | None:
    """The licences folder of a frozen app (PyInstaller's sys._MEIPASS), if it has one."""
    base = getattr(sys, "_MEIPASS", None) if getattr(sys, "frozen", False) else None
    folder = Path(base) / "licences" if base else None
    return folder if folder is not None and (folder / INDEX).is_file() else None


def _file_name(title: str, taken: set[str]) -> str:
    stem = re.sub(r"[^A-Za-z0-9.+-]+", "_", title).strip("_") or "licence"
    kept = Path(stem).suffix.lower() in (".txt", ".md", ".rst") or re.match(
        r"(LICEN[CS]E|COPYING|NOTICE|AUTHORS)[^.]*$", stem, re.I)
    name = stem if kept else stem + ".txt"
    while name in taken:
        name = f"{len(taken)}-{name}"
    taken.add(name)
    return name


def _entry(component: Component, files: list[str]) -> dict[str, Any]:
    return {"key": component.key, "component": component.name, "version": component.version,
            "spdx": component.spdx, "kind": component.kind, "origin": component.origin,
            "url": component.url, "source": component.source, "note": component.note,
            "files": files, "libraries": list(component.libraries)}


def write_folder(folder: Path, components: list[Component], app: dict[str, str]) -> list[Path]:
    """Write each component's texts into ``folder/<key>/`` and the index; the files written."""
    written: list[Path] = []
    entries = []
    for component in components:
        taken: set[str] = set()
        files = []
        for text in component.texts:
            path = folder / component.key / _file_name(text.title, taken)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text.read(), encoding="utf-8")
            written.append(path)
            files.append(path.relative_to(folder).as_posix())
        entries.append(_entry(component, files))
    index = folder / INDEX
    index.write_text(json.dumps({"format": FORMAT, "app": app, "components": entries},
                                indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return [*written, index]


def _title(name: str) -> str:
    """A file's title again: "GNU_General_Public_License_v3.0.txt" → "GNU General Public
    License v3.0"; a wheel's own file keeps its name ("LICENSE.txt")."""
    file = Path(name).name
    if file.endswith(".txt") and "_" in file:
        return file.removesuffix(".txt").replace("_", " ")
    return file


def read_index(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / INDEX).read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"{folder / INDEX}: format {data.get('format')!r}, not {FORMAT}")
    return data


def read_folder(folder: Path) -> list[Component]:
    """The components the index lists, their texts read from the folder when shown."""
    return [Component(str(entry["component"]), str(entry["version"]), str(entry["spdx"]),
                      str(entry["origin"]), str(entry["kind"]),
                      tuple(LicenceText(_title(name), path=folder / name)
                            for name in entry["files"]),
                      tuple(entry.get("libraries", ())), str(entry.get("url", "")),
                      str(entry.get("source", "")), str(entry.get("note", "")),
                      key=str(entry.get("key", "")))
            for entry in read_index(folder)["components"]]
