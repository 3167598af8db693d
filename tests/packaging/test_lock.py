"""The lock files (requirements/*.lock, made by packaging/lock.sh) satisfy pyproject.toml: the
build (packaging/build.sh) and CI (.ci/run) install from them with --require-hashes, so a
dependency changed in pyproject.toml without a new lock fails here, not in a release."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.helpers.paths import REPO

# the platform the locks are made for (packaging/lock.sh)
ENVIRONMENT = {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix",
               "platform_machine": "x86_64", "python_version": "3.11",
               "python_full_version": "3.11.7", "implementation_name": "cpython",
               "platform_python_implementation": "CPython", "extra": ""}
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^ \\]+)")


def pins(name: str) -> dict[str, tuple[str, int]]:
    """Each locked package: its version and how many sha256 hashes it has."""
    found: dict[str, tuple[str, int]] = {}
    current = ""
    for line in (REPO / "requirements" / name).read_text().splitlines():
        if (pin := PIN.match(line)):
            current = canonicalize_name(pin[1])
            found[current] = (pin[2], 0)
        elif "--hash=sha256:" in line and current:
            version, hashes = found[current]
            found[current] = (version, hashes + 1)
    return found


def wanted(extra: str | None = None) -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    lines = project["dependencies"] + (project["optional-dependencies"][extra] if extra else [])
    requirements = [Requirement(line) for line in lines]
    return [r for r in requirements
            if r.marker is None or Marker(str(r.marker)).evaluate(ENVIRONMENT)]


@pytest.mark.parametrize(("lock", "extra"), [("app.lock", None), ("test.lock", "test")])
def test_every_dependency_is_locked_within_its_specifier(lock: str, extra: str | None) -> None:
    locked = pins(lock)
    for requirement in wanted(extra):
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{name} is not in requirements/{lock}: run packaging/lock.sh"
        version, hashes = locked[name]
        assert requirement.specifier.contains(version, prereleases=True), (
            f"{name}=={version} in {lock} does not satisfy {requirement}: run packaging/lock.sh")
        assert hashes >= 1, f"{name} has no sha256 in {lock}"


def test_the_test_lock_holds_the_app_lock_unchanged() -> None:
    app, test = pins("app.lock"), pins("test.lock")
    assert {name: app[name][0] for name in app} == {name: test[name][0] for name in app}


def test_the_app_lock_holds_no_test_only_package() -> None:
    """The app reads HEIC with pi-heif and hashes with its own numpy code: pillow-heif (with
    its x265 encoder), imagehash and scipy are for the tests only."""
    app = pins("app.lock")
    for name in ("pillow-heif", "imagehash", "scipy", "pywavelets", "pytest", "torch"):
        assert name not in app, name


def test_the_locks_are_for_the_binaries_platform() -> None:
    script = (REPO / "packaging" / "lock.sh").read_text()
    assert "--python-version 3.11" in script and "x86_64-manylinux_2_36" in script
    assert Path(REPO / "requirements" / "app.lock").read_text().startswith("# app.lock")
