"""Golden files: the Markdown and data files generated from the small content tree.

After an intended change to templates, run ``pytest --update-golden`` and review the diff.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from generator.link import link
from generator.pipeline import check_content
from generator.render import render

from .conftest import FIXTURE_CONTENT

GOLDEN = Path(__file__).parent / "golden" / "docs"


SITE_URL = "https://example.org/joined-up/"


def rendered_pages() -> dict[str, str]:
    content, problems = check_content(FIXTURE_CONTENT)
    assert problems == []
    texts = render(link(content, today=datetime.date(2026, 1, 1), site_url=SITE_URL)).texts
    # the published JSON Schemas are compared with schema/ by test_schema.py
    return {path: text for path, text in texts.items() if not path.startswith("schema/")}


PAGES = rendered_pages()


def test_golden_tree_has_exactly_the_rendered_pages(update_golden: bool):
    if update_golden:
        for old in GOLDEN.rglob("*"):
            if old.is_file():
                old.unlink()
        for name, text in PAGES.items():
            target = GOLDEN / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    on_disk = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*") if p.is_file())
    assert on_disk == sorted(PAGES)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_matches_its_golden_file(name: str):
    assert PAGES[name] == (GOLDEN / name).read_text(encoding="utf-8")
