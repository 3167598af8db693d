"""Switching a library's model without losing search.

The catalog keeps vectors per model; ``models.LibraryModels`` owns what a library knows of
them (installed, in use, target, coverage) and every function here takes one.
``use_model(models, B)`` switches at once when B's vectors already cover the library (going
back to a model used before encodes nothing); otherwise B becomes the *target* and the model
in use keeps answering every search. ``build_target`` (the GUI's background job; ``clipview
index`` runs it after indexing with the model in use) encodes the photos B has no vector
for, and when B covers the library it becomes the model in use (``promote_if_complete``).
``remove_model`` removes a model and, if asked, its vectors.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from clipview.core.errors import ClipviewError
from clipview.core.library.library import Library
from clipview.core.library.locking import WriterLock
from clipview.core.models.coverage import Coverage, bundle_key
from clipview.core.models.encoder import load_model
from clipview.core.models.installed import InstalledModel
from clipview.core.models.library_models import LibraryModels
from clipview.core.models.settings import load_settings, update_settings
from clipview.core.models.store import ModelStoreError
from clipview.core.progress import CancelToken, Progress

logger = logging.getLogger(__name__)

__all__ = ["Coverage", "LibraryModels", "RemoveResult", "SwitchState", "build_target",
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


def switch_state(models: LibraryModels) -> SwitchState:
    """The model in use and the switch under way, if any (reads the catalog)."""
    target = models.target()
    return SwitchState(models.in_use(), models.coverage(target) if target else None)


def use_model(models: LibraryModels, value: str) -> SwitchState:
    """Use the model ``value`` (installed name or bundle folder). At once when its vectors
    cover the library, or when the model in use has none to keep answering with; otherwise
    it becomes the target (built by ``build_target``) and search goes on with the current
    model. Choosing the model in use again cancels a switch under way."""
    name = models.store.remembered(value)[1]
    wanted = models.coverage(name)
    current = models.in_use()
    if current is None or current == name or wanted.complete or \
            models.coverage(current).done == 0:
        models.use(name)
        return SwitchState(name, None, switched=True)
    models.aim_at(name)
    return SwitchState(current, wanted)


def promote_if_complete(models: LibraryModels) -> bool:
    """Make the target the model in use when its vectors cover the library."""
    target = models.target()
    if target is None or not models.coverage(target).complete:
        return False
    models.use(target)
    logger.info("switched the library at %s to %s", models.home, target)
    return True


def build_target(library: Library, token: CancelToken | None = None, device: str | None = None,
                 batch_size: int = 32) -> Iterator[Progress]:
    """Index ``library`` with its target model (only photos it has no vector for are
    encoded), through the open library (``Library.index_for``: its catalog and writer
    lock), yielding the indexer's Progress; then promote the target if it covers the
    library. Nothing to do (no target): yields nothing. ``device``: the target model's
    (default: the device asked for the model in use)."""
    models = LibraryModels(library.home, library.catalog)
    target = models.target()
    if target is None:
        return
    wanted = device if device is not None else library.model.requested_device
    clip = load_model(models.store.resolve(target), device=wanted)
    try:
        yield from library.index_for(clip, token, batch_size=batch_size)
    finally:
        clip.close()
    if token is None or not token.cancelled:
        promote_if_complete(models)


@dataclass(frozen=True)
class RemoveResult:
    """What ``remove_model`` did: the model removed, how many vectors went with it, and
    the model in use afterwards (None: none is chosen)."""

    model: InstalledModel
    vectors_removed: int
    now_in_use: str | None


def remove_model(models: LibraryModels, name: str, vectors: bool = False,
                 force: bool = False) -> RemoveResult:
    """Remove an installed model, with ``vectors`` its vectors and HNSW file too. The model
    in use is refused unless another installed model covers the library (which is then
    used), the library has no photos, or ``force``."""
    store = models.store
    model = store.get(name)
    replacement = _replacement(models, name, force) if models.in_use() == name else None
    removed = 0
    if vectors and models.has_library():
        key = bundle_key(models.bundle(model.path))
        with WriterLock(models.home / "library.lock"):  # not under an index run
            store.remove(name)
            removed = drop_vectors(models, key)
    else:
        store.remove(name)
    if replacement is not None:
        store.use(replacement)
    return RemoveResult(model, removed, models.in_use())


def _replacement(models: LibraryModels, name: str, force: bool) -> str | None:
    """For removing the model in use: another installed model that covers the library (the
    target first). None when the library has no photo to lose or ``force``; else refused."""
    covered = models.installed_coverage()
    if all(c.total == 0 for c in covered.values()):
        return None
    target = models.target()
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


def drop_vectors(models: LibraryModels, key: str) -> int:
    """Delete the vectors of the model ``key`` and its HNSW cache; returns how many went."""
    catalog = models.catalog()
    if catalog is None:
        return 0
    model_id = catalog.models.find(key)
    removed = catalog.models.drop(model_id) if model_id is not None else 0
    cache = models.home / "index" / f"{key}.hnsw"
    for path in (cache, cache.with_suffix(".stamp.json")):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return removed


def remember_choice(models: LibraryModels, bundle: str, device: str) -> None:
    """The library's settings (shared with the CLI) name this model and device. A model
    already remembered is left alone: re-remembering it would call off a switch under way."""
    store, home = models.store, models.home
    try:
        if store.remembered(bundle)[1] != store.chosen():
            store.use(bundle)
        if load_settings(home).device != device:
            update_settings(home, device=device)
    except ClipviewError:   # a read-only library still opens; the choice is just not kept
        logger.warning("could not remember the model and device in %s", home, exc_info=True)
