"""What changed: the `updated` date is checked, records are dated from their own dates or from
git history gathered at the build's edge, and "What's new" and the feed list new and updated
records, falling back on the records' own dates where there is no history."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.build import Project, generate
from generator.history import content_history
from generator.link import FileDates, History, link
from generator.pipeline import check_content

from .conftest import REPO, git

ATOM = {"a": "http://www.w3.org/2005/Atom"}
TODAY = datetime.date.today()


def set_field(path: Path, field: str, value: str) -> None:
    text = path.read_text()
    assert f"\npublished:" in text
    path.write_text(text.replace("\npublished:", f"\n{field}: {value}\npublished:", 1))


def problems_of(content: Path) -> list[str]:
    return [str(p) for p in check_content(content)[1] if p.severity == "error"]


def test_updated_may_not_come_before_published(content_copy: Path):
    set_field(content_copy / "practice" / "kettering-in-reach.yml", "updated", "2009-04-30")
    [problem] = problems_of(content_copy)
    assert problem.startswith("content/practice/kettering-in-reach.yml:30: updated: ")
    assert "before it was published (2009-05-01)" in problem


def test_dates_may_not_be_in_the_future(content_copy: Path):
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    set_field(content_copy / "practice" / "kettering-in-reach.yml", "updated", tomorrow)
    lambeth = content_copy / "practice" / "lambeth-pilot.yml"
    lambeth.write_text(lambeth.read_text().replace("published: 2006-09-01", f"published: {tomorrow}"))
    found = problems_of(content_copy)
    assert any(p.startswith("content/practice/kettering-in-reach.yml:30: updated: ") and "in the future" in p for p in found)
    assert any(p.startswith("content/practice/lambeth-pilot.yml:34: published: ") and "in the future" in p for p in found)


def test_an_updated_date_today_or_earlier_is_accepted(content_copy: Path):
    set_field(content_copy / "practice" / "kettering-in-reach.yml", "updated", TODAY.isoformat())
    assert problems_of(content_copy) == []


def dated(content: Path, history: History | None):
    content_data, problems = check_content(content)
    assert not [p for p in problems if p.severity == "error"]
    return link(content_data, today=TODAY, history=history, site_url="https://example.org/ju/")


def test_records_are_dated_by_their_own_dates_or_their_history(content_copy: Path):
    set_field(content_copy / "practice" / "kettering-in-reach.yml", "updated", "2020-03-04")
    day = datetime.date
    history = History({
        # launched with the site, never changed since: not news
        content_copy / "guidance" / "why-these-groups.yml": FileDates(day(2026, 1, 1)),
        content_copy / "lessons" / "setting-up.yml": FileDates(day(2026, 1, 1), day(2026, 2, 1)),
        content_copy / "tools" / "self-assessment.yml": FileDates(day(2026, 3, 1)),
        # a practice file changed after its publication date, with no `updated` of its own
        content_copy / "practice" / "lambeth-pilot.yml": FileDates(day(2026, 1, 1), day(2026, 4, 1)),
        # its `updated` wins over the history
        content_copy / "practice" / "kettering-in-reach.yml": FileDates(day(2026, 1, 1), day(2026, 5, 1)),
    })
    rows = [(d.entry.id, d.label, d.published, d.updated) for d in dated(content_copy, history).record_dates]
    assert rows == [
        ("lambeth-pilot", "Health pilot", day(2006, 9, 1), day(2026, 4, 1)),
        ("self-assessment", "Tool", day(2026, 3, 1), None),
        ("setting-up", "Lesson", day(2026, 1, 1), day(2026, 2, 1)),
        ("kettering-in-reach", "Practice example", day(2009, 5, 1), day(2020, 3, 4)),
        ("kettering-tenancy-course", "Practice example", day(2009, 5, 1), None),
    ]


def test_without_history_practice_is_dated_by_its_own_dates(content_copy: Path):
    catalogue = dated(content_copy, None)
    assert {d.entry.kind for d in catalogue.record_dates} == {"practice"}
    assert len(catalogue.record_dates) == 3 and not catalogue.dated_by_history


@pytest.fixture
def project_in_git(content_copy: Path, tmp_path: Path) -> Project:
    """The small content tree in a repository of its own: launched, then one lesson edited and
    one guidance page added."""
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    guidance = content_copy / "guidance" / "why-these-groups.yml"
    held_back = guidance.read_text()
    guidance.unlink()
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "content", "mkdocs.yml")
    git(tmp_path, "commit", "-q", "-m", "Launch", date="2026-01-05T09:00:00")
    lesson = content_copy / "lessons" / "setting-up.yml"
    lesson.write_text(lesson.read_text() + "\n")
    git(tmp_path, "commit", "-q", "-am", "Correct a lesson", date="2026-02-10T09:00:00")
    guidance.write_text(held_back)
    git(tmp_path, "add", "content")
    git(tmp_path, "commit", "-q", "-m", "Add guidance", date="2026-03-15T09:00:00")
    return Project.at(tmp_path, content_dir=content_copy)


def test_history_is_read_from_git_at_the_edge(project_in_git: Project):
    history = content_history(project_in_git.content_dir)
    files = {path.relative_to(project_in_git.content_dir).as_posix(): dates for path, dates in history.files.items()}
    assert files["lessons/setting-up.yml"] == FileDates(datetime.date(2026, 1, 5), datetime.date(2026, 2, 10))
    assert files["guidance/why-these-groups.yml"] == FileDates(datetime.date(2026, 3, 15))
    assert files["practice/kettering-in-reach.yml"] == FileDates(datetime.date(2026, 1, 5))


def test_history_is_read_again_only_after_a_new_commit(project_in_git: Project):
    """The preview asks after every save; the log is read once per commit checked out."""
    content = project_in_git.content_dir
    first = content_history(content)
    (content / "lessons" / "setting-up.yml").write_text("an edit not yet committed\n")
    assert content_history(content) is first
    git(project_in_git.root, "commit", "-q", "-am", "Correct it again", date="2026-04-20T09:00:00")
    again = content_history(content)
    assert again.files[content / "lessons" / "setting-up.yml"] == FileDates(datetime.date(2026, 1, 5), datetime.date(2026, 4, 20))


def test_no_history_from_a_shallow_clone_or_outside_git(project_in_git: Project, tmp_path: Path):
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{project_in_git.root}", str(shallow)],
                   check=True, capture_output=True)
    assert content_history(shallow / "content") is None
    unpacked = tmp_path / "unpacked"
    shutil.copytree(project_in_git.content_dir, unpacked / "content")
    assert content_history(unpacked / "content") is None


def test_whats_new_and_the_feed_list_new_and_updated_records(project_in_git: Project):
    report = generate(project_in_git)
    assert report.ok, report.problems
    page = (project_in_git.docs_dir / "whats-new.md").read_text()
    assert "- 15 March 2026: [Why these groups](guidance/why-these-groups.md) (Guidance, new)" in page
    assert "- 10 February 2026: [Setting up a new service](lessons/setting-up.md) (Lesson, updated)" in page
    assert "self-assessment" not in page, "pages there from the start are listed once they change"
    assert page.index("15 March 2026") < page.index("10 February 2026") < page.index("1 May 2009")
    feed = ET.fromstring((project_in_git.docs_dir / "feed.xml").read_text())
    entries = {e.find("a:id", ATOM).text: e for e in feed.findall("a:entry", ATOM)}
    lesson = entries["urn:joinedup:lesson:setting-up"]
    assert lesson.find("a:title", ATOM).text.endswith("(updated)")
    assert lesson.find("a:published", ATOM).text == "2026-01-05T00:00:00Z"
    assert lesson.find("a:updated", ATOM).text == "2026-02-10T00:00:00Z"
    assert feed.find("a:updated", ATOM).text == "2026-03-15T00:00:00Z"


def test_without_history_the_page_says_so(content_copy: Path, tmp_path: Path):
    project = Project.at(REPO, content_dir=content_copy, build_dir=tmp_path / "build", site_dir=tmp_path / "site")
    assert content_history(content_copy) is None
    assert generate(project).ok
    page = (project.docs_dir / "whats-new.md").read_text()
    assert "built without" in page and "(Practice example, new)" in page
