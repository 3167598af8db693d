"""A model ready in seconds: from a bundle just downloaded (no int8 copy, no decision in a
fresh cache folder) to the first search answered with it, in a fresh process — fp32 at once
— and, beside it, how long the int8 copy takes in the background (quantisation and parity
check; searches never wait for it)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.benchmarks.bench_data import ROOT

_READY = """
import json, sys, time
started = time.perf_counter()
import clipview
library = clipview.open_library(sys.argv[1], sys.argv[2], "cpu")
library.search("a dog running on a beach", 10)
ready = time.perf_counter() - started
key = library.key
library.close()
from clipview.core.models.bundle import load_bundle
from clipview.core.models.quantize import make_int8
started = time.perf_counter()
for step in make_int8(load_bundle(sys.argv[2])):
    chosen = getattr(step, "precision", None)
int8 = time.perf_counter() - started
print(json.dumps({"model_ready_s": ready, "fp32_key": key, "int8_build_s": int8,
                  "int8_chosen": getattr(chosen, "name", None)}))
"""


def model_ready(bundle: Path, scratch: Path, env: dict[str, str]) -> dict[str, Any]:
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    fresh = env | {"XDG_CACHE_HOME": str(scratch / "cache"), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", _READY, str(scratch / "home"), str(bundle)],
                          capture_output=True, text=True, env=fresh, cwd=ROOT, timeout=1800,
                          check=True)
    measured: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    measured["model_bytes"] = sum(os.path.getsize(p) for p in bundle.rglob("*.onnx"))
    return {k: round(v, 2) if isinstance(v, float) else v for k, v in measured.items()}
