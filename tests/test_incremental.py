"""After an edit, the renderer makes again only the pages that depend on what changed, and the
result is exactly what a full render gives; the writer rewrites only pages whose text changed."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Callable

import pytest

from generator.build import Project, generate
from generator.link import Changes, changes, link
from generator.pipeline import check_content
from generator.render import render
from generator.render.page import Page
from generator.render.texts import PageTexts

from .conftest import run_joinedup

TODAY = datetime.date(2026, 1, 1)


def catalogue_of(content: Path):
    content_data, problems = check_content(content)
    assert [p for p in problems if p.severity == "error"] == []
    return link(content_data, today=TODAY)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def retitle_practice(content: Path) -> None:
    edit(content / "practice" / "kettering-tenancy-course.yml", "title: Tenancy skills course", "title: Tenancy skills classes")


def resummarise_practice(content: Path) -> None:
    edit(content / "practice" / "kettering-tenancy-course.yml", "keep a tenancy.", "hold on to a tenancy.")


def retitle_theme(content: Path) -> None:
    text = (content / "taxonomy" / "themes.yml").read_text(encoding="utf-8")
    assert "title: Tenancy sustainment" in text
    edit(content / "taxonomy" / "themes.yml", "title: Tenancy sustainment", "title: Keeping a tenancy")


def add_synonym(content: Path) -> None:
    # the pages filed under the group are found by the new word: their hidden words change
    edit(content / "taxonomy" / "client-groups.yml", "synonyms: [elderly]", "synonyms: [elderly, pensioners]")


def remove_practice(content: Path) -> None:
    (content / "practice" / "kettering-tenancy-course.yml").unlink()


def add_practice(content: Path) -> None:
    source = (content / "practice" / "kettering-tenancy-course.yml").read_text(encoding="utf-8")
    (content / "practice" / "kettering-budgeting-course.yml").write_text(
        source.replace("kettering-tenancy-course", "kettering-budgeting-course")
        .replace("Tenancy skills course", "Budgeting course")
        .replace("themes: [tenancy-sustainment]", "themes: [in-reach]"),
        encoding="utf-8",
    )


def edit_handwritten_page(content: Path) -> None:
    path = content / "pages" / "about.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nOne more paragraph.\n", encoding="utf-8")


EDITS = [retitle_practice, resummarise_practice, retitle_theme, add_synonym, remove_practice, add_practice,
         edit_handwritten_page]


@pytest.mark.parametrize("change", EDITS, ids=lambda f: f.__name__)
def test_an_incremental_render_equals_a_full_render(content_copy: Path, change: Callable[[Path], None]):
    before = catalogue_of(content_copy)
    first = render(before)
    change(content_copy)
    after = catalogue_of(content_copy)
    incremental = render(after, first, changes(before, after))
    full = render(after)
    assert dict(incremental.texts) == dict(full.texts)
    assert incremental.made < full.made, "an edit should not make every page again"


def test_an_edit_to_one_example_remakes_its_pages_and_those_that_list_it(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch
):
    before = catalogue_of(content_copy)
    first = render(before)
    resummarise_practice(content_copy)
    after = catalogue_of(content_copy)
    changed = changes(before, after)
    assert ("practice", "kettering-tenancy-course") in changed.entries
    remade = []
    make_text = Page.text
    monkeypatch.setattr(Page, "text", lambda page: remade.append(page.path) or make_text(page))
    again = render(after, first, changed)
    assert len(remade) == again.made
    assert "practice/kettering-tenancy-course.md" in remade
    assert "practice/index.md" in remade
    # pages that do not show the example are taken from before
    for untouched in ("lessons/setting-up.md", "baselines/offenders-baseline.md", "about.md"):
        assert untouched not in remade, untouched


def test_nothing_changed_means_only_site_wide_pages_are_made(content_copy: Path):
    catalogue = catalogue_of(content_copy)
    first = render(catalogue)
    again = render(catalogue_of(content_copy), first, Changes(frozenset(), frozenset()))
    assert dict(again.texts) == dict(first.texts)
    everything = [path for path, deps in again.depends_on.items() if deps is None]
    assert again.made == len(everything) < len(first.texts) / 4


def test_a_second_generate_writes_no_page_and_a_change_writes_few(content_copy: Path, tmp_path: Path):
    project = Project.at(tmp_path, content_dir=content_copy, build_dir=tmp_path / "build")
    first = generate(project)
    assert first.ok and len(first.written_pages) == len(first.generated.rendered.texts)
    second = generate(project, previous=first.generated)
    assert second.ok and len(second.written_pages) == 0
    resummarise_practice(content_copy)
    third = generate(project, previous=second.generated)
    assert 0 < len(third.written_pages) < len(third.generated.rendered.texts) / 3
    assert not list(project.docs_dir.rglob(".*.writing")), "a temporary file was left behind"
    remove_practice(content_copy)
    fourth = generate(project, previous=third.generated)
    assert fourth.removed_pages == ["data/practice/kettering-tenancy-course.json", "practice/kettering-tenancy-course.md"]
    assert not (project.docs_dir / "practice" / "kettering-tenancy-course.md").exists()


def test_the_cli_says_how_many_pages_it_wrote(content_copy: Path, tmp_path: Path):
    args = ("render", "--content", str(content_copy), "--build-dir", str(tmp_path / "build"))
    first = run_joinedup(*args)
    assert first.returncode == 0, first.stderr
    total = len(list((tmp_path / "build" / "docs").rglob("*.*")))
    assert f"{total} of {total} pages written" in first.stdout
    second = run_joinedup(*args)
    assert f"0 of {total} pages written" in second.stdout


@pytest.mark.parametrize("ident", ["kettering-move-on-move-in", "doncaster-on-track", "salford-sure-footed"])
def test_on_the_real_content_an_edited_title_renders_as_a_full_render_does(tmp_path: Path, ident: str):
    import shutil

    import yaml

    from .conftest import REPO

    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    before = catalogue_of(content)
    first = render(before)
    path = content / "practice" / f"{ident}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["title"] += " (revised)"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    after = catalogue_of(content)
    again = render(after, first, changes(before, after))
    assert dict(again.texts) == dict(render(after).texts)
    assert again.made < len(again.texts) / 2


def test_a_regeneration_can_be_given_up_at_every_check_and_writes_nothing(content_copy: Path, tmp_path: Path):
    """The preview gives up a regeneration when a newer save comes: at whichever check it comes,
    nothing has been written, and the next regeneration starts from the last complete one."""
    from generator.superseded import Superseded

    project = Project.at(tmp_path, content_dir=content_copy, build_dir=tmp_path / "build")
    first = generate(project)
    retitle_practice(content_copy)
    asked: list[int] = []
    counting = Project.at(tmp_path, content_dir=content_copy, build_dir=tmp_path / "counting")
    generate(counting, previous=first.generated, superseded=lambda: asked.append(1) and False)
    checks = len(asked)
    assert checks > 10, "the work is not given up often enough for a newer save not to wait"
    before = {p: p.read_bytes() for p in project.docs_dir.rglob("*") if p.is_file()}
    for at in (1, 2, 3, 4, checks // 2, checks):
        calls = iter(range(1, checks + 1))
        with pytest.raises(Superseded):
            generate(project, previous=first.generated, superseded=lambda: next(calls) == at)
        assert {p: p.read_bytes() for p in project.docs_dir.rglob("*") if p.is_file()} == before


def test_page_texts_give_back_exactly_what_was_added():
    texts = PageTexts()
    text = "# Référence — 23% → 8%\n\nA line with an emoji 🏠 and a tab\there.\n"
    texts.add("practice/a.md", text)
    texts.add("practice/b.md", "")
    assert texts["practice/a.md"] == text and texts["practice/b.md"] == ""
    assert texts.encoded("practice/a.md") == text.encode("utf-8")
    assert list(texts) == ["practice/a.md", "practice/b.md"] and "practice/a.md" in texts
    later = PageTexts()
    later.keep("practice/a.md", texts)
    later.add("practice/b.md", "changed")
    assert later.same("practice/a.md", texts) and not later.same("practice/b.md", texts)
    texts.add("practice/only-here.md", "x")
    assert not later.same("practice/only-here.md", texts)
