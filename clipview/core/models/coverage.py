"""How much of a library each model's vectors cover, and which model a switch is building.

settings.json's ``model`` is the model in use: its vectors answer every search.
``target_model`` (absent when no switch is under way) is the model ``clipview models use``
asked for while its vectors are still being built; it becomes ``model`` when it covers the
library (see ``model_switch``). A model is keyed in the catalog by its weights, not its
folder (``bundle_key``), so a model installed again finds its vectors.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from clipview.core.catalog.catalog import Catalog
from clipview.core.models.bundle import ModelBundle
from clipview.core.models.precision import known_key_suffix
from clipview.core.models.settings import load_settings
from clipview.core.models.weights_key import weights_key

TARGET = "target_model"


def bundle_key(bundle: ModelBundle) -> str:
    """Identifies the weights: name, dim and a hash of every weight file (``weights_key``),
    and the precision used on this machine (int8 on CPU when it was chosen)."""
    return weights_key(bundle) + known_key_suffix(bundle)


@dataclass(frozen=True)
class Coverage:
    """How many usable photos (``total``) have a vector of the model (``done``).
    ``name`` is the model as settings.json names it (an installed name or a folder)."""

    name: str
    key: str
    done: int
    total: int

    @property
    def complete(self) -> bool:
        return self.done >= self.total

    @property
    def fraction(self) -> float:
        return self.done / self.total if self.total else 1.0

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "done": self.done, "total": self.total}


def target_of(home: Path) -> str | None:
    """The model a switch is building, if any (settings.json's ``target_model``)."""
    value = load_settings(home).extra.get(TARGET)
    return value if isinstance(value, str) and value else None


def catalog_coverage(catalog: Catalog, bundle: ModelBundle, name: str) -> Coverage:
    """The coverage of the model in ``bundle`` in an open catalog."""
    key = bundle_key(bundle)
    done, total = catalog.models.coverage(catalog.models.find(key))
    return Coverage(name, key, done, total)
