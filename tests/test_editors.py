"""Editors' tools: `new practice`, teaching warnings, `review`."""

from __future__ import annotations

import datetime
import json
import subprocess
from pathlib import Path

import yaml

from generator import new as n
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
    assert "--id: content/practice/kettering-in-reach.yml already exists; choose another id" in result.stderr
    assert existing.read_bytes() == before


def test_create_practice_never_overwrites_a_file_that_appears_meanwhile(content_copy: Path):
    content, _ = check_content(content_copy)
    questions = n.practice_questions(content)
    existing = content_copy / "practice" / "kettering-in-reach.yml"
    before = existing.read_bytes()
    _, problems = n.create_practice(content_copy, questions, {"id": "kettering-in-reach", "title": "x"})
    assert [str(p) for p in problems] == [
        "content/practice/kettering-in-reach.yml:1: file already exists; choose another id (nothing was written)"]
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


def test_new_practice_with_flags_cites_a_contribution_and_sets_any_field(content_copy: Path):
    flags = FLAGS[: FLAGS.index("--source-document")] + [
        "--supplied-by", "Housing options team", "--source-organisation", "Kettering Borough Council",
        "--verify", "The council's annual report 2025/26, page 4.",
        "--set", "partners=YMCA", "--set", "partners=Local advice services", "--set", "contact.role=Project lead",
        "--set", "related=Tenancy skills course", "--feature", "- 1 in 3 tenants", "--feature", "# 1 priority"]
    result = new_practice(content_copy, "--no-input", *flags)
    assert result.returncode == 0, result.stderr
    data = yaml.safe_load((content_copy / "practice" / "rent-deposit-scheme-for-prison-leavers.yml").read_text())
    assert data["source"] == {"supplied_by": "Housing options team", "organisation": "Kettering Borough Council",
                              "supplied_on": datetime.date.today(), "verify": "The council's annual report 2025/26, page 4."}
    assert data["partners"] == ["YMCA", "Local advice services"]
    assert data["contact"]["role"] == "Project lead"
    assert data["related"] == ["kettering-tenancy-course"]
    assert data["features"] == ["Deposits paid: 12", "- 1 in 3 tenants", "# 1 priority"]


# The questions in order for the fixture content, answered as a hurried editor would.
HURRIED = [
    ("title", "Tenancy rescue: care leavers"),
    ("id", "kettering-in-reach"),            # taken: refused at once...
    ("id again", "Tenancy Rescue"),          # ...not an id...
    ("id again", ""),                        # ...so the suggestion is taken
    ("summary", "A support worker steps in when a care leaver's tenancy is at risk."),
    ("client groups", "care-leaver, 2"),      # a typo beside a good number: the number is kept
    ("add or correct", "Offenders under probation supervision"),  # the title shown
    ("client group note", ""),
    ("applicable to: client groups", ""),
    ("applicable to: note", ""),
    ("themes", "1 2"),                        # several numbers
    ("national indicators", "ni-143, ni-999"),
    ("add or correct", ""),
    ("journey stages", "Sustains the changes"),
    ("region", "Londn"),
    ("region again", "london"),
    ("areas", "2"),
    ("area note", ""),
    ("focus", "Keeping young people in their first home."),
    ("features 1", "- 1 in 3 tenants kept their home"),
    ("features 2", "Help: with white goods #1"),
    ("features 3", ""),
    ("outcomes", ""), ("evidence level", "Evaluated"), ("evidence description", ""),
    ("add a key figure?", "y"), ("measure", "Tenancies kept for a year"), ("unit", "percnt"), ("unit again", "percent"),
    ("per", ""), ("values: value", "23.5%"), ("value again", "23.5"), ("period", "2025/26"), ("label", ""),
    ("qualifier", ""), ("add another value?", "y"), ("value", "30"), ("period", "2026/27"), ("label", ""),
    ("qualifier", ""), ("add another value?", "n"), ("section", "Annual report, table 2"),
    ("add another key figure?", ""),
    ("learning", ""), ("barriers", ""), ("delivered by 1", "Lambeth Council"), ("delivered by 2", ""),
    ("partners", ""),
    ("add a contact?", "y"), ("contact: name", ""), ("contact: organisation", "Lambeth Council"),
    ("contact: role", ""), ("contact: as of", "twenty"), ("contact: as of again", "2026"),
    ("contact: email", ""), ("contact: phone", ""),
    ("related", ""), ("published", ""), ("review by", "2099-13-01"), ("review by again", ""),
    ("source", "1"), ("supplied by", "Leaving care team"), ("their organisation", "Lambeth Council"),
    ("supplied on", ""), ("verify", "Lambeth's corporate parenting report 2026 describes it."),
]


def answers(pairs) -> str:
    return "".join(text + "\n" for _, text in pairs)


def test_new_practice_interview_checks_each_answer_as_given_and_keeps_good_choices(content_copy: Path):
    result = new_practice(content_copy, input_text=answers(HURRIED) + "y\n")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    # the id is checked straight after it is given, before the summary is asked for
    taken = "content/practice/kettering-in-reach.yml already exists; choose another id"
    assert out.index(taken) < out.index("Summary:")
    assert "use lower-case letters, digits and single hyphens" in out
    assert "unknown client group 'care-leaver'; did you mean 'care-leavers'?" in out
    assert "Kept: Care leavers." in out
    assert "unknown national indicator 'ni-999'" in out and "Kept: Offenders under probation supervision living" in out
    assert "unknown region 'Londn'; did you mean 'london'?" in out
    assert "write a whole number" in out and "write the date as YYYY-MM-DD" in out
    # every field of the model was asked for, optional ones too
    for label in ("National indicators", "Journey stages", "Areas", "Features", "Outcomes", "Learning",
                  "Delivered by", "Partners", "Related", "Contact: email", "Applicable to: note"):
        assert label in out, label
    # the summary before writing
    summary = out[out.index("Your answers:"):]
    assert "Client groups: Care leavers; Offenders under probation supervision" in summary
    assert "Where does the case come from?: You or your organisation supplied it" in summary
    data = yaml.safe_load((content_copy / "practice" / "tenancy-rescue-care-leavers.yml").read_text())
    assert data["client_groups"] == ["care-leavers", "offenders"]
    assert data["themes"] == ["in-reach", "tenancy-sustainment"]
    assert data["national_indicators"] == ["ni-143"]
    assert data["journey_stages"] == ["sustains-the-changes"]
    assert data["region"] == "london" and data["areas"] == ["lambeth"]
    assert data["features"] == ["- 1 in 3 tenants kept their home", "Help: with white goods #1"]
    assert data["evidence"] == {"level": "evaluated"}
    assert data["key_figures"] == [{"measure": "Tenancies kept for a year", "unit": "percent", "section": "Annual report, table 2",
                                    "values": [{"value": 23.5, "period": "2025/26"}, {"value": 30, "period": "2026/27"}]}]
    assert "unknown choice 'percnt'" in out and "write a number, e.g. 23 or 4.5" in out
    assert data["contact"] == {"organisation": "Lambeth Council", "as_of": 2026}
    assert data["source"]["supplied_by"] == "Leaving care team"
    assert data["published"] == datetime.date.today()
    assert not (content_copy.parent / "build" / "new-practice" / "tenancy-rescue-care-leavers.json").exists()


def test_new_practice_keeps_the_answers_when_stopped_and_carries_on_from_them(content_copy: Path):
    stop_at = [i for i, (question, _) in enumerate(HURRIED) if question == "focus"][0]
    result = new_practice(content_copy, input_text=answers(HURRIED[:stop_at]))  # the input ends: as Ctrl-C
    assert result.returncode == 130
    saved = content_copy.parent / "build" / "new-practice" / "tenancy-rescue-care-leavers.json"
    assert f"Your answers are saved in {saved.relative_to(content_copy.parent)}" in result.stderr
    assert "--answers build/new-practice/tenancy-rescue-care-leavers.json" in result.stderr
    kept = json.loads(saved.read_text(encoding="utf-8"))
    assert kept["client_groups"] == ["care-leavers", "offenders"] and kept["region"] == "london"
    assert not list((content_copy / "practice").glob("tenancy-rescue*"))

    rest = HURRIED[stop_at:]
    result = new_practice(content_copy, "--answers", str(saved), input_text=answers(rest) + "y\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Summary:" not in result.stdout.split("Your answers:")[0]  # answered questions are not asked again
    data = yaml.safe_load((content_copy / "practice" / "tenancy-rescue-care-leavers.yml").read_text())
    assert data["client_groups"] == ["care-leavers", "offenders"] and data["focus"].startswith("Keeping")


def test_new_practice_summary_lets_an_answer_be_changed_and_a_failed_write_keeps_the_answers(content_copy: Path):
    # the organisation's text names a personal e-mail address: the file is refused by the validator
    pairs = [(q, "jo@example.org" if q == "their organisation" else a) for q, a in HURRIED]
    listed = ["title", "id", "summary", "client groups", "themes", "national indicators", "journey stages",
              "region", "areas", "focus", "features", "evidence level", "key figures", "delivered by", "contact: organisation",
              "contact: as of", "published", "review by", "source", "supplied by", "their organisation"]
    number = listed.index("their organisation") + 1
    result = new_practice(content_copy, input_text=answers(pairs) + f"y\n{number}\nLambeth Council\ny\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "source.organisation: found an e-mail address" in result.stderr
    assert "The file was not written. Your answers are saved in build/new-practice/tenancy-rescue-care-leavers.json" in result.stderr
    assert f"{number:2}. Their organisation: jo@example.org" in result.stdout
    data = yaml.safe_load((content_copy / "practice" / "tenancy-rescue-care-leavers.yml").read_text())
    assert data["source"]["organisation"] == "Lambeth Council"


def test_choices_by_number_id_or_title_and_titles_with_commas():
    options = [("a", "Housing, support and care"), ("b", "Jobs"), ("c", "Health")]
    assert n.resolve_choices("1", options) == (["a"], [])
    assert n.resolve_choices("housing, support and care, 2", options) == (["a", "b"], [])
    assert n.resolve_choices("b, c, x", options) == (["b", "c"], ["x"])
    assert n.resolve_choices("2 3", options) == (["b", "c"], [])
    assert n.resolve_choices("  JOBS ,, 2", options) == (["b"], [])


def test_new_writes_text_that_loads_back_exactly(content_copy: Path):
    content, _ = check_content(content_copy)
    questions = n.practice_questions(content)
    tricky = ["yes", "1.10", "- dash", "# hash", "a: b", "“curly”", "tab\there", "line\u2028separator", "x #y"]
    data = {"id": "x", "kind": "practice", "features": tricky, "title": "no"}
    assert yaml.safe_load(n.practice_yaml(questions, data)) == data


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
