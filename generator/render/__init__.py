"""Render stage: the catalogue -> every page of the site as Markdown for MkDocs, and the data files.

Each page family is a module that turns the catalogue into the pages it owns (see ``FAMILIES``);
``render`` runs them in turn, then the search page, whose filters count what the others carry.
Given the previous result and the records an edit changed, it makes again only the pages that
depend on a changed record and takes the rest from before.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from ..link import Catalogue, Changes
from .. import model as m
from . import data, glossary, guidance, indicators, lessons, practice, shortlist, site, terms, tools, updates
from ..superseded import Check, Superseded, give_up_if, never
from .facets import BROWSE_WORD, facet_totals
from .listing import Listings
from .page import Dependencies, Page
from .texts import PageTexts

__all__ = ["BROWSE_WORD", "FAMILIES", "PageTexts", "RenderError", "Rendered", "Superseded", "plan", "render", "render_own_pages"]

# page family -> the pages it owns; hand-written pages come last so a clash can be reported.
FAMILIES: tuple[Callable[[Catalogue], Iterable[Page]], ...] = (
    practice.pages,
    lessons.pages,
    indicators.pages,
    guidance.pages,
    tools.pages,
    terms.pages,
    glossary.pages,
    site.pages,
    updates.pages,
    shortlist.pages,
    data.pages,
)


class RenderError(Exception):
    """The catalogue cannot be rendered, e.g. a hand-written page would replace a generated one."""


@dataclass(frozen=True)
class Rendered:
    """Every page's text by docs path, and the records each depends on (None: everything)."""

    texts: PageTexts
    depends_on: Mapping[str, Dependencies | None]
    made: int  # how many texts were made rather than taken from the previous result
    # the glossary the texts were made with: any page may use an abbreviation it explains
    glossary: tuple[m.GlossaryEntry, ...] | None = None


def plan(catalogue: Catalogue, superseded: Check = never) -> list[Page]:
    """Every page of the site, described but not yet made (``superseded``: as for ``render``)."""
    pages = []
    for family in FAMILIES:
        give_up_if(superseded)
        pages += family(catalogue)
    pages.append(site.search_page(facet_totals(p.facets for p in pages), terms.browse_groups(catalogue)))
    pages = _with_vocabulary(pages, catalogue)
    generated = {p.path for p in pages}
    for handwritten in site.handwritten(catalogue):
        if handwritten.path in generated:
            raise RenderError(
                f"content/pages/{handwritten.path} would replace the generated page {handwritten.path}; rename the page"
            )
        pages.append(handwritten)
    return pages


def _with_vocabulary(pages: list[Page], catalogue: Catalogue) -> list[Page]:
    # every page is found by the vocabulary's words for what it carries
    return [dataclasses.replace(p, vocabulary=catalogue.vocabulary) for p in pages]


def render(
    catalogue: Catalogue,
    previous: Rendered | None = None,
    changed: Changes | None = None,
    superseded: Check = never,
) -> Rendered:
    """Make every page; with ``previous`` and ``changed``, only those an edit touched.

    ``superseded`` is asked before each family's pages are planned and each page is made: when
    it says yes, ``Superseded`` is raised (the preview gives up a render that a newer edit has
    made out of date).
    """
    texts = PageTexts()
    depends_on: dict[str, Dependencies | None] = {}
    made = 0
    reusable = previous is not None and changed is not None and previous.glossary == catalogue.vocabulary.glossary
    for p in plan(catalogue, superseded):
        give_up_if(superseded)
        if reusable and not _touched(p, previous, changed):  # type: ignore[arg-type]
            texts.keep(p.path, previous.texts)  # type: ignore[union-attr]
        else:
            texts.add(p.path, p.text())
            made += 1
        depends_on[p.path] = p.depends_on
    return Rendered(texts, depends_on, made, catalogue.vocabulary.glossary)


def render_own_pages(catalogue: Catalogue, records: list[m.PracticeBase]) -> dict[str, str]:
    """The texts of the given examples' own pages alone (see ``link.edited``)."""
    listings = Listings(catalogue)
    own = [page for p in records for page in practice.own_pages(catalogue, p, listings)]
    return {p.path: p.text() for p in _with_vocabulary(own, catalogue)}


def _touched(p: Page, previous: Rendered, changed: Changes) -> bool:
    if p.path not in previous.texts or p.depends_on is None:
        return True
    before = previous.depends_on[p.path]
    # A record it showed before may have gone; one it shows now may be new.
    return before is None or p.depends_on.touched_by(changed) or before.touched_by(changed)
