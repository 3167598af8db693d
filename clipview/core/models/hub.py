"""Download a model bundle from the Hugging Face hub and verify every byte of it.

``huggingface_hub`` does the transfer (it honours HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE and
proxies, follows redirects and resumes a dropped transfer with a Range request). It does
not check content hashes, so every file is hashed here against what the hub lists for the
pinned commit: the LFS sha256 for LFS files, the git blob sha1 for the others.

It reads in CHUNK_BYTES pieces, so a cancel is noticed within one of them, and the
consumer stops waiting at once (the transfer thread ends at its next piece). Its own log
lines ("Error while downloading … Trying to resume") go to clipview's log file, never to the
terminal, and its progress bars are off (ours count the bytes: speed and time left).
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import queue
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from clipview.core.errors import ClipviewError
from clipview.core.progress import CancelToken

BUNDLE_DIRS = ("visual", "textual")
SKIPPED_SUFFIXES = (".armnn", ".rknn")  # Immich's ARM NN / RKNPU variants
REQUIRED = ("config.json", "visual/model.onnx", "visual/preprocess_cfg.json",
            "textual/model.onnx", "textual/tokenizer.json")
HOW_TO_GO_ON = ("download the bundle elsewhere and run 'clipview models install DIR', "
                "or export one with clipview-export (export/)")


_DISK_FULL = (errno.ENOSPC, errno.EDQUOT)
CHUNK_BYTES = 256 << 10   # huggingface_hub's read size (10 MB: seconds on a slow line)
CANCEL_WAIT_S = 0.3       # how long a cancelled download waits for its transfer thread
logger = logging.getLogger(__name__)


class HubError(ClipviewError):
    """The hub could not be reached or did not give what was asked for."""


class VerificationError(HubError):
    """A downloaded file does not have the hash the hub lists for it."""


class DownloadCancelled(ClipviewError):
    """The download was cancelled; files completed so far are kept for a resume."""


@dataclass(frozen=True)
class RemoteFile:
    """One file of the pinned commit, with the hash the hub gives for it."""

    path: str
    size: int
    sha256: str | None  # LFS files
    git_sha1: str


@dataclass(frozen=True)
class DownloadProgress:
    """``phase``: resolving, downloading, verifying, done; bytes over all files."""

    phase: str
    file: str = ""
    done_bytes: int = 0
    total_bytes: int = 0
    result: DownloadResult | None = None
    bytes_per_s: float = 0.0   # smoothed transfer speed (0: not known yet)


class TransferRate:
    """Bytes per second over the transfer, smoothed (an exponential average of half-second
    samples), so the speed and the time left do not jump with every piece."""

    SAMPLE_S = 0.5
    WEIGHT = 0.3   # of the newest sample

    def __init__(self, clock: Any = time.monotonic) -> None:
        self._clock = clock
        self._since, self._bytes, self.value = clock(), 0, 0.0

    def add(self, count: int) -> float:
        """Count ``count`` bytes that just came; returns the smoothed speed."""
        self._bytes += count
        now = self._clock()
        elapsed = now - self._since
        if elapsed >= self.SAMPLE_S:
            sample = self._bytes / elapsed
            self.value = sample if not self.value else \
                self.WEIGHT * sample + (1 - self.WEIGHT) * self.value
            self._since, self._bytes = now, 0
        return self.value


@dataclass(frozen=True)
class DownloadResult:
    repo: str
    revision: str
    commit: str
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # path → sha256, size


def endpoint() -> str:
    """The hub's address: $HF_ENDPOINT (read now, not at import) or huggingface.co."""
    from huggingface_hub import constants

    return os.environ.get("HF_ENDPOINT", "").rstrip("/") or constants.ENDPOINT


def bundle_files(entries: list[RemoteFile]) -> list[RemoteFile]:
    """What the app needs: config.json and the files directly inside visual/ and textual/."""
    chosen = []
    for entry in entries:
        parts = PurePosixPath(entry.path).parts
        wanted = parts == ("config.json",) or (len(parts) == 2 and parts[0] in BUNDLE_DIRS)
        if wanted and not entry.path.endswith(SKIPPED_SUFFIXES):
            chosen.append(entry)
    return chosen


def resolve(repo: str, revision: str = "main") -> tuple[str, list[RemoteFile]]:
    """The commit ``revision`` points at and the bundle's files there (HubError if not)."""
    from huggingface_hub import HfApi
    from huggingface_hub.hf_api import RepoFile

    api = HfApi(endpoint=endpoint())
    with _hub_errors(repo):
        commit = api.model_info(repo, revision=revision).sha or ""
        if not commit:
            raise HubError(f"the hub gave no commit for {repo}@{revision}")
        tree = list(api.list_repo_tree(repo, revision=commit, recursive=True))
    files = [RemoteFile(f.path, int(f.size), f.lfs.sha256 if f.lfs else None, f.blob_id)
             for f in tree if isinstance(f, RepoFile)]
    chosen = bundle_files(files)
    missing = sorted(set(REQUIRED) - {f.path for f in chosen})
    if missing:
        raise HubError(f"{repo} is not a CLIP bundle in Immich's layout: it has no "
                       f"{', '.join(missing)}")
    return commit, chosen


def download(repo: str, staging: Path, revision: str = "main",
             cancel: CancelToken | None = None) -> Iterator[DownloadProgress]:
    """Fetch the bundle's files into ``staging`` and verify them; yields progress.

    Files already complete in ``staging`` (an earlier, interrupted run) are not fetched
    again. The last progress carries the result (commit, sha256 and size of every file).
    On a hash mismatch the bad file is deleted and VerificationError raised.
    """
    yield DownloadProgress("resolving")
    commit, files = resolve(repo, revision)
    total = sum(f.size for f in files)
    _check_free_space(staging, total)
    quiet_hub_logging()
    events: queue.Queue[tuple[str, Any]] = queue.Queue()
    stop = threading.Event()
    worker = threading.Thread(target=_fetch_all, name="clipview-download", daemon=True,
                              args=(repo, commit, files, staging, events, stop))
    worker.start()
    try:
        yield from _relay(events, total, cancel, stop)
    finally:
        stop.set()   # a cancelled transfer ends at its next piece; nobody waits long for it
        worker.join(CANCEL_WAIT_S if cancel is not None and cancel.cancelled else None)
    shutil.rmtree(staging / ".cache", ignore_errors=True)  # huggingface_hub's bookkeeping
    done, hashes = 0, {}
    for item in files:
        yield DownloadProgress("verifying", item.path, done, total)
        hashes[item.path] = {"sha256": _verified_sha256(staging / item.path, item),
                             "size": item.size}
        done += item.size
    result = DownloadResult(repo, revision, commit, hashes)
    yield DownloadProgress("done", "", total, total, result)


def _relay(events: queue.Queue[tuple[str, Any]], total: int, cancel: CancelToken | None,
           stop: threading.Event) -> Iterator[DownloadProgress]:
    """The transfer thread's reports as progress; a cancel raises DownloadCancelled at once
    (within 0.1 s), without waiting for the thread to notice."""
    done, current, rate = 0, "", TransferRate()
    while True:
        if cancel is not None and cancel.cancelled:
            stop.set()
            raise DownloadCancelled("download cancelled")
        try:
            kind, value = events.get(timeout=0.1)
        except queue.Empty:
            continue
        if kind == "file":
            current = value
        elif kind in ("bytes", "kept"):   # kept: complete from an earlier run (no speed)
            done += value
            if kind == "bytes":
                rate.add(value)
        elif kind == "error":
            raise value
        elif kind == "finished":
            return
        yield DownloadProgress("downloading", current, min(done, total), total,
                               bytes_per_s=rate.value)


def _fetch_all(repo: str, commit: str, files: list[RemoteFile], staging: Path,
               events: queue.Queue[tuple[str, Any]], stop: threading.Event) -> None:
    from huggingface_hub import hf_hub_download

    bar = _progress_class(events, stop)
    try:
        for item in files:
            if stop.is_set():
                raise DownloadCancelled("download cancelled")
            events.put(("file", item.path))
            target = staging / item.path
            before = target.stat().st_size if target.is_file() else 0
            with _hub_errors(repo, staging):
                hf_hub_download(repo, item.path, revision=commit, local_dir=staging,
                                tqdm_class=bar, endpoint=endpoint())
            if before:  # complete from an earlier run: nothing came through the bar
                events.put(("kept", item.size))
        events.put(("finished", None))
    except BaseException as exc:  # handed to the consuming thread
        events.put(("error", exc))


def _progress_class(events: queue.Queue[tuple[str, Any]], stop: threading.Event) -> type:
    class _Bar:
        """What huggingface_hub calls instead of tqdm: reports bytes, honours cancel."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            pass

        def __enter__(self) -> _Bar:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def update(self, n: float | None = 1) -> None:
            if stop.is_set():
                raise DownloadCancelled("download cancelled")
            events.put(("bytes", int(n or 0)))

        def close(self) -> None:
            return None

    return _Bar


def quiet_hub_logging() -> None:
    """huggingface_hub's log lines to clipview's log file (INFO: never the terminal), its
    progress bars off, and its reads in CHUNK_BYTES pieces."""
    from huggingface_hub import constants
    from huggingface_hub.utils.tqdm import disable_progress_bars

    disable_progress_bars()
    constants.DOWNLOAD_CHUNK_SIZE = CHUNK_BYTES
    hub_logger = logging.getLogger("huggingface_hub")
    for handler in list(hub_logger.handlers):
        if not isinstance(handler, _ToOurLog):
            hub_logger.removeHandler(handler)
    if not hub_logger.handlers:
        hub_logger.addHandler(_ToOurLog())
    hub_logger.propagate = False


class _ToOurLog(logging.Handler):
    """Re-logs huggingface_hub's records as INFO lines of clipview's own logger."""

    def emit(self, record: logging.LogRecord) -> None:
        logger.info("huggingface_hub %s: %s", record.levelname.lower(),
                    " ".join(record.getMessage().split()))


@contextmanager
def _hub_errors(repo: str, folder: Path | None = None) -> Iterator[None]:
    """Turns huggingface_hub / network / disk errors into one HubError line; a full disk
    (writing into ``folder``) says so, and where."""
    from huggingface_hub import errors

    try:
        yield
    except ClipviewError:
        raise
    except Exception as exc:
        if not isinstance(exc, (OSError, ValueError)) and not _is_http_error(exc):
            raise
        if isinstance(exc, OSError) and exc.errno in _DISK_FULL and folder is not None:
            raise HubError(f"the disk is full: cannot save {repo} in {folder} ({exc.strerror});"
                           " free some space there and install again (the files downloaded "
                           "so far are kept)") from exc
        raise HubError(f"cannot download {repo} from {endpoint()}: "
                       f"{_reason(repo, exc, errors)}; {HOW_TO_GO_ON}") from exc


def _is_http_error(exc: BaseException) -> bool:
    """An error of the HTTP client huggingface_hub uses (httpx2 today)."""
    return type(exc).__module__.split(".")[0] in ("httpx", "httpx2", "httpcore", "httpcore2")


def _reason(repo: str, exc: BaseException, errors: Any) -> str:
    if isinstance(exc, errors.OfflineModeIsEnabled):
        return "offline mode is on (HF_HUB_OFFLINE)"
    if isinstance(exc, (errors.RepositoryNotFoundError, errors.GatedRepoError)):
        return f"no model repository {repo} (or it is private: set HF_TOKEN)"
    if isinstance(exc, errors.RevisionNotFoundError):
        return f"{repo} has no such revision"
    return _first_line(exc)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


def _check_free_space(folder: Path, needed: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise HubError(f"not enough disk space in {folder}: the model needs "
                       f"{needed / 1e6:.0f} MB, {free / 1e6:.0f} MB free")


def file_hashes(path: Path) -> tuple[str, str]:
    """(sha256, git blob sha1) of a file in one pass; git's id is the sha1 of
    ``blob <size>\\0`` followed by the content."""
    sha256 = hashlib.sha256()
    sha1 = hashlib.sha1(f"blob {path.stat().st_size}\0".encode())
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha256.update(block)
            sha1.update(block)
    return sha256.hexdigest(), sha1.hexdigest()


def _verified_sha256(path: Path, item: RemoteFile) -> str:
    """The file's sha256 after checking it against the hub's hash (VerificationError)."""
    try:
        sha256, sha1 = file_hashes(path)
    except OSError as exc:
        raise HubError(f"cannot read the downloaded {item.path}: {exc.strerror or exc}") from exc
    actual, expected, kind = (sha256, item.sha256, "sha256") if item.sha256 \
        else (sha1, item.git_sha1, "git sha1")
    if actual != expected.lower():
        path.unlink(missing_ok=True)
        raise VerificationError(f"{item.path} is corrupt: its {kind} is {actual[:12]}…, the hub "
                                f"lists {expected[:12]}…; nothing was installed (try again)")
    return sha256
