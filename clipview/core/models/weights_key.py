"""The catalog key of a model: it names the weights, not the folder they are in.

Vectors are stored per key, so the key must change whenever any file that shapes the
embeddings changes: both encoders' ``model.onnx``, their external-data files (every other
non-text file beside them) and ``visual/preprocess_cfg.json``. Each file's sha256 comes from
the bundle's ``manifest.json`` (written when clipview installed it) when the manifest is newer
than the file and records its size; otherwise the file is hashed, once: the hash is cached
(in this process and, through ``HashCache``, in the library) under the file's size, mtime,
ctime and inode, so weights copied over a bundle folder (even with ``cp -p``) are hashed anew.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
import threading
from pathlib import Path
from typing import Protocol

from clipview.core.errors import BundleError
from clipview.core.models.bundle import ModelBundle

logger = logging.getLogger(__name__)

ENCODER_FOLDERS = ("visual", "textual")
_TEXT_SUFFIXES = (".json", ".txt", ".md")
_OTHER_HARDWARE = (".armnn", ".rknn")  # Immich's ARM NN / RKNPU variants: never run here
_SHAPES_VECTORS = ("visual/preprocess_cfg.json",)
_MEMO: dict[tuple[str, tuple[int, ...]], str] = {}
_MEMO_GUARD = threading.Lock()


class HashCache(Protocol):
    """Where hashes survive between runs (the library's catalog)."""

    def cached_hash(self, path: str, facts: tuple[int, ...]) -> str | None: ...

    def store_hash(self, path: str, facts: tuple[int, ...], sha256: str) -> None: ...


def weight_files(bundle: ModelBundle) -> list[Path]:
    """The files whose content shapes the embeddings, sorted."""
    found = [bundle.root / rel for rel in _SHAPES_VECTORS]
    for folder in ENCODER_FOLDERS:
        try:
            entries = sorted(os.scandir(bundle.root / folder), key=lambda e: e.name)
        except OSError as exc:
            raise BundleError(f"cannot read {bundle.root / folder}: {exc.strerror}") from exc
        found += [Path(e.path) for e in entries if not e.name.startswith(".")
                  and not e.name.endswith(_TEXT_SUFFIXES + _OTHER_HARDWARE)
                  and e.is_file(follow_symlinks=True)]
    return found


def facts_of(info: os.stat_result) -> tuple[int, ...]:
    """What must stay the same for a cached hash to be reused."""
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)


def sha256_of(path: Path, info: os.stat_result) -> str:
    """The file's sha256, read in 1 MiB blocks (regular files only)."""
    if not stat.S_ISREG(info.st_mode):
        raise BundleError(f"{path} is not a regular file")
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as exc:
        raise BundleError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return digest.hexdigest()


def _from_manifest(bundle: ModelBundle, rel: str, info: os.stat_result) -> str | None:
    files = bundle.manifest.get("files")
    entry = files.get(rel) if isinstance(files, dict) else None
    if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str) or \
            entry.get("size") != info.st_size:
        return None
    try:
        written = (bundle.root / "manifest.json").stat().st_mtime_ns
    except OSError:
        return None
    if info.st_ctime_ns > written or info.st_mtime_ns > written:
        return None  # the file changed after the manifest recorded it
    return str(entry["sha256"])


def file_sha256(bundle: ModelBundle, path: Path, cache: HashCache | None) -> str:
    """One weight file's sha256: the manifest's, a cached one, or hashed now."""
    try:
        info = path.stat()
    except OSError as exc:
        raise BundleError(f"cannot read {path}: {exc.strerror or exc}") from exc
    rel = path.relative_to(bundle.root).as_posix()
    found = _from_manifest(bundle, rel, info)
    if found is not None:
        return found
    facts, name = facts_of(info), str(path.resolve())
    with _MEMO_GUARD:
        found = _MEMO.get((name, facts))
    if found is None and cache is not None:
        found = cache.cached_hash(name, facts)
    if found is None:
        logger.info("hashing %s (once; the model key covers every weight file)", path)
        found = sha256_of(path, info)
        if cache is not None:
            cache.store_hash(name, facts, found)
    with _MEMO_GUARD:
        _MEMO[(name, facts)] = found
    return found


def weights_key(bundle: ModelBundle, cache: HashCache | None = None) -> str:
    """``name-dim-hash``: the hash covers the names and sha256 of every weight file."""
    digest = hashlib.sha256()
    for path in weight_files(bundle):
        rel = path.relative_to(bundle.root).as_posix()
        digest.update(f"{rel}\0{file_sha256(bundle, path, cache)}\n".encode())
    return f"{bundle.name}-{bundle.embed_dim}-{digest.hexdigest()[:16]}"


def legacy_key(bundle: ModelBundle) -> str:
    """The key clipview used before (the visual model's size and first MiB): a library made
    then adopts its vectors under ``weights_key`` when this key matches."""
    digest = hashlib.sha256()
    path = bundle.visual_model
    try:
        digest.update(str(path.stat().st_size).encode())
        with path.open("rb") as handle:
            digest.update(handle.read(1 << 20))
    except OSError as exc:
        raise BundleError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return f"{bundle.name}-{bundle.embed_dim}-{digest.hexdigest()[:12]}"
