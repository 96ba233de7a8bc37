"""The same mkdocs.yml, generated pages and theme/ also build with Zensical and ProperDocs."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, run_joinedup

ENVIRONMENTS = REPO / ".venv-portability"
BUILDERS = {
    # name: (packages, command line after the executable)
    "zensical": (["zensical>=0.0.70,<0.2"], ["build", "-f", "mkdocs.yml"]),
    "properdocs": (["properdocs>=1.6,<2", "mkdocs-material>=9.7.7,<10"], ["build", "--strict", "-f", "mkdocs.yml"]),
}
KEY_PAGES = [
    "index.html",
    "practice/oxfordshire-joint-housing-team/index.html",
    "practice/doncaster-on-track/index.html",
    "client-groups/offenders/index.html",
    "national-indicators/ni-143/index.html",
    "lessons/setting-up/index.html",
    "search/index.html",
    "gaps/index.html",
    "tools/self-assessment/index.html",
    "submit/index.html",
    "data/catalogue.json",
]


def builder(name: str) -> Path:
    """The builder's executable, in its own virtual environment (made on first use)."""
    env = ENVIRONMENTS / name
    executable = env / "bin" / name
    if not executable.exists():
        shutil.rmtree(env, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "venv", str(env)], check=True)
        result = subprocess.run(
            [str(env / "bin" / "python"), "-m", "pip", "install", "--quiet", *BUILDERS[name][0]],
            capture_output=True, text=True,
        )
        if result.returncode != 0:
            if os.environ.get("CI"):
                pytest.fail(f"could not install {name}: {result.stderr[-500:]}")
            pytest.skip(f"could not install {name} here: {result.stderr[-200:]}")
    return executable


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    """A project folder holding mkdocs.yml, theme/ and the generated pages in build/docs."""
    project = tmp_path_factory.mktemp("portable")
    shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(REPO / "theme", project / "theme")
    result = run_joinedup("render", "--content", str(REPO / "content"), "--build-dir", str(project / "build"), cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project


@pytest.mark.parametrize("name", list(BUILDERS))
def test_site_builds_with_the_successor_and_the_fork(name: str, rendered: Path):
    executable = builder(name)
    site = rendered / "site"
    shutil.rmtree(site, ignore_errors=True)
    result = subprocess.run(
        [str(executable), *BUILDERS[name][1]], cwd=rendered, capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    missing = [page for page in KEY_PAGES if not (site / page).is_file()]
    assert missing == []
    practice = (site / "practice" / "oxfordshire-joint-housing-team" / "index.html").read_text(encoding="utf-8")
    assert 'class="ju-card"' in practice and "data-pagefind-body" in practice
    assert "ju-header-search" in practice, "the theme's header override is used"
    assert "joinedup-search.js" in (site / "search" / "index.html").read_text(encoding="utf-8")
