"""``status``'s runtime fields and the CUDA library preload of ``clipview[gpu]``.

No GPU is available where these tests run: the CUDA path is checked with ONNX Runtime's
functions replaced (the order of calls, what reaches stdout), not on a device."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

import onnxruntime as ort
import pytest

from clipview.core.library.runtime_info import cuda_reason, runtime_status
from clipview.core.models import runtime


@pytest.fixture()
def fresh_runtime() -> Any:
    runtime.preload_cuda_libraries.cache_clear()
    runtime.cuda_unavailable_reason.cache_clear()
    yield runtime
    runtime.preload_cuda_libraries.cache_clear()
    runtime.cuda_unavailable_reason.cache_clear()


def test_installed_onnxruntime_has_preload_dlls() -> None:
    assert callable(getattr(ort, "preload_dlls", None))


def test_runtime_status_on_the_cpu() -> None:
    status = runtime_status("cpu", "cpu", "")
    assert status.onnxruntime == ort.__version__
    assert status.providers == ort.get_available_providers()
    assert "CPUExecutionProvider" in status.providers
    assert (status.device, status.gpu) == ("cpu", None)
    assert status.reason == "the CPU was asked for (--device cpu)"
    note = "CUDA not used: no NVIDIA GPU driver found (libcuda could not be loaded); " \
           "running on CPU"
    assert cuda_reason("cpu", "auto", note) == \
        "no NVIDIA GPU driver found (libcuda could not be loaded)"
    assert cuda_reason("cuda", "auto", "") is None


def test_gpu_name_comes_from_nvidia_smi(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                        ) -> None:
    tool = tmp_path / "nvidia-smi"
    tool.write_text("#!/bin/sh\n[ \"$1\" = --query-gpu=name ] && echo 'NVIDIA H100 80GB HBM3'"
                    "\n")
    tool.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    status = runtime_status("cuda", "auto", "")
    assert (status.gpu, status.reason) == ("NVIDIA H100 80GB HBM3", None)


class _FakeSession:
    def __init__(self, path: str, sess_options: object, providers: list[str]) -> None:
        calls.append(("session", providers))

    def get_providers(self) -> list[str]:
        return ["CPUExecutionProvider"]


calls: list[tuple[str, object]] = []


def _fake_ort(monkeypatch: pytest.MonkeyPatch, nvidia_packages: bool) -> None:
    calls.clear()

    def preload() -> None:
        calls.append(("preload", None))
        print("Failed to load libcudnn.so.9: not found")  # what ORT prints on stdout

    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(ort, "preload_dlls", preload, raising=False)
    monkeypatch.setattr(ort, "InferenceSession", _FakeSession)
    monkeypatch.setattr(runtime, "cuda_unavailable_reason", lambda: None)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: object()
                        if name == "nvidia" and nvidia_packages else real_find_spec(name, *a))


def test_cuda_libraries_are_preloaded_once_before_the_first_cuda_session(
        fresh_runtime: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        capsys: pytest.CaptureFixture[str]) -> None:
    _fake_ort(monkeypatch, nvidia_packages=True)
    info = runtime.create_session(tmp_path / "model.onnx", "auto")
    runtime.create_session(tmp_path / "model.onnx", "cuda")
    assert calls == [("preload", None),
                     ("session", ["CUDAExecutionProvider", "CPUExecutionProvider"]),
                     ("session", ["CUDAExecutionProvider", "CPUExecutionProvider"])]
    assert capsys.readouterr().out == ""  # ORT's own lines go to the log, not into --json
    assert info.device == "cpu" and "CUDA provider failed to start" in info.note


def test_no_preload_without_the_nvidia_packages_or_on_the_cpu(
        fresh_runtime: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fake_ort(monkeypatch, nvidia_packages=False)
    runtime.create_session(tmp_path / "model.onnx", "auto")
    assert calls == [("session", ["CUDAExecutionProvider", "CPUExecutionProvider"])]
    _fake_ort(monkeypatch, nvidia_packages=True)
    runtime.preload_cuda_libraries.cache_clear()
    runtime.create_session(tmp_path / "model.onnx", "cpu")
    assert calls == [("session", ["CPUExecutionProvider"])]
