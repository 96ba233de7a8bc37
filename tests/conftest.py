"""Shared fixtures: the repository, a small valid content tree, and the real CLI."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator.build import Project, build_site
from generator.link import Catalogue

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


def run_joinedup(*args: str, cwd: Path = REPO, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed console script, as an editor would."""
    return subprocess.run([str(JOINEDUP), *args], cwd=cwd, capture_output=True, text=True, timeout=300, env=env)


def git(repo: Path, *args: str, date: str = "2026-01-01T12:00:00") -> None:
    """Run git in ``repo`` as an editor with fixed commit dates."""
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "GIT_AUTHOR_NAME": "Editor", "GIT_AUTHOR_EMAIL": "editor@example.org",
           "GIT_COMMITTER_NAME": "Editor", "GIT_COMMITTER_EMAIL": "editor@example.org"}
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def build_into(content: Path, tmp: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`joinedup build` of ``content`` into tmp/site, with tmp/build as scratch."""
    return run_joinedup(
        "build", "--content", str(content), "--site", str(tmp / "site"), "--build-dir", str(tmp / "build"), env=env
    )


def tree_digest(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file under ``folder`` (but those under ``skip`` prefixes) with its SHA-256."""
    import hashlib

    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.relative_to(folder).as_posix().startswith(skip)
    }


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalogue]:
    """The real content, built once per test session: (site folder, catalogue)."""
    tmp = tmp_path_factory.mktemp("real-site")
    report = build_site(Project.at(REPO, build_dir=tmp / "build", site_dir=tmp / "site"))
    assert report.ok, [str(p) for p in report.problems] + report.messages
    return tmp / "site", report.catalogue


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(real_site) -> str:
    """The real site served over HTTP on a free local port."""
    site, _ = real_site
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Skipped locally without it; required in CI."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must have Chromium at /usr/bin/chromium (installed by .ci/run)")
        pytest.skip("browser tests need Debian's chromium: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    yield tab
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"
