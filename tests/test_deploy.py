"""The deploy workflow: published from main only, with least privilege, and its build steps
really make a site GitHub Pages can serve."""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from generator.build import site_url

from .conftest import REPO
from .test_workflow import load_workflow

WORKFLOWS = REPO / ".github" / "workflows"
DEPLOY = WORKFLOWS / "deploy.yml"
SITE_URL = site_url(REPO / "mkdocs.yml")
# Steps of the build job that the test suite does not run itself: installing a system package,
# and the test suite (which is running this test).
NOT_RUN_HERE = {"Install Chromium for the browser tests", "Run the tests"}


def steps(job: dict) -> list[dict]:
    return job["steps"]


def test_runs_on_push_to_main_and_by_hand_only():
    workflow = load_workflow(DEPLOY)
    assert workflow["on"] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    text = DEPLOY.read_text()
    for trigger in ("pull_request", "pull_request_target", "workflow_run", "issue_comment"):
        assert trigger not in yaml.safe_dump(workflow["on"]), trigger
    assert "pull_request_target" not in text


def test_each_job_has_only_the_permissions_it_needs():
    workflow = load_workflow(DEPLOY)
    assert workflow["permissions"] == {}, "nothing is granted by default"
    jobs = workflow["jobs"]
    assert set(jobs) == {"build", "deploy"}
    assert jobs["build"]["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["needs"] == "build"
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    # the job that runs the project's code holds no token that can write anything
    assert not any(value == "write" for value in jobs["build"]["permissions"].values())
    checkout = next(s for s in steps(jobs["build"]) if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["persist-credentials"] is False
    # the deploy job runs no code from the repository
    assert not any(s.get("uses", "").startswith("actions/checkout@") for s in steps(jobs["deploy"]))


def test_one_deployment_at_a_time():
    concurrency = load_workflow(DEPLOY)["concurrency"]
    assert concurrency["group"] == "pages"
    assert concurrency["cancel-in-progress"] is False


@pytest.mark.parametrize("workflow", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_full_commit_sha(workflow: Path):
    uses = [s["uses"] for job in load_workflow(workflow)["jobs"].values() for s in steps(job) if "uses" in s]
    assert uses
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
    # and each pin says which release it is, for the next person to update
    for line in workflow.read_text().splitlines():
        if re.search(r"uses: \S+@[0-9a-f]{40}", line):
            assert re.search(r"# v\d+\.\d+\.\d+$", line), line


@pytest.mark.parametrize("workflow", sorted(WORKFLOWS.glob("*.yml")), ids=lambda p: p.name)
def test_no_expression_is_pasted_into_a_script(workflow: Path):
    # ${{ }} inside run: is substituted before the shell reads it: pass values through env instead
    runs = [s["run"] for job in load_workflow(workflow)["jobs"].values() for s in steps(job) if "run" in s]
    assert not [run for run in runs if "${{" in run]


def test_runs_the_readme_checks_then_publishes_site():
    build = load_workflow(DEPLOY)["jobs"]["build"]
    runs = [s.get("run", "").strip() for s in steps(build)]
    order = [runs.index(command) for command in ("make validate", "make test", "make site")]
    assert order == sorted(order)
    checkout = steps(build)[0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["fetch-depth"] == 0, "What's new needs the whole history"
    upload = next(s for s in steps(build) if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site/"
    assert steps(build).index(upload) > order[-1]
    deploy = steps(load_workflow(DEPLOY)["jobs"]["deploy"])
    assert [s["uses"].split("@")[0] for s in deploy if "uses" in s] == ["actions/configure-pages", "actions/deploy-pages"]


def test_site_url_is_the_pages_address_of_the_submission_repository():
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text())
    owner, name = config["extra"]["submit_repository"].removeprefix("https://github.com/").split("/")
    assert SITE_URL == f"https://{owner}.github.io/{name}/"


def copy_of_the_repository(target: Path) -> Path:
    """The repository's own files, as a fresh clone or an unpacked release would have them."""
    generated = shutil.ignore_patterns(
        ".git", ".venv*", ".lock-venv", "build", "site", "node_modules", "test-artifacts", "__pycache__",
        ".pytest_cache", "*.egg-info", ".hypothesis",
    )
    shutil.copytree(REPO, target, ignore=generated, symlinks=True)
    # the suite's own environment stands in for the one `make` would set up
    (target / ".venv").symlink_to(REPO / ".venv")
    return target


@pytest.mark.build
def test_the_build_steps_make_a_site_pages_can_serve(tmp_path: Path):
    repo = copy_of_the_repository(tmp_path / "repo")
    installed = tmp_path / "installed"
    installed.touch()  # newer than pyproject.toml and the lock: make sets nothing up again
    output = tmp_path / "github-output"
    env = {**os.environ, "MAKEFLAGS": f"INSTALLED={installed}", "GITHUB_OUTPUT": str(output)}
    build = load_workflow(DEPLOY)["jobs"]["build"]
    ran = []
    for step in steps(build):
        if "run" not in step or step.get("name") in NOT_RUN_HERE:
            continue
        result = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", step["run"]],
            cwd=repo, env=env, capture_output=True, text=True, timeout=600,
        )
        assert result.returncode == 0, f"{step.get('name', step['run'])}: {result.stdout[-2000:]}{result.stderr[-2000:]}"
        ran.append(step["run"].strip())
    assert "make validate" in ran and "make site" in ran
    assert output.read_text().strip() == f"site_url={SITE_URL}"

    site = repo / "site"
    for name in ("index.html", "404.html", "sitemap.xml", "robots.txt", "feed.xml", "whats-new/index.html",
                 "data/datapackage.json", "schema/practice-file.schema.json"):
        assert (site / name).is_file(), name
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in ET.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)]
    assert f"{SITE_URL}practice/oxfordshire-joint-housing-team/" in locations
    for location in locations:
        assert location.startswith(SITE_URL), location
        assert (site / location.removeprefix(SITE_URL) / "index.html").is_file(), location
    assert f"Sitemap: {SITE_URL}sitemap.xml" in (site / "robots.txt").read_text().splitlines()
    # What a Pages artifact must be: no links, everything readable by the web server
    for path in site.rglob("*"):
        mode = path.lstat().st_mode
        assert not stat.S_ISLNK(mode), path
        wanted = stat.S_IROTH | (stat.S_IXOTH if path.is_dir() else 0)
        assert mode & wanted == wanted, f"{path} is not readable by others"
