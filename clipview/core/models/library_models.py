"""One owner of a library's models: installed, in use, the target of a switch, coverage.

``LibraryModels(home)`` is made once where a command or a job starts and passed where it is
needed. It holds the library's ``ModelStore``, reads each bundle at most once, and opens the
library's catalog at most once (not at all when it is given the catalog of an open library);
``close()`` (or ``with``) closes only a catalog it opened. Switching (``use``, ``build_target``,
``remove_model``) is ``library.model_switch``: it needs a Library, which models may not import.
"""

from __future__ import annotations

import logging
from pathlib import Path

from clipview.core.catalog.catalog import Catalog
from clipview.core.catalog.db import CATALOG_FILE
from clipview.core.errors import ClipviewError
from clipview.core.models.bundle import ModelBundle, load_bundle
from clipview.core.models.coverage import (
    TARGET,
    Coverage,
    bundle_key,
    catalog_coverage,
    target_of,
)
from clipview.core.models.installed import InstalledModel
from clipview.core.models.settings import update_settings
from clipview.core.models.store import ModelStore

__all__ = ["LibraryModels"]

logger = logging.getLogger(__name__)


class LibraryModels:
    """The models of the library at ``home``; ``catalog``: the open library's, if any;
    ``store``: the library's ModelStore when the caller keeps one (the app's dialogs)."""

    def __init__(self, home: Path, catalog: Catalog | None = None,
                 store: ModelStore | None = None) -> None:
        self.home = Path(home).expanduser()
        self.store = store if store is not None else ModelStore(self.home)
        self._catalog = catalog
        self._own: Catalog | None = None
        self._looked = catalog is not None
        self._bundles: dict[Path, ModelBundle] = {}

    def close(self) -> None:
        """Close the catalog this object opened (never one it was given)."""
        own, self._own = self._own, None
        if own is not None:
            own.close()
        if self._catalog is own:
            self._catalog, self._looked = None, False

    def __enter__(self) -> LibraryModels:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- what is installed and chosen ----------------------------------------------------
    def installed(self) -> list[InstalledModel]:
        return self.store.installed()

    def in_use(self) -> str | None:
        """The model in use as settings.json names it: the remembered one, else the only one
        installed; None if neither."""
        try:
            path = self.store.resolve(None)
        except ClipviewError:
            return None
        return self.store.remembered(str(path))[1]

    def target(self) -> str | None:
        """The model a switch is building, if any."""
        return target_of(self.home)

    def use(self, value: str) -> Path:
        """Remember ``value`` as the model in use (a switch under way is called off)."""
        return self.store.use(value)

    def aim_at(self, name: str) -> None:
        """Make ``name`` the target of a switch (the model in use keeps answering)."""
        update_settings(self.home, **{TARGET: name})

    # -- bundles and the catalog ------------------------------------------------------------
    def bundle(self, path: Path) -> ModelBundle:
        """The bundle at ``path``, read once for this object's life."""
        if path not in self._bundles:
            self._bundles[path] = load_bundle(path)
        return self._bundles[path]

    def catalog(self) -> Catalog | None:
        """The library's catalog, opened once when it exists (never creates a library)."""
        if not self._looked:
            self._looked = True
            if (self.home / CATALOG_FILE).is_file():
                self._catalog = self._own = Catalog(self.home / CATALOG_FILE)
        return self._catalog

    def has_library(self) -> bool:
        return self._catalog is not None or (self.home / CATALOG_FILE).is_file()

    # -- coverage -------------------------------------------------------------------------
    def coverage(self, value: str) -> Coverage:
        """The coverage of the model ``value`` (installed name or bundle folder); 0 of 0
        when there is no library yet."""
        path, name = self.store.remembered(value)
        bundle = self.bundle(path)
        catalog = self.catalog()
        if catalog is None:
            return Coverage(name, bundle_key(bundle), 0, 0)
        return catalog_coverage(catalog, bundle, name)

    def target_coverage(self) -> Coverage | None:
        """The switch under way (None: none). A target that cannot be read any more (its
        folder went) still shows, with nothing done."""
        target = self.target()
        if target is None:
            return None
        try:
            return self.coverage(target)
        except (ClipviewError, OSError):
            catalog = self.catalog()
            total = catalog.models.coverage(None)[1] if catalog is not None else 0
            return Coverage(target, "", 0, total)

    def installed_coverage(self) -> dict[str, Coverage]:
        """Each installed model's coverage of the library (empty when there is none)."""
        catalog = self.catalog()
        if catalog is None:
            return {}
        found: dict[str, Coverage] = {}
        for model in self.store.installed():
            try:
                bundle = self.bundle(model.path)
            except ClipviewError:   # a damaged model covers nothing (verify says why)
                logger.warning("cannot read the model %s", model.name, exc_info=True)
                continue
            found[model.name] = catalog_coverage(catalog, bundle, model.name)
        return found
