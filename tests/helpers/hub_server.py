"""A Hugging Face hub on 127.0.0.1 in the hub's URL layout, for the real download code.

Implements what huggingface_hub calls: ``/api/models/{repo}/revision/{rev}`` (model info),
``/api/models/{repo}/tree/{rev}`` (files with git blob ids and LFS sha256 oids) and
``/{repo}/resolve/{rev}/{path}`` (HEAD and GET with ETag, X-Repo-Commit, X-Linked-Etag,
X-Linked-Size and Range). Faults on demand: drop the connection half-way through a file the
first time it is asked for, or serve wrong bytes under the right ETag; serve slowly
(``throttle``: bytes per second, sent in small pieces) like a slow line.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

LFS_SUFFIXES = (".onnx", ".onnx_data", ".armnn", ".rknn")


@dataclass
class Repo:
    commit: str
    files: dict[str, bytes]

    def is_lfs(self, path: str) -> bool:
        return path.endswith(LFS_SUFFIXES)

    def etag(self, path: str) -> str:
        data = self.files[path]
        if self.is_lfs(path):
            return hashlib.sha256(data).hexdigest()
        return hashlib.sha1(f"blob {len(data)}\0".encode() + data).hexdigest()


@dataclass
class HubState:
    repos: dict[str, Repo] = field(default_factory=dict)
    drop_once: set[str] = field(default_factory=set)  # "repo:path" cut half-way, once
    corrupt: set[str] = field(default_factory=set)  # "repo:path" served with wrong bytes
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    throttle: int = 0  # bytes per second for file bodies (0: as fast as it goes)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add_folder(self, repo: str, folder: Path, commit: str = "a" * 40,
                   extra: dict[str, bytes] | None = None) -> None:
        files = {p.relative_to(folder).as_posix(): p.read_bytes()
                 for p in sorted(folder.rglob("*")) if p.is_file()}
        self.repos[repo] = Repo(commit, {**files, **(extra or {})})

    def gets(self, path_suffix: str) -> list[dict[str, str]]:
        """Headers (lower-case names) of the GET requests for a URL ending in ``path_suffix``."""
        return [h for m, p, h in self.requests if m == "GET" and p.endswith(path_suffix)]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib name
        return None

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib name
        self._dispatch(head=True)

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self._dispatch(head=False)

    def _dispatch(self, head: bool) -> None:
        state = self.server.state
        path = unquote(urlparse(self.path).path)
        with state.lock:
            state.requests.append((self.command, path,
                                   {k.lower(): v for k, v in self.headers.items()}))
        parts = path.strip("/").split("/")
        if parts[:2] == ["api", "models"] and len(parts) >= 6:
            self._api(f"{parts[2]}/{parts[3]}", parts[4], parts[5])
        elif len(parts) >= 5 and parts[2] == "resolve":
            self._resolve(f"{parts[0]}/{parts[1]}", parts[3], "/".join(parts[4:]), head)
        else:
            self._error(404, "EntryNotFound")

    def _repo(self, repo_id: str, revision: str) -> Repo | None:
        repo = self.server.state.repos.get(repo_id)
        if repo is None:
            self._error(404, "RepoNotFound")
        elif revision not in ("main", repo.commit):
            self._error(404, "RevisionNotFound")
            return None
        return repo

    def _api(self, repo_id: str, kind: str, revision: str) -> None:
        repo = self._repo(repo_id, revision)
        if repo is None:
            return
        if kind == "revision":
            body: Any = {"id": repo_id, "sha": repo.commit,
                         "siblings": [{"rfilename": p} for p in repo.files]}
        elif kind == "tree":
            body = [self._tree_entry(repo, p) for p in repo.files]
        else:
            self._error(404, "EntryNotFound")
            return
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    @staticmethod
    def _tree_entry(repo: Repo, path: str) -> dict[str, Any]:
        data = repo.files[path]
        entry: dict[str, Any] = {"type": "file", "path": path, "size": len(data),
                                 "oid": hashlib.sha1(f"blob {len(data)}\0".encode() + data)
                                 .hexdigest()}
        if repo.is_lfs(path):
            entry["oid"] = hashlib.sha1(path.encode()).hexdigest()  # the pointer's blob id
            entry["lfs"] = {"oid": repo.etag(path), "size": len(data), "pointerSize": 134}
        return entry

    def _resolve(self, repo_id: str, revision: str, file: str, head: bool) -> None:
        repo = self._repo(repo_id, revision)
        if repo is None:
            return
        if file not in repo.files:
            self._error(404, "EntryNotFound", repo.commit)
            return
        key = f"{repo_id}:{file}"
        data = repo.files[file]
        if key in self.server.state.corrupt:
            data = bytes(b ^ 0x5A for b in data)
        start = _range_start(self.headers.get("Range"))
        self.send_response(206 if start else 200)
        self.send_header("X-Repo-Commit", repo.commit)
        self.send_header("ETag", f'"{repo.etag(file)}"')
        if repo.is_lfs(file):
            self.send_header("X-Linked-Etag", f'"{repo.etag(file)}"')
            self.send_header("X-Linked-Size", str(len(data)))
        self.send_header("Accept-Ranges", "bytes")
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.send_header("Content-Length", str(len(data) - start))
        self.end_headers()
        if head:
            return
        if key in self.server.state.drop_once and not start:
            self.server.state.drop_once.discard(key)
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self._send(data[start:])

    def _send(self, body: bytes) -> None:
        rate = self.server.state.throttle
        if not rate:
            self.wfile.write(body)
            return
        piece = max(1, rate // 20)   # 20 pieces a second
        try:
            for offset in range(0, len(body), piece):
                self.wfile.write(body[offset:offset + piece])
                self.wfile.flush()
                time.sleep(piece / rate)
        except (BrokenPipeError, ConnectionResetError):   # the client gave up (cancel)
            self.close_connection = True

    def _error(self, status: int, code: str, commit: str | None = None) -> None:
        self.send_response(status)
        self.send_header("X-Error-Code", code)
        if commit:
            self.send_header("X-Repo-Commit", commit)
        self.send_header("Content-Length", "0")
        self.end_headers()


def _range_start(header: str | None) -> int:
    if not header or not header.startswith("bytes="):
        return 0
    return int(header[len("bytes="):].split("-")[0] or 0)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, state: HubState) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.state = state


class HubServer:
    """``with HubServer() as hub:`` serves ``hub.state`` at ``hub.url`` until the end."""

    def __init__(self) -> None:
        self.state = HubState()
        self._server = _Server(self.state)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> HubServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
