"""How much of a library each model's vectors cover, and which model a switch is building.

settings.json's ``model`` is the model in use: its vectors answer every search.
``target_model`` (absent when no switch is under way) is the model ``clipview models use``
asked for while its vectors are still being built; it becomes ``model`` when it covers the
library (see ``model_switch``). A model is keyed in the catalog by its weights, not its
folder (``bundle_key``), so a model installed again finds its vectors.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from clipview.core.catalog.catalog import Catalog
from clipview.core.errors import ClipviewError
from clipview.core.models.bundle import ModelBundle, load_bundle
from clipview.core.models.precision import known_key_suffix
from clipview.core.models.settings import load_settings
from clipview.core.models.weights_key import weights_key

TARGET = "target_model"
CATALOG_FILE = "catalog.sqlite"

logger = logging.getLogger(__name__)


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
    done, total = catalog.coverage(catalog.find_model(key))
    return Coverage(name, key, done, total)


def existing_catalog(home: Path) -> Catalog | None:
    """The library's catalog when one exists (never creates a library)."""
    path = Path(home).expanduser() / CATALOG_FILE
    return Catalog(path) if path.is_file() else None


def model_coverage(home: Path, value: str) -> Coverage:
    """The coverage of the model ``value`` (an installed name or a bundle folder) in the
    library at ``home``; 0 of 0 when there is no library yet."""
    from clipview.core.models.store import ModelStore

    path, name = ModelStore(home).remembered(value)
    bundle = load_bundle(path)
    catalog = existing_catalog(home)
    if catalog is None:
        return Coverage(name, bundle_key(bundle), 0, 0)
    try:
        return catalog_coverage(catalog, bundle, name)
    finally:
        catalog.close()


def target_status(home: Path, catalog: Catalog) -> Coverage | None:
    """The switch under way, for ``status``: None when there is none. A target that cannot
    be read any more (its folder went) still shows, with nothing done."""
    from clipview.core.models.store import ModelStore

    target = target_of(home)
    if target is None:
        return None
    try:
        path, name = ModelStore(home).remembered(target)
        return catalog_coverage(catalog, load_bundle(path), name)
    except (ClipviewError, OSError):
        return Coverage(target, "", 0, catalog.coverage(None)[1])


def installed_coverage(home: Path) -> dict[str, Coverage]:
    """Each installed model's coverage of the library (empty when there is no library)."""
    from clipview.core.models.store import ModelStore

    store = ModelStore(home)
    catalog = existing_catalog(home)
    if catalog is None:
        return {}
    found: dict[str, Coverage] = {}
    try:
        for model in store.installed():
            try:
                bundle = load_bundle(model.path)
            except ClipviewError:   # a damaged model covers nothing (verify says why)
                logger.warning("cannot read the model %s", model.name, exc_info=True)
                continue
            found[model.name] = catalog_coverage(catalog, bundle, model.name)
    finally:
        catalog.close()
    return found
