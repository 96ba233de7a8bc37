"""Shared fixtures: the repository, a small valid content tree, and the real CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURE_CONTENT = REPO / "tests" / "fixtures" / "content"
JOINEDUP = Path(sys.executable).parent / "joinedup"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files from the current output instead of comparing",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the small valid content tree, at tmp_path/content."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, target)
    return target


def run_joinedup(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """Run the installed console script, as an editor would."""
    return subprocess.run([str(JOINEDUP), *args], cwd=cwd, capture_output=True, text=True, timeout=300)
