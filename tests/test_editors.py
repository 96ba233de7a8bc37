"""Editors' tools: `new practice`, teaching warnings, `review`."""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path

import yaml

from generator.pipeline import check_content

from .conftest import JOINEDUP, git, run_joinedup

FLAGS = [
    "--title", "Rent deposit scheme for prison leavers",
    "--summary", "The council pays a deposit so that people leaving prison can rent privately.",
    "--client-group", "offenders", "--theme", "tenancy-sustainment", "--theme", "in-reach",
    "--ni", "ni-143", "--stage", "engages-with-services", "--region", "east-midlands", "--area", "kettering",
    "--focus", "Opening up private rented homes.", "--feature", "Deposits paid: 12",
    "--evidence-level", "reported", "--evidence", "Too early to tell.",
    "--contact-organisation", "Kettering Borough Council", "--contact-name", "A Person", "--contact-year", "2009",
    "--source-document", "test-guide", "--source-section", "Example 9",
]


def new_practice(content: Path, *args: str, input_text: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(JOINEDUP), "new", "practice", "--content", str(content), *args],
        cwd=content.parent, capture_output=True, text=True, input=input_text, timeout=120,
    )


def test_new_practice_with_flags_writes_a_valid_commented_file(content_copy: Path):
    result = new_practice(content_copy, "--no-input", *FLAGS)
    assert result.returncode == 0, result.stderr
    path = content_copy / "practice" / "rent-deposit-scheme-for-prison-leavers.yml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/practice.schema.json\n")
    assert "# One or two sentences a board member can scan" in text
    data = yaml.safe_load(text)
    assert data["themes"] == ["tenancy-sustainment", "in-reach"]
    assert data["features"] == ["Deposits paid: 12"]
    assert data["contact"] == {"name": "A Person", "organisation": "Kettering Borough Council", "as_of": 2009}
    assert data["published"] == datetime.date.today()
    _, problems = check_content(content_copy)
    assert [p for p in problems if p.severity == "error"] == []


def test_new_practice_never_overwrites(content_copy: Path):
    existing = content_copy / "practice" / "kettering-in-reach.yml"
    before = existing.read_bytes()
    result = new_practice(content_copy, "--no-input", "--id", "kettering-in-reach", *FLAGS)
    assert result.returncode == 1
    assert "content/practice/kettering-in-reach.yml:1: file already exists; choose another id" in result.stderr
    assert existing.read_bytes() == before


def test_new_practice_refuses_unknown_ids_with_a_hint(content_copy: Path):
    flags = [f if f != "tenancy-sustainment" else "tenancy-sustain" for f in FLAGS]
    result = new_practice(content_copy, "--no-input", *flags)
    assert result.returncode == 1
    assert "unknown theme 'tenancy-sustain'; did you mean 'tenancy-sustainment'?" in result.stderr
    assert not (content_copy / "practice" / "rent-deposit-scheme-for-prison-leavers.yml").exists()


def test_new_practice_without_input_names_the_missing_flag(content_copy: Path):
    result = new_practice(content_copy, "--no-input", "--title", "Only a title")
    assert result.returncode == 2
    assert "--summary is required with --no-input" in result.stderr


def test_new_practice_asks_for_everything_interactively(content_copy: Path):
    answers = "\n".join([
        "Tenancy rescue for care leavers",  # title
        "",                                  # id: accept the suggestion
        "A support worker steps in when a care leaver's tenancy is at risk.",  # summary
        "care-leaver,2",                      # client groups: a typo first...
        "2",                                 # ...then a number from the list
        "tenancy-sustainment, in-reach",     # themes
        "ni-143",                            # NIs
        "",                                  # stages: none
        "1",                                 # region: first in the list
        "",                                  # areas: none
        "Keeping young people in their first home.",  # focus
        "reported",                          # evidence level
        "",                                  # evidence description: none yet
        "",                                  # contact organisation: none
        "test-guide",                        # source document
        "Example 10",                        # source section
    ]) + "\n"
    result = new_practice(content_copy, input_text=answers)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "unknown client group 'care-leaver'; did you mean 'care-leavers'?" in result.stderr
    assert "1. offenders (Offenders under probation supervision)" in result.stdout
    data = yaml.safe_load((content_copy / "practice" / "tenancy-rescue-for-care-leavers.yml").read_text())
    assert data["client_groups"] == ["care-leavers"]
    assert data["themes"] == ["tenancy-sustainment", "in-reach"]
    assert data["region"] == "east-midlands"
    assert "contact" not in data and "description" not in data["evidence"]


def test_warnings_teach_without_failing(content_copy: Path):
    course = content_copy / "practice" / "kettering-tenancy-course.yml"
    course.write_text(course.read_text().replace("  description: No evidence of effect yet.\n", ""))
    path = content_copy / "practice" / "kettering-in-reach.yml"
    text = path.read_text()
    long_summary = " ".join(["word"] * 70)
    text = text.replace("summary: A housing worker plans housing with prisoners before release.", f"summary: {long_summary}")
    text = text.replace("published: 2009-05-01", "published: 2009-05-01\nreview_by: 2010-01-01")
    path.write_text(text)
    result = run_joinedup("validate", "--content", str(content_copy), cwd=content_copy.parent)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert "content/practice/kettering-in-reach.yml:4: summary: warning: the summary has 70 words; keep it under 60 (one or two sentences) so a board member can scan it" in lines
    assert any(line.startswith("content/practice/kettering-in-reach.yml:31: review_by: warning: the review date 2010-01-01 has passed") for line in lines)
    assert "content/practice/kettering-tenancy-course.yml:10: evidence: warning: no evidence description; say what evidence there is and why it has this level" in lines
    assert lines[-1].startswith("content is valid: ")
    assert "warning(s) to look at" in result.stderr


def test_likely_duplicate_is_a_warning_on_the_newer_example(content_copy: Path):
    original = (content_copy / "practice" / "kettering-in-reach.yml").read_text()
    copy = original.replace("id: kettering-in-reach", "id: kettering-in-reach-again").replace(
        "published: 2009-05-01", "published: 2010-06-01"
    ).replace("title: Prison in-reach housing plans", "title: Housing plans made in prison")
    (content_copy / "practice" / "kettering-in-reach-again.yml").write_text(copy)
    result = run_joinedup("validate", "--content", str(content_copy), cwd=content_copy.parent)
    assert result.returncode == 0
    duplicates = [line for line in result.stdout.splitlines() if "very similar" in line]
    assert len(duplicates) == 1
    assert duplicates[0].startswith("content/practice/kettering-in-reach-again.yml:")
    assert "very similar to 'kettering-in-reach'" in duplicates[0]


def copy_of_in_reach(content: Path, ident: str) -> Path:
    """A near copy of kettering-in-reach.yml under another id, with the same publication date."""
    original = (content / "practice" / "kettering-in-reach.yml").read_text()
    path = content / "practice" / f"{ident}.yml"
    path.write_text(original.replace("id: kettering-in-reach", f"id: {ident}").replace(
        "title: Prison in-reach housing plans", "title: Housing plans made in prison"))
    return path


def similar_lines(content: Path) -> list[str]:
    result = run_joinedup("validate", "--content", str(content), cwd=content.parent)
    assert result.returncode == 0, result.stdout
    return [line for line in result.stdout.splitlines() if "very similar" in line]


def test_duplicate_warning_lands_on_the_file_not_yet_in_git_whatever_its_name(content_copy: Path):
    # The copy's id sorts before the original's and both give the same publication date: only
    # the history tells which one is new.
    git(content_copy.parent, "init", "-q", "-b", "main")
    git(content_copy.parent, "add", "content")
    git(content_copy.parent, "commit", "-q", "-m", "Launch")
    copy_of_in_reach(content_copy, "kettering-housing-plans")
    duplicates = similar_lines(content_copy)
    assert len(duplicates) == 1
    assert duplicates[0].startswith("content/practice/kettering-housing-plans.yml:4: summary: warning: ")
    assert "very similar to 'kettering-in-reach' (content/practice/kettering-in-reach.yml" in duplicates[0]
    assert "if it is the same practice, update that file instead of adding this one" in duplicates[0]


def test_duplicate_warning_with_no_way_to_tell_which_is_newer_lands_on_both(content_copy: Path):
    copy_of_in_reach(content_copy, "kettering-housing-plans")
    duplicates = similar_lines(content_copy)
    assert [line.split(":")[0] for line in duplicates] == [
        "content/practice/kettering-housing-plans.yml", "content/practice/kettering-in-reach.yml"]
    assert "very similar to 'kettering-in-reach'" in duplicates[0]
    assert "very similar to 'kettering-housing-plans'" in duplicates[1]
    assert "neither is newer" in duplicates[0]


def test_review_lists_passed_dates_and_old_contacts(content_copy: Path):
    path = content_copy / "practice" / "kettering-tenancy-course.yml"
    path.write_text(path.read_text().replace("published: 2009-05-01", "published: 2009-05-01\nreview_by: 2011-01-01"))
    result = run_joinedup("review", "--content", str(content_copy), "--today", "2013-06-01", cwd=content_copy.parent)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "content/practice/kettering-in-reach.yml:29: kettering-in-reach: due for review: its contact was given in 2009, more than 3 years ago",
        "content/practice/kettering-tenancy-course.yml:14: kettering-tenancy-course: due for review: its review date, 2011-01-01, has passed",
        "2 of 3 practice entries due for review on 2013-06-01",
    ]
    result = run_joinedup("review", "--content", str(content_copy), "--today", "2010-06-01", cwd=content_copy.parent)
    assert result.stdout.splitlines() == ["0 of 3 practice entries due for review on 2010-06-01"]


def test_stale_entries_show_a_notice_and_last_reviewed(real_site):
    site, catalogue = real_site
    html = (site / "practice" / "stonham-waiting-with-support" / "index.html").read_text(encoding="utf-8")
    assert "Due for review" in html
    assert "its contact was given in 2009" in html
    assert "Last reviewed: not yet reviewed since publication" in html
