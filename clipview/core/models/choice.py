"""Which model and device a run uses: one rule for the command line and the app.

The model and device belong to the library (``<home>/settings.json``, written by ``clipview
models use`` and by the app when it opens a model); nothing else remembers them. The model
is ``--model``, else ``$CLIPVIEW_MODEL``, else the one settings.json names, else the only one
installed. The device is ``--device`` (``auto`` included: asked for is asked for), else
settings.json's, else ``auto``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from clipview.core.errors import ClipviewError
from clipview.core.models.settings import DEVICES, SettingsError, load_settings
from clipview.core.models.store import ModelStore, ModelStoreError

__all__ = ["RunChoice", "choose_model", "chosen_bundle"]


@dataclass(frozen=True)
class RunChoice:
    """``bundle``: the model's folder, None when there is none to use (``problem`` says why
    in one line); ``named``: the model was named by --model or $CLIPVIEW_MODEL (a problem
    with it is the run's failure, not "no model yet")."""

    device: str
    bundle: Path | None = None
    problem: str | None = None
    named: bool = False


def choose_model(home: str | os.PathLike[str], model: str | os.PathLike[str] | None = None,
                 device: str | None = None) -> RunChoice:
    """The model and device of a run on the library at ``home`` (see the module's rule).
    Raises ``SettingsError`` when settings.json cannot be read or names an unknown device."""
    home = Path(home).expanduser()
    named = os.fspath(model) if model else os.environ.get("CLIPVIEW_MODEL") or None
    chosen = device or _remembered_device(home)
    try:
        bundle = ModelStore(home).resolve(named)
    except ModelStoreError as exc:
        return RunChoice(chosen, None, str(exc), named is not None)
    return RunChoice(chosen, bundle, None, named is not None)


def chosen_bundle(home: str | os.PathLike[str]) -> Path | None:
    """The model a run on ``home`` would use now (``choose_model``'s rule), None when there
    is none or settings.json cannot be read: how the app, open without a model, notices one
    installed or chosen meanwhile (by ``clipview models install`` in a terminal)."""
    try:
        return choose_model(home).bundle
    except ClipviewError:
        return None


def _remembered_device(home: Path) -> str:
    try:
        remembered = load_settings(home).device
    except SettingsError:
        if not home.is_dir():
            return "auto"  # not a usable library at all: opening it says why
        raise
    if remembered is None:
        return "auto"
    if remembered not in DEVICES:
        raise SettingsError(f"the library's settings.json names the device {remembered!r}; "
                            f"use one of {', '.join(DEVICES)} (or pass --device)")
    return remembered
