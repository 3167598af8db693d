"""The catalogue of published Immich CLIP models (package data ``clipview/data/models.json``).

Built from Immich's own model list and exporter; where each number comes from is written in
the file's ``sources``. Download sizes are estimates until a model is installed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from clipview.core.errors import ClipviewError

RECOMMENDATIONS = ("cpu", "gpu", "multilingual")


@dataclass(frozen=True)
class CatalogueEntry:
    """One model the hub offers: where it is and what to expect from it."""

    name: str
    repo: str
    family: str
    dim: int
    image_size: int
    languages: tuple[str, ...]
    size_bytes: int
    size_estimated: bool
    cpu_cost: float | None  # relative to OpenAI ViT-B/32 on CPU (1.0)
    recall_en: float | None
    recommended: str | None = None  # "cpu", "gpu" or "multilingual"

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> CatalogueEntry:
        return cls(str(raw["name"]), str(raw["repo"]), str(raw["family"]), int(raw["dim"]),
                   int(raw["image_size"]), tuple(raw["languages"]), int(raw["size_bytes"]),
                   bool(raw.get("size_estimated", True)), raw.get("cpu_cost"),
                   raw.get("recall_en"), raw.get("recommended"))

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "repo": self.repo, "family": self.family, "dim": self.dim,
                "image_size": self.image_size, "languages": list(self.languages),
                "size_bytes": self.size_bytes, "size_estimated": self.size_estimated,
                "cpu_cost": self.cpu_cost, "recall_en": self.recall_en,
                "recommended": self.recommended}


@lru_cache(maxsize=1)
def catalogue() -> tuple[CatalogueEntry, ...]:
    """Every catalogue entry, cheapest on CPU first."""
    text = resources.files("clipview").joinpath("data/models.json").read_text(encoding="utf-8")
    return tuple(CatalogueEntry.from_dict(raw) for raw in json.loads(text)["models"])


def find(name: str) -> CatalogueEntry | None:
    """The entry called ``name`` (exact, then case-insensitive), or None."""
    entries = catalogue()
    for entry in entries:
        if entry.name == name:
            return entry
    return next((e for e in entries if e.name.lower() == name.lower()), None)


def recommended(kind: str = "cpu") -> CatalogueEntry:
    """The recommended model for ``kind``: cpu (the default), gpu or multilingual."""
    for entry in catalogue():
        if entry.recommended == kind:
            return entry
    raise ClipviewError(f"no recommended model for {kind!r}; choose one of "
                        f"{', '.join(RECOMMENDATIONS)}")
