"""The one-folder app runs on CPUs older than the build machine's: its hnswlib is compiled
for x86-64-v2 (SSE4.2 and POPCNT, no AVX: ``packaging/build.sh``, README "The one-folder
app"), not ``-march=native``, so a build machine with AVX-512 makes no app that dies with
SIGILL elsewhere. Checked by disassembly and by running the app under QEMU with a CPU of
that level. Slow; skipped when the app is not built.

    apt-get install binutils qemu-user      # objdump and qemu-x86_64
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.helpers.synthetic_bundle import colour_photo
from tests.packaging.frozen_app import APP, INTERNAL, bare_env, needs_the_app

pytestmark = needs_the_app

X86_LEVEL = "x86-64-v2"
# a CPU model of exactly that level: SSE4.2, POPCNT, CX16, LAHF; no AVX, no BMI, no AVX-512
QEMU_CPU = "Nehalem"
# what x86-64-v3 and v4 add: AVX, AVX2, FMA, F16C (VEX: mnemonics "v…"), AVX-512 (EVEX:
# also zmm and mask registers), BMI1, BMI2, LZCNT, MOVBE
ABOVE_LEVEL = frozenset({"andn", "bextr", "blsi", "blsmsk", "blsr", "bzhi", "mulx", "pdep",
                         "pext", "rorx", "sarx", "shlx", "shrx", "lzcnt", "movbe"})
WIDE_REGISTER = re.compile(r"%(?:ymm|zmm)\d+|%k[0-7]\b")
PREFIXES = frozenset({"rep", "repz", "repnz", "repe", "repne", "lock", "cs", "ds", "es",
                      "ss", "fs", "gs", "data16", "addr32", "notrack", "bnd"})
INSTRUCTION = re.compile(r"^\s*[0-9a-f]+:\t(?P<text>[^\t]+)$")


def tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} not installed (apt-get install {package})")
    return path


def above_level(module: Path) -> list[str]:
    """The instructions of ``module`` that a CPU of X86_LEVEL cannot run."""
    listing = subprocess.run([tool("objdump", "binutils"), "-d", "--no-show-raw-insn",
                              str(module)], capture_output=True, text=True, check=True)
    found = []
    for line in listing.stdout.splitlines():
        match = INSTRUCTION.match(line)
        if match is None:
            continue
        words = [word for word in match["text"].split() if word not in PREFIXES]
        mnemonic = words[0] if words else ""
        if (mnemonic.startswith("v") and mnemonic not in {"verr", "verw"}
                or mnemonic in ABOVE_LEVEL or WIDE_REGISTER.search(match["text"])):
            found.append(line.strip())
    return found


def hnswlib_module() -> Path:
    modules = sorted(INTERNAL.glob("hnswlib*.so"))
    assert len(modules) == 1, modules
    return modules[0]


def test_hnswlib_has_no_instruction_above_the_level() -> None:
    module = hnswlib_module()
    found = above_level(module)
    assert not found, f"{len(found)} instructions above {X86_LEVEL} in {module.name}: " \
                      f"{found[:5]}"


def under_qemu(home: Path, *args: str, qemu: tuple[str, ...] = ()
               ) -> subprocess.CompletedProcess[str]:
    """The app on a QEMU CPU of X86_LEVEL, every instruction emulated. PyInstaller's
    bootloader re-executes itself once (LD_LIBRARY_PATH set, its process level 0), and
    qemu-user would let the kernel run that second process natively: the app is started in
    that state, so no re-exec happens (test_the_app_is_not_re_executed checks it)."""
    state = {"_PYI_PARENT_PROCESS_LEVEL": "0", "_PYI_ARCHIVE_FILE": str(APP),
             "LD_LIBRARY_PATH": str(INTERNAL)}
    command = [*bare_env(home, **state), tool("qemu-x86_64", "qemu-user"), "-cpu", QEMU_CPU,
               *qemu, str(APP), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=home)


def test_the_app_is_not_re_executed_under_qemu(tmp_path: Path) -> None:
    result = under_qemu(tmp_path, "--version", qemu=("-strace",))
    assert result.returncode == 0, result.stderr[-2000:]
    assert "execve(" not in result.stderr and result.stdout.startswith("clipview ")


def test_index_and_search_answer_on_an_older_cpu(tmp_path: Path, colour_bundle: Path) -> None:
    """index (hnswlib builds its graph, ONNX Runtime encodes), then search (the graph is
    read, the text encoded), both on the emulated CPU."""
    for n, colour in enumerate(["red", "blue", "green", "yellow"]):
        colour_photo(tmp_path / "photos" / f"{colour}.png", colour, seed=n)
    options = ["--home", str(tmp_path / "library"), "--model", str(colour_bundle)]
    indexed = under_qemu(tmp_path, "index", str(tmp_path / "photos"), "--json", *options)
    assert indexed.returncode == 0, (indexed.returncode, indexed.stderr[-2000:])
    assert json.loads(indexed.stdout)["indexed"] == 4
    assert list((tmp_path / "library").glob("index/*.hnsw"))  # the graph was built and saved
    found = under_qemu(tmp_path, "search", "red", "-n", "1", "--json", *options)
    assert found.returncode == 0, (found.returncode, found.stderr[-2000:])
    assert json.loads(found.stdout)[0]["path"].endswith("red.png")
