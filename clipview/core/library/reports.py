"""What ``status`` and ``check`` report: dataclasses whose ``to_json`` is the CLI's JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class FolderStatus:
    path: str
    images: int
    skipped: int
    offline: bool = False  # not found as it was: its photos are kept and still searchable
    offline_reason: str | None = None


@dataclass(frozen=True)
class IndexStatus:
    """The HNSW file of the open model: where, how many vectors, which catalog generation."""

    file: str
    count: int
    generation: int


@dataclass(frozen=True)
class TargetStatus:
    """The model a switch is building: how many usable photos have its vector, of all."""

    name: str
    done: int
    total: int


@dataclass(frozen=True)
class RuntimeStatus:
    """ONNX Runtime's version and providers, the device used, the GPU's name when CUDA is
    used, and why CUDA is not used otherwise."""

    onnxruntime: str
    providers: list[str]
    device: str
    gpu: str | None
    reason: str | None


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
    target_model: TargetStatus | None = None  # the model a switch is building, if any
    runtime: RuntimeStatus | None = None
    types: dict[str, int] | None = None  # indexed items per kind: photo, raw, video
    waiting: int = 0   # listed photos this model has not encoded yet (a run under way, stopped)

    def to_json(self) -> dict[str, object]:
        """The ``status --json`` object (keys as documented in the README)."""
        return asdict(self)


@dataclass(frozen=True)
class CheckReport:
    """The outcome of ``clipview check``: ``ok`` is True when nothing is (left) wrong."""

    ok: bool
    problems: list[str]  # what is wrong (after a repair: what is still wrong)
    repaired: bool
    images: int
    duplicates: int
    repairs: list[str] = field(default_factory=list)  # what --repair did, one line each
    notes: list[str] = field(default_factory=list)  # worth knowing, not wrong

    def to_json(self) -> dict[str, object]:
        """The ``check --json`` object (keys as documented in the README)."""
        return asdict(self)
