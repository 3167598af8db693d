"""An installed model as the store lists it: its name, folder, embedding size, bytes on disk
and manifest (``store.ModelStore.get``; the last step of an install carries one)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class InstalledModel:
    name: str
    path: Path
    dim: int | None
    size_bytes: int
    manifest: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "path": str(self.path), "dim": self.dim,
                "size_bytes": self.size_bytes, "repo": self.manifest.get("repo"),
                "commit": self.manifest.get("commit")}
