"""Steps of installing a model: progress, copying a folder, validating, the manifest."""

from __future__ import annotations

import errno
import json
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from clipview.core.errors import BundleError
from clipview.core.models.bundle import read_json, size_limit
from clipview.core.models.hub import SKIPPED_SUFFIXES, RemoteFile, bundle_files, file_hashes
from clipview.core.models.installed import InstalledModel
from clipview.core.private_files import replace_file
from clipview.core.version import __version__

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class InstallProgress:
    """``phase``: resolving, downloading, verifying, copying, loading, done. Bytes count
    downloading and verifying; ``step`` of ``steps`` count loading (the text encoder, the
    image encoder: LOAD_STEPS)."""

    phase: str
    name: str
    file: str = ""
    done_bytes: int = 0
    total_bytes: int = 0
    model: InstalledModel | None = None
    already_installed: bool = False
    step: int = 0
    steps: int = 0
    bytes_per_s: float = 0.0   # downloading: the smoothed speed (0 while not known)

    @property
    def fraction(self) -> float:
        if self.steps:
            return self.step / self.steps
        return self.done_bytes / self.total_bytes if self.total_bytes else 0.0

    @property
    def seconds_left(self) -> float | None:
        """Downloading: the time left at the smoothed speed (None while not known)."""
        if self.phase != "downloading" or self.bytes_per_s <= 0 or not self.total_bytes:
            return None
        return max(0, self.total_bytes - self.done_bytes) / self.bytes_per_s


LOAD_STEPS = ("the text encoder", "the image encoder")


def copy_bundle_files(source: Path, staging: Path) -> dict[str, dict[str, Any]]:
    """Copy what the app needs from a bundle folder (as ``hub.bundle_files`` chooses);
    returns path → sha256 and size of what was copied."""
    listed = [RemoteFile(p.relative_to(source).as_posix(), p.stat().st_size, None, "")
              for p in sorted(source.rglob("*")) if p.is_file()]
    chosen = bundle_files(listed)
    if not any(f.path == "config.json" for f in chosen):
        raise BundleError(f"{source} is not a model bundle: it has no config.json")
    files = {}
    for item in chosen:
        limit = size_limit(item.path)
        if limit is not None and item.size > limit:  # never copied, never parsed
            raise BundleError(f"{source / item.path} is {item.size / 1e6:.1f} MB: a bundle's "
                              f"{PurePosixPath(item.path).name} is at most {limit / 1e6:.0f} MB")
        target = staging / item.path
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.copyfile(source / item.path, target)
        except OSError as exc:
            where = f" into {staging.parent}: the disk is full" if exc.errno in (
                errno.ENOSPC, errno.EDQUOT) else ""
            raise BundleError(f"cannot copy {source / item.path}{where} "
                              f"({exc.strerror or exc})") from exc
        files[item.path] = {"sha256": file_hashes(target)[0], "size": target.stat().st_size}
    if (source / MANIFEST).is_file():  # the exporter's (precision, parity …), extended later
        shutil.copyfile(source / MANIFEST, staging / MANIFEST)
    return files


def validate_bundle(root: Path) -> None:
    """Load the bundle and run both encoders once on CPU (BundleError when they fail)."""
    for _ in validation_steps(root):
        pass


def validation_steps(root: Path) -> Iterator[int]:
    """``validate_bundle`` step by step: yields how many of LOAD_STEPS are done. The fp32
    files are loaded (the int8 copy is made later, in the background: quantize.make_int8)."""
    from clipview.core.models.encoder import load_model

    model = load_model(root, device="cpu", threads=1, quantize=False)
    yield 0
    model.encode_texts(["a photo"])
    yield 1
    model.encode_pixels(model.grey_pixels())  # broken only if even grey is (as in use)
    model.close()
    yield 2


def write_manifest(root: Path, name: str, source: dict[str, Any],
                   files: dict[str, dict[str, Any]]) -> None:
    """Our manifest.json: name, where it came from, sha256 of every file. Keys of a
    manifest the bundle brought (the exporter's: precision, parity …) are kept."""
    path = root / MANIFEST
    earlier = read_json(path) if path.is_file() else {}
    manifest = {**earlier, "name": name, **source, "files": files,
                "installed_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "installed_by": f"clipview {__version__}"}
    replace_file(path, json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8"))


def check_files(root: Path, files: Any) -> list[str]:
    """Compare every file recorded in the manifest with what is on disk."""
    if not isinstance(files, dict) or not files:
        return [f"{root / MANIFEST} records no file hashes; reinstall the model to verify it"]
    problems = []
    for rel, expected in sorted(files.items()):
        path = root / rel
        if not path.is_file():
            problems.append(f"{rel} is missing")
        elif file_hashes(path)[0] != expected.get("sha256"):
            problems.append(f"{rel} has changed (sha256 differs from the one recorded)")
    extra = [f for p in ("visual", "textual") if (root / p).is_dir()
             for f in (root / p).iterdir() if f.is_file() and not f.name.endswith(
                 SKIPPED_SUFFIXES) and f"{p}/{f.name}" not in files]
    problems += [f"{f.relative_to(root).as_posix()} is not in the manifest" for f in extra]
    return problems
