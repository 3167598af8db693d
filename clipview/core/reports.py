"""What ``status`` and ``check`` report: dataclasses whose ``to_json`` is the CLI's JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class FolderStatus:
    path: str
    images: int
    skipped: int


@dataclass(frozen=True)
class IndexStatus:
    """The HNSW file of the open model: where, how many vectors, which catalog generation."""

    file: str
    count: int
    generation: int


@dataclass(frozen=True)
class StatusReport:
    """What a library holds (``clipview status``)."""

    home: str
    folders: list[FolderStatus]
    images: int
    skipped: int
    model: str
    model_key: str
    dim: int
    device: str
    device_note: str
    index: IndexStatus

    def to_json(self) -> dict[str, object]:
        """The ``status --json`` object (keys as documented in the README)."""
        return asdict(self)


@dataclass(frozen=True)
class CheckReport:
    """The outcome of ``clipview check``: ``ok`` is True when nothing is (left) wrong."""

    ok: bool
    problems: list[str]
    repaired: bool
    images: int
    duplicates: int

    def to_json(self) -> dict[str, object]:
        """The ``check --json`` object (keys as documented in the README)."""
        return asdict(self)
