"""Switching a library's model without losing search.

The catalog keeps vectors per model. ``use_model(home, B)`` switches at once when B's vectors
already cover the library (going back to a model used before encodes nothing); otherwise B
becomes the *target* and the model in use keeps answering every search. ``build_target``
(the GUI's background job; ``clipview index`` runs it after indexing with the model in use)
encodes the photos B has no vector for, and when B covers the library it becomes the model
in use (``promote_if_complete``). ``remove_model`` removes a model and, if asked, its vectors.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from clipview.core.errors import ClipviewError
from clipview.core.library.library import open_library
from clipview.core.library.locking import WriterLock
from clipview.core.models.bundle import load_bundle
from clipview.core.models.coverage import (
    CATALOG_FILE,
    TARGET,
    Coverage,
    bundle_key,
    existing_catalog,
    installed_coverage,
    model_coverage,
    target_of,
)
from clipview.core.models.settings import load_settings, update_settings
from clipview.core.models.store import InstalledModel, ModelStore, ModelStoreError
from clipview.core.progress import CancelToken, Progress

logger = logging.getLogger(__name__)

__all__ = ["Coverage", "RemoveResult", "SwitchState", "build_target", "installed_coverage",
           "promote_if_complete", "remember_choice", "remove_model", "switch_state",
           "use_model"]


@dataclass(frozen=True)
class SwitchState:
    """``model``: the model in use (as settings.json names it; None when none can be
    chosen); ``target``: the model being built and how far, or None; ``switched``: after
    ``use_model``, True when the model asked for is in use now."""

    model: str | None
    target: Coverage | None
    switched: bool = False


def in_use(home: Path) -> str | None:
    """The model in use: the remembered one, else the only one installed; None if neither."""
    store = ModelStore(home)
    try:
        path = store.resolve(None)
    except ClipviewError:
        return None
    return store.remembered(str(path))[1]


def switch_state(home: Path) -> SwitchState:
    """The model in use and the switch under way, if any (reads the catalog)."""
    target = target_of(home)
    return SwitchState(in_use(home), model_coverage(home, target) if target else None)


def use_model(home: Path, value: str) -> SwitchState:
    """Use the model ``value`` (installed name or bundle folder). At once when its vectors
    cover the library, or when the model in use has none to keep answering with; otherwise
    it becomes the target (built by ``build_target``) and search goes on with the current
    model. Choosing the model in use again cancels a switch under way."""
    store = ModelStore(home)
    name = store.remembered(value)[1]
    wanted = model_coverage(home, name)
    current = in_use(home)
    if current is None or current == name or wanted.complete or \
            model_coverage(home, current).done == 0:
        store.use(name)
        return SwitchState(name, None, switched=True)
    update_settings(home, **{TARGET: name})
    return SwitchState(current, wanted)


def promote_if_complete(home: Path) -> bool:
    """Make the target the model in use when its vectors cover the library."""
    target = target_of(home)
    if target is None or not model_coverage(home, target).complete:
        return False
    ModelStore(home).use(target)
    logger.info("switched the library at %s to %s", home, target)
    return True


def build_target(home: Path, token: CancelToken | None = None, device: str = "auto",
                 batch_size: int = 32) -> Iterator[Progress]:
    """Index the library with the target model (only photos it has no vector for are
    encoded), yielding the indexer's Progress; then promote it if it covers the library.
    Nothing to do (no target): yields nothing. Holds the writer lock while indexing."""
    target = target_of(Path(home))
    if target is None:
        return
    path = ModelStore(home).resolve(target)
    with open_library(home, path, device=device) as library:
        yield from library.index(token, batch_size=batch_size)
    if token is None or not token.cancelled:
        promote_if_complete(Path(home))


@dataclass(frozen=True)
class RemoveResult:
    """What ``remove_model`` did: the model removed, how many vectors went with it, and
    the model in use afterwards (None: none is chosen)."""

    model: InstalledModel
    vectors_removed: int
    now_in_use: str | None


def remove_model(home: Path, name: str, vectors: bool = False,
                 force: bool = False) -> RemoveResult:
    """Remove an installed model, with ``vectors`` its vectors and HNSW file too. The model
    in use is refused unless another installed model covers the library (which is then
    used), the library has no photos, or ``force``."""
    store = ModelStore(home)
    model = store.get(name)
    replacement = _replacement(home, name, force) if in_use(home) == name else None
    has_library = (Path(home).expanduser() / CATALOG_FILE).is_file()
    removed = 0
    if vectors and has_library:
        key = bundle_key(load_bundle(model.path))
        with WriterLock(Path(home).expanduser() / "library.lock"):  # not under an index run
            store.remove(name)
            removed = drop_vectors(home, key)
    else:
        store.remove(name)
    if replacement is not None:
        store.use(replacement)
    return RemoveResult(model, removed, in_use(home))


def _replacement(home: Path, name: str, force: bool) -> str | None:
    """For removing the model in use: another installed model that covers the library (the
    target first). None when the library has no photo to lose or ``force``; else refused."""
    covered = installed_coverage(home)
    if all(c.total == 0 for c in covered.values()):
        return None
    target = target_of(home)
    others = sorted((c for n, c in covered.items() if n != name and c.complete),
                    key=lambda c: c.name != target)
    if others:
        return others[0].name
    if force:
        return None
    raise _InUse(name)


class _InUse(ModelStoreError):
    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is the model in use and no other installed model covers "
                         "the library: 'clipview models use OTHER' and 'clipview index' first, "
                         "or remove it anyway with --force")


def drop_vectors(home: Path, key: str) -> int:
    """Delete the vectors of the model ``key`` and its HNSW cache; returns how many went."""
    catalog = existing_catalog(home)
    if catalog is None:
        return 0
    try:
        model_id = catalog.find_model(key)
        removed = catalog.drop_model(model_id) if model_id is not None else 0
    finally:
        catalog.close()
    cache = Path(home).expanduser() / "index" / f"{key}.hnsw"
    for path in (cache, cache.with_suffix(".stamp.json")):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return removed


def remember_choice(home: Path, bundle: str, device: str) -> None:
    """The library's settings (shared with the CLI) name this model and device. A model
    already remembered is left alone: re-remembering it would call off a switch under way."""
    store = ModelStore(home)
    try:
        if store.remembered(bundle)[1] != store.chosen():
            store.use(bundle)
        if load_settings(home).device != device:
            update_settings(home, device=device)
    except ClipviewError:   # a read-only library still opens; the choice is just not kept
        logger.warning("could not remember the model and device in %s", home, exc_info=True)
