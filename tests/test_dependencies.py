"""The dependency set is locked, installed as locked, and audited for known vulnerabilities."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import urllib.request
from importlib import metadata
from pathlib import Path

import pytest

from .conftest import REPO

LOCK = REPO / "requirements.lock"
PIP_AUDIT = Path(sys.executable).parent / "pip-audit"


def locked() -> dict[str, str]:
    pins = {}
    for line in LOCK.read_text().splitlines():
        name, _, version = line.partition("==")
        pins[canonical(name)] = version.strip()
    return pins


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> list[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["test"]
    return [canonical(re.split(r"[<>=!\[; ]", r, maxsplit=1)[0]) for r in requirements]


def test_every_declared_dependency_is_pinned_in_the_lock():
    pins = locked()
    assert all(line.count("==") == 1 for line in LOCK.read_text().splitlines())
    assert [name for name in declared() if name not in pins] == []


def test_installed_versions_are_the_locked_ones():
    mismatched = []
    for name, version in locked().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # platform-specific pins
        if installed != version:
            mismatched.append(f"{name}: locked {version}, installed {installed}")
    assert mismatched == []


def audit_service_reachable() -> bool:
    try:
        with urllib.request.urlopen("https://pypi.org/pypi/jinja2/2.10/json", timeout=10) as response:
            return response.status == 200
    except OSError:
        return False


requires_audit_service = pytest.mark.skipif(
    not os.environ.get("JOINEDUP_REQUIRE_AUDIT") and not audit_service_reachable(),
    reason="PyPI's vulnerability data is not reachable from this machine (set JOINEDUP_REQUIRE_AUDIT=1 to insist)",
)


def pip_audit(requirements: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PIP_AUDIT), "-r", str(requirements), "--no-deps", "--disable-pip", "--strict",
         "--progress-spinner", "off"],
        capture_output=True, text=True, timeout=600,
    )


@requires_audit_service
def test_locked_dependencies_have_no_known_vulnerabilities():
    result = pip_audit(LOCK)
    assert result.returncode == 0, result.stdout + result.stderr


@requires_audit_service
def test_the_audit_catches_a_known_vulnerable_release(tmp_path: Path):
    vulnerable = tmp_path / "requirements.txt"
    vulnerable.write_text("jinja2==2.10\n")
    result = pip_audit(vulnerable)
    assert result.returncode != 0
    assert "jinja2" in result.stdout.lower()
