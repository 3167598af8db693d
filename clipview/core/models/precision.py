"""Which model files the encoders run: fp32, or the int8 copy for the CPU once it is made.

``choose_precision`` only reads the decision that ``quantize.make_int8`` records in the user
cache dir under the fp32 files' identity (size, mtime, inode): until it is made the fp32
files are used, and opening a model or searching never waits for it. ``known_key_suffix``
names the vectors of a precision apart (int8 vectors are not fp32 vectors). Imports neither
the encoder nor the quantiser: both import this.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from clipview.core.models.bundle import ModelBundle
from clipview.core.paths import cache_dir
from clipview.core.private_files import replace_file

logger = logging.getLogger(__name__)

MIN_MODEL_BYTES = 16 << 20  # smaller models gain nothing (their time is not in MatMuls)
DECISION = "decision.json"
_FORMAT = 1
_GUARD = threading.Lock()     # reading a decision (quick: searching may wait for it)
NOT_MADE = "the int8 copy is not made yet (it is made in the background)"


@dataclass(frozen=True)
class Precision:
    """Which model files the encoders run: ``name`` int8 or fp32, and why not int8."""

    name: str
    visual: Path
    textual: Path
    reason: str = ""
    min_cos: float | None = None

    @property
    def key_suffix(self) -> str:
        """Appended to the catalog key: int8 vectors are not fp32 vectors."""
        return "" if self.name == "fp32" else f"-{self.name}"


def int8_root() -> Path:
    """Where quantised models and decisions are kept (rebuildable: a cache)."""
    return cache_dir() / "int8"


def fp32(bundle: ModelBundle, reason: str, min_cos: float | None = None) -> Precision:
    return Precision("fp32", bundle.visual_model, bundle.textual_model, reason, min_cos)


def _not_wanted(bundle: ModelBundle, device: str) -> str | None:
    """Why int8 is never used for ``bundle`` on ``device`` (None: it may be)."""
    if device == "cuda":
        return "CUDA runs the fp32 model"
    already = str(bundle.manifest.get("precision") or "fp32")
    if already != "fp32":
        return f"the bundle is already {already}"
    if bundle.visual_model.stat().st_size < MIN_MODEL_BYTES:
        return "a small model: int8 would gain nothing"
    return None


def choose_precision(bundle: ModelBundle, device: str) -> Precision:
    """int8 files for CPU when they passed the parity check; else fp32 with the reason
    (NOT_MADE while ``make_int8`` has not run: never quantises, never waits for it)."""
    reason = _not_wanted(bundle, device)
    if reason is not None:
        return fp32(bundle, reason)
    known = known_decision(bundle)
    return known if known is not None else fp32(bundle, NOT_MADE)


def known_decision(bundle: ModelBundle) -> Precision | None:
    """The decision recorded for ``bundle`` as its files are now (None: not made yet)."""
    with _GUARD:
        return recorded(bundle, int8_root() / identity(bundle))


def planned(device: str) -> str:
    """The device a model opened for ``device`` runs on (auto: as planned)."""
    from clipview.core.models.runtime import planned_device

    return device if device == "cuda" else planned_device(device)[0]


def needs_int8(bundle: ModelBundle, device: str = "auto") -> bool:
    """True when ``make_int8`` has something to do for ``device`` (auto: as planned)."""
    return choose_precision(bundle, planned(device)).reason == NOT_MADE


def known_key_suffix(bundle: ModelBundle, device: str = "auto") -> str:
    """The key suffix a model opened for ``device`` gets, from the recorded decision only
    (never quantises: for listing coverage without opening the model)."""
    if planned(device) == "cuda":
        return ""
    try:
        known = known_decision(bundle)
    except OSError:
        return ""
    return known.key_suffix if known is not None else ""


def identity(bundle: ModelBundle) -> str:
    """The fp32 files as they are now (a renamed bundle keeps it; new weights change it)."""
    facts = []
    for path in (bundle.visual_model, bundle.textual_model):
        info = path.stat()
        facts.append([info.st_size, info.st_mtime_ns, info.st_ino, info.st_dev])
    return hashlib.blake2b(json.dumps(facts).encode(), digest_size=12).hexdigest()


def recorded(bundle: ModelBundle, slot: Path) -> Precision | None:
    try:
        record = json.loads((slot / DECISION).read_text(encoding="utf-8"))
        if record.get("format") != _FORMAT:
            return None
        if record["name"] == "fp32":
            return fp32(bundle, str(record["reason"]), record.get("min_cos"))
        found = Precision("int8", slot / "visual.int8.onnx", slot / "textual.int8.onnx",
                          "", float(record["min_cos"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return found if found.visual.is_file() and found.textual.is_file() else None


def record(slot: Path, chosen: Precision) -> None:
    record = {k: (str(v) if isinstance(v, Path) else v) for k, v in asdict(chosen).items()}
    record["format"] = _FORMAT
    try:
        replace_file(slot / DECISION, json.dumps(record).encode())
    except OSError as exc:  # decided again next time
        logger.warning("cannot record the precision decision in %s: %s", slot, exc)
