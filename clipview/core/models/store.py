"""Installed models: ``<home>/models/<name>/``, one bundle per folder, and which one is used.

``ModelStore(home)`` lists, installs (catalogue name, hub OWNER/REPO or folder), verifies and
removes models, and resolves what ``--model`` / CLIPVIEW_MODEL / settings.json name. Installs
are atomic: everything is fetched or copied into a hidden folder beside the target, verified,
validated (both fp32 ONNX sessions load and run) and only then renamed into place; the model
is usable then. Its int8 copy for the CPU (``quantize.make_int8``) is made afterwards, by
whoever installs it (the CLI after its "installed" line, the app as a background job).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

from clipview.core.errors import BundleError, ClipviewError
from clipview.core.models import catalogue as model_catalogue
from clipview.core.models import hub
from clipview.core.models.bundle import load_bundle, read_json
from clipview.core.models.install import (
    LOAD_STEPS,
    InstallProgress,
    check_files,
    copy_bundle_files,
    validate_bundle,
    validation_steps,
    write_manifest,
)
from clipview.core.models.installed import InstalledModel
from clipview.core.models.settings import load_settings, update_settings
from clipview.core.paths import expand_user
from clipview.core.progress import CancelToken

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
REPO = re.compile(r"^[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*$")
PARTIAL = ".partial"  # hub downloads kept for a resume after a cancel or network failure

__all__ = ["InstallProgress", "InstalledModel", "ModelStore", "ModelStoreError"]


class ModelStoreError(ClipviewError):
    """A model cannot be installed, found, used or removed."""


class ModelStore:
    """The models of the library at ``home``."""

    def __init__(self, home: Path) -> None:
        self.home = Path(home).expanduser()
        self.root = self.home / "models"

    # -- what is installed ------------------------------------------------------------------
    def names(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.name for p in self.root.iterdir()
                      if NAME.match(p.name) and (p / "config.json").is_file())

    def get(self, name: str) -> InstalledModel:
        path = self.root / name
        if not NAME.match(name) or not (path / "config.json").is_file():
            raise ModelStoreError(f"no model called {name!r} is installed{self._listing()}")
        manifest = _json_or_empty(path / "manifest.json")  # a bad one: loading says why
        dim = _json_or_empty(path / "config.json").get("embed_dim")
        size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
        return InstalledModel(name, path, dim if isinstance(dim, int) else None, size, manifest)

    def installed(self) -> list[InstalledModel]:
        return [self.get(name) for name in self.names()]

    def _listing(self) -> str:
        names = self.names()
        return f" (installed: {', '.join(names)})" if names else " (none is installed)"

    # -- choosing ---------------------------------------------------------------------------
    def chosen(self) -> str | None:
        """The model remembered by ``use`` (a name or a folder), if any."""
        return load_settings(self.home).model

    def use(self, value: str) -> Path:
        """Remember ``value`` (an installed name or a bundle folder) as the model in use at
        once (``model_switch.use_model`` keeps search working while a new model's vectors
        are built)."""
        path, remembered = self.remembered(value)
        update_settings(self.home, model=remembered, target_model=None)
        return path

    def remembered(self, value: str) -> tuple[Path, str]:
        """The bundle folder for ``value`` and how settings.json remembers it: the name of
        an installed model, else the folder's absolute path."""
        path = self._resolve_value(value)
        return path, path.name if path.parent == self.root else str(path.resolve())

    def resolve(self, value: str | None = None) -> Path:
        """The bundle folder for ``value`` (name or folder); without one the remembered
        model, else the only installed one."""
        if value:
            return self._resolve_value(value)
        chosen = self.chosen()
        if chosen:
            return self._resolve_value(chosen, remembered=True)
        names = self.names()
        if len(names) == 1:
            return self.root / names[0]
        if names:
            raise ModelStoreError(f"several models are installed ({', '.join(names)}): choose "
                                  "one with 'clipview models use NAME' or --model")
        default = model_catalogue.recommended("cpu")
        raise ModelStoreError(
            f"no model bundle: none is installed; run 'clipview models install {default.name}'"
            f" (about {default.size_bytes / 1e6:.0f} MB), or pass --model DIR")

    def _resolve_value(self, value: str, remembered: bool = False) -> Path:
        if NAME.match(value) and (self.root / value / "config.json").is_file():
            return self.root / value
        folder = expand_user(value)
        if folder.is_dir():
            return folder
        hint = " (remembered by 'clipview models use'; choose another)" if remembered else ""
        what = f"model bundle {folder} does not exist" if not NAME.match(value) else \
            f"model {value!r} is neither an installed model nor a folder"
        raise ModelStoreError(f"{what}{hint}{self._listing()}")

    # -- installing -------------------------------------------------------------------------
    def install(self, source: str, name: str | None = None, revision: str = "main",
                cancel: CancelToken | None = None) -> Generator[InstallProgress, None, None]:
        """Install from a catalogue name, a hub OWNER/REPO or a bundle folder; yields
        progress, the last one with ``model`` set. An installed model is left as it is."""
        self._models_folder()
        folder = expand_user(source)
        if folder.is_dir():
            yield from self._install_folder(folder, name or folder.resolve().name)
            return
        entry = model_catalogue.find(source)
        if entry is None and not REPO.match(source):
            raise ModelStoreError(
                f"{source!r} is not a catalogue model, a hub repository (OWNER/REPO) or a "
                "folder; 'clipview models list' shows the catalogue")
        repo = entry.repo if entry else source
        yield from self._install_hub(repo, name or repo.split("/")[1], revision, cancel)

    def _install_hub(self, repo: str, name: str, revision: str,
                     cancel: CancelToken | None) -> Iterator[InstallProgress]:
        self._check_new_name(name)
        if name in self.names():
            yield InstallProgress("done", name, model=self.get(name), already_installed=True)
            return
        staging = self.root / PARTIAL / name
        result = None
        try:
            for step in hub.download(repo, staging, revision, cancel):
                yield InstallProgress(step.phase if step.phase != "done" else "verifying", name,
                                      step.file, step.done_bytes, step.total_bytes,
                                      bytes_per_s=step.bytes_per_s)
                result = step.result or result
        except (hub.VerificationError, ModelStoreError):
            shutil.rmtree(staging, ignore_errors=True)  # corrupt bytes are never reused
            raise
        assert result is not None
        source = {"source": "hub", "repo": repo, "revision": revision,
                  "commit": result.commit}
        yield from self._commit(staging, name, source, result.files)

    def _install_folder(self, folder: Path, name: str) -> Iterator[InstallProgress]:
        self._check_new_name(name)
        if name in self.names():
            raise ModelStoreError(f"a model called {name!r} is already installed; choose "
                                  "another with --name, or remove it first")
        load_bundle(folder)  # what is wrong is said of the user's folder, not of the copy
        staging = Path(tempfile.mkdtemp(prefix=f".incoming-{name}-", dir=self.root))
        try:
            yield InstallProgress("copying", name)
            files = copy_bundle_files(folder, staging)
            source = {"source": "folder", "origin": str(folder.resolve())}
            yield from self._commit(staging, name, source, files)
        finally:
            shutil.rmtree(staging, ignore_errors=True)

    def _commit(self, staging: Path, name: str, source: dict[str, Any],
                files: dict[str, dict[str, Any]]) -> Iterator[InstallProgress]:
        try:
            for step in validation_steps(staging):
                yield InstallProgress("loading", name, LOAD_STEPS[step] if step < len(
                    LOAD_STEPS) else "", step=step, steps=len(LOAD_STEPS))
        except ClipviewError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise ModelStoreError(f"{name} was not installed: {exc}") from exc
        write_manifest(staging, name, source, files)
        target = self.root / name
        try:
            staging.rename(target)  # atomic; fails if a model of that name appeared meanwhile
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise ModelStoreError(f"cannot install {name} at {target}: "
                                  f"{exc.strerror or exc}") from exc
        yield InstallProgress("done", name, model=self.get(name))

    def _models_folder(self) -> None:
        """Make ``<home>/models`` if needed; one line when it cannot be (a file there)."""
        try:
            self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            why = "it is a file, not a folder" if self.root.is_file() else exc.strerror or exc
            raise ModelStoreError(f"cannot keep models in {self.root}: {why}; move it away "
                                  "(or choose another library with --home)") from exc

    def _check_new_name(self, name: str) -> None:
        if not NAME.match(name):
            raise ModelStoreError(f"{name!r} cannot be a model name: use letters, digits, "
                                  "'.', '_' and '-' (up to 100), starting with a letter/digit")

    # -- removing and checking --------------------------------------------------------------
    def remove(self, name: str) -> InstalledModel:
        """Delete an installed model (and a partial download of it); forgets it if in use or
        being built (``model_switch.remove_model`` decides whether it may go)."""
        model = self.get(name)
        trash = Path(tempfile.mkdtemp(prefix=f".removing-{name}-", dir=self.root))
        model.path.rename(trash / name)  # gone from the store at once, then deleted
        shutil.rmtree(trash, ignore_errors=True)
        shutil.rmtree(self.root / PARTIAL / name, ignore_errors=True)
        settings = load_settings(self.home)
        forget = {key: None for key, value in (("model", settings.model), (
            "target_model", settings.extra.get("target_model"))) if value == name}
        if forget:
            update_settings(self.home, **forget)
        return model

    def verify(self, name: str) -> list[str]:
        """Problems found in an installed model (empty when every file matches its
        recorded sha256 and the bundle loads)."""
        model = self.get(name)
        problems = check_files(model.path, model.manifest.get("files"))
        if not problems:
            try:
                validate_bundle(model.path)
            except ClipviewError as exc:
                problems.append(str(exc))
        return problems


def _json_or_empty(path: Path) -> dict[str, Any]:
    """A model's JSON file for listing it; {} when it is missing or cannot be used."""
    try:
        return read_json(path) if path.is_file() else {}
    except BundleError:
        return {}
