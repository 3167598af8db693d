"""What the grid shows, as data: the search text, reference photos (chips), the folder scope
and the date range. Browse mode when there is neither text nor a reference."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace

from clipview.core.paths import inside
from clipview.core.search.search import Filters


@dataclass(frozen=True)
class Reference:
    """A photo in the query: like it (+1) or unlike it (-1)."""

    path: str
    sign: int = 1

    @property
    def key(self) -> str:
        return f"ref:{self.sign}:{self.path}"


@dataclass(frozen=True)
class QueryState:
    text: str = ""
    refs: tuple[Reference, ...] = ()
    scope: tuple[str, ...] = ()
    after: float | None = None
    before: float | None = None
    types: tuple[str, ...] = ()   # photo, raw, video; () = every kind

    @property
    def browsing(self) -> bool:
        return not self.text and not self.refs

    def similar_path(self) -> str | None:
        """The photo of a plain Find similar (one positive reference, no text)."""
        if not self.text and len(self.refs) == 1 and self.refs[0].sign > 0:
            return self.refs[0].path
        return None

    def compose(self) -> str:
        """The query in clipview's syntax: text, then `` + "photo"`` / `` - "photo"``."""
        parts = [self.text] if self.text else []
        for ref in self.refs:
            term = f'"{ref.path}"'
            if not parts:
                parts.append(term if ref.sign > 0 else f"- {term}")
            else:
                parts.append(f"{'+' if ref.sign > 0 else '-'} {term}")
        return " ".join(parts)

    def filters(self) -> Filters:
        return Filters(folders=self.scope, after=self.after, before=self.before,
                       types=self.types)

    # -- changes ------------------------------------------------------------------------
    def with_text(self, text: str) -> QueryState:
        return replace(self, text=text.strip())

    def with_reference(self, path: str, sign: int, replace_all: bool = False) -> QueryState:
        kept = () if replace_all else tuple(r for r in self.refs if r.path != path)
        return replace(self, refs=kept + (Reference(path, sign),))

    def with_references(self, paths: list[str]) -> QueryState:
        """Only these photos, each liked, and no text (a paste of several files)."""
        return replace(self, text="", refs=tuple(Reference(p) for p in dict.fromkeys(paths)))

    def without_photo(self, path: str) -> QueryState:
        """The state without the chips of the photo at ``path`` (one that cannot be used)."""
        return replace(self, refs=tuple(r for r in self.refs if r.path != path))

    def without(self, key: str) -> QueryState:
        """The state with one chip removed (a reference, a folder, the dates)."""
        if key.startswith("ref:"):
            return replace(self, refs=tuple(r for r in self.refs if r.key != key))
        if key.startswith("folder:"):
            return replace(self, scope=tuple(p for p in self.scope if f"folder:{p}" != key))
        if key == "dates":
            return replace(self, after=None, before=None)
        if key == "types":
            return replace(self, types=())
        return self

    def folder_chips(self, labels: Mapping[str, str] | None = None
                     ) -> list[tuple[str, str, str]]:
        """(key, text, tooltip) of each folder in scope; ``labels``: the tracked folders'
        names as the sidebar shows them ("photos — t3"), so that chip and sidebar agree."""
        named = labels or {}
        return [(f"folder:{p}", named.get(p) or os.path.basename(p.rstrip(os.sep)) or p, p)
                for p in self.scope]


def scope_within(scope: tuple[str, ...] | list[str], roots: list[str]) -> list[str]:
    """The folders of ``scope`` still inside a tracked folder (``roots``): a removed
    folder's chip goes with it."""
    return [p for p in scope if any(inside(p, root) for root in roots)]
