"""The shortlist and the compare view: a page each, filled in the reader's browser from the
shortlist kept there and from data/catalogue.json, so neither depends on any record."""

from __future__ import annotations

from typing import Iterator

from ..link import Catalogue
from .page import Page, page

SHORTLIST_SCRIPTS = ["assets/javascripts/joinedup-shortlist-page.js"]


def pages(catalogue: Catalogue) -> Iterator[Page]:
    # A reader's own list is not content: search should not find these pages.
    # The table of contents would list nothing: the examples are drawn in after loading, and
    # the compare table wants the width.
    meta = {"scripts": SHORTLIST_SCRIPTS, "pagefind": False, "hide": ["toc"]}
    yield page("shortlist.md.j2", "shortlist/index.md", meta=meta)
    yield page("compare.md.j2", "compare/index.md", meta=meta)
