"""One folder per invalid example: each produces exactly the problems in its expected.txt.

A case folder holds ``overlay/``, files laid over a copy of the small valid content tree, and
``expected.txt``, the validator's output lines. Run pytest with --update-golden to rewrite the
expected files after an intended change of wording, then review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.pipeline import check_content

from .conftest import REPO, run_joinedup

CASES = sorted((Path(__file__).parent / "cases" / "invalid").iterdir())


def problems_for(case: Path, content: Path) -> list[str]:
    shutil.copytree(case / "overlay", content, dirs_exist_ok=True)
    _, problems = check_content(content)
    return [str(p) for p in sorted(problems)]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_invalid_example_gives_exactly_its_expected_problems(case: Path, content_copy: Path, update_golden: bool):
    found = problems_for(case, content_copy)
    expected_file = case / "expected.txt"
    if update_golden:
        expected_file.write_text("\n".join(found) + "\n", encoding="utf-8")
    assert found, "an invalid example must produce at least one problem"
    assert found == expected_file.read_text(encoding="utf-8").splitlines()


def test_validate_cli_prints_every_problem_and_exits_1(content_copy: Path):
    case = Path(__file__).parent / "cases" / "invalid" / "unknown-references"
    shutil.copytree(case / "overlay", content_copy, dirs_exist_ok=True)
    result = run_joinedup("validate", "--content", str(content_copy), cwd=content_copy.parent)
    assert result.returncode == 1
    assert result.stdout.splitlines() == (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert "problem(s) found" in result.stderr


def test_validate_cli_summarises_valid_content(content_copy: Path):
    result = run_joinedup("validate", "--content", str(content_copy), cwd=content_copy.parent)
    assert result.returncode == 0, result.stdout
    assert result.stdout == (
        "content is valid: 2 practice examples, 1 pilots, 1 lesson stages, 1 indicator themes, "
        "2 national indicators, 1 baselines, 1 guidance, 2 tools, 15 taxonomy terms, 3 glossary entries\n"
    )


def test_real_content_is_valid():
    result = run_joinedup("validate", cwd=REPO)
    assert result.returncode == 0, result.stdout
    assert result.stdout.startswith("content is valid: ")
