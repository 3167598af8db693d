"""A component of clipview (a Python distribution, a native library, Python itself) and its
licence texts, as About ▸ Licences shows them and the binaries' licences folder lists them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

# what a component is: a Python distribution (a wheel), a native library vendored in one, code
# compiled into one's extension (LibRaw in rawpy, Rust crates), the Python interpreter, a
# library of the build machine the one-folder app carries (libssl, libstdc++ …)
KINDS = ("distribution", "native", "embedded", "python", "system")


@dataclass(frozen=True)
class LicenceText:
    """One licence text: given (a canonical text, a notice) or read from ``path``."""

    title: str
    text: str = ""
    path: Path | None = None

    def read(self) -> str:
        if self.path is None:
            return self.text
        try:
            return self.path.read_text(encoding="utf-8", errors="replace")
        except OSError as exc:
            return f"({self.path} could not be read: {exc.strerror})"


@dataclass(frozen=True)
class Component:
    """``spdx`` is an SPDX licence expression (or the distribution's own words when it gives
    none); ``libraries`` are the shared libraries it is, relative to site-packages (or to the
    app's _internal folder); ``source`` says where its source is (GPL/LGPL components)."""

    name: str
    version: str
    spdx: str
    origin: str
    kind: str
    texts: tuple[LicenceText, ...]
    libraries: tuple[str, ...] = ()
    url: str = ""
    source: str = ""
    note: str = ""
    key: str = field(default="", compare=False)   # a stable id: its folder in the licences folder

    @property
    def copyleft(self) -> bool:
        """Under the GPL or LGPL (alone or as one choice): its source must be offered."""
        return "GPL" in self.spdx
