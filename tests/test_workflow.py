"""The pull-request workflow runs the same checks as the README, safely."""

from __future__ import annotations

from pathlib import Path

import yaml

from .conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "pull-request.yml"


def load_workflow(path: Path = WORKFLOW) -> dict:
    data = yaml.safe_load(path.read_text())
    # YAML 1.1 reads the key `on` as true; accept either spelling.
    data["on"] = data.pop(True, data.get("on"))
    return data


def test_runs_on_pull_requests_only_with_read_permission():
    workflow = load_workflow()
    assert set(workflow["on"]) == {"pull_request"}
    assert "pull_request_target" not in WORKFLOW.read_text()
    assert workflow["permissions"] == {"contents": "read"}


# Every workflow's actions are pinned to commits: see test_deploy.py.


def test_validates_tests_builds_and_uploads_the_site():
    steps = [step for job in load_workflow()["jobs"].values() for step in job["steps"]]
    runs = [step.get("run", "") for step in steps]
    assert "make validate" in runs and "make test" in runs and "make site" in runs
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/"


def test_pull_request_template_and_issue_form_exist():
    template = (REPO / ".github" / "pull_request_template.md").read_text()
    assert "Reviewer's checklist" in template and "- [ ]" in template
    form = yaml.safe_load((REPO / ".github" / "ISSUE_TEMPLATE" / "practice-example.yml").read_text())
    ids = [item.get("id") for item in form["body"]]
    assert {"title", "summary", "focus", "area"} <= set(ids)
