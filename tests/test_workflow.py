"""The pull-request workflow runs the same checks as the README, safely."""

from __future__ import annotations

import os
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


def _pr_changes():
    import importlib.util

    spec = importlib.util.spec_from_file_location("pr_changes", REPO / ".ci" / "pr_changes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_changes_beyond_content_are_flagged_with_what_they_can_run():
    pr_changes = _pr_changes()
    changed = [
        "content/practice/new-case.yml", "content/pages/about.md", "mkdocs.yml", "Makefile",
        ".github/workflows/pull-request.yml", "pyproject.toml", "requirements.lock", "generator/build.py",
        "tests/browser/package.json", "README.md", "",
    ]
    flagged = dict(pr_changes.flagged(changed))
    assert set(flagged) == {"mkdocs.yml", "Makefile", ".github/workflows/pull-request.yml", "pyproject.toml",
                            "requirements.lock", "generator/build.py", "tests/browser/package.json", "README.md"}
    assert "hooks:" in flagged["mkdocs.yml"]
    assert "install scripts" in flagged["tests/browser/package.json"]
    assert pr_changes.flagged(["content/practice/a.yml", "content/pages/b.md"]) == []
    line = pr_changes.annotation("mkdocs.yml", flagged["mkdocs.yml"])
    assert line.startswith("::warning file=mkdocs.yml,title=Changes beyond content::")


def test_the_workflow_flags_changes_first_with_the_base_branch_script(tmp_path: Path):
    steps = [step for job in load_workflow()["jobs"].values() for step in job["steps"]]
    names = [step.get("name", "") for step in steps]
    flag = names.index("Flag changes beyond content")
    assert flag < names.index("Validate the content") and flag < names.index("Run the tests")
    run = steps[flag]["run"]
    assert "git show HEAD^1:.ci/pr_changes.py" in run and "git diff --name-only HEAD^1 HEAD" in run
    # The step's commands work on a real merge: a repository whose merge commit changes mkdocs.yml.
    import subprocess

    def git(*args):
        return subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True, text=True).stdout

    git("init", "-q", "-b", "main")
    git("config", "user.email", "t@example.org")
    git("config", "user.name", "t")
    (tmp_path / ".ci").mkdir()
    (tmp_path / ".ci" / "pr_changes.py").write_text((REPO / ".ci" / "pr_changes.py").read_text())
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    git("add", "-A")
    git("commit", "-qm", "base")
    git("checkout", "-qb", "pr")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nhooks: [evil.py]\n")
    (tmp_path / ".ci" / "pr_changes.py").write_text("print('nothing to see')\n")  # the PR's own copy
    git("commit", "-qam", "pr")
    git("checkout", "-q", "main")
    git("merge", "-q", "--no-ff", "-m", "merge", "pr")
    env = dict(os.environ, RUNNER_TEMP=str(tmp_path / "runner"))
    (tmp_path / "runner").mkdir()
    result = subprocess.run(["bash", "-ec", run], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "::warning file=mkdocs.yml,title=Changes beyond content::" in result.stdout
    assert "::warning file=.ci/pr_changes.py" in result.stdout and "nothing to see" not in result.stdout
