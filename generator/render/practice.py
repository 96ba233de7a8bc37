"""Practice examples and health pilots: a page each, a pilot's outcomes page, and the index."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

from .. import model as m
from ..link import Catalogue, Entry
from .facets import KIND_LABELS, ni_label
from .listing import Item, Listings, continuation_pages
from .page import Page, page
from .urls import pilot_outcomes_path


@dataclass(frozen=True)
class PracticeSort:
    """One order of the practice index: a page of its own, so no script is needed to sort."""

    label: str
    path: str
    order: Callable[[Item], Any] | None  # None: the listings' own order, strongest evidence first


PRACTICE_SORTS = (
    PracticeSort("strongest evidence first", "practice/index.md", None),
    PracticeSort("by title", "practice/by-title/index.md", lambda item: item.entry.title.lower()),
    PracticeSort("newest first", "practice/by-year/index.md", lambda item: -(item.year or 0)),
    PracticeSort("by region", "practice/by-region/index.md", lambda item: item.region.title if item.region else ""),
)


def pages(catalogue: Catalogue) -> Iterator[Page]:
    listings = Listings(catalogue)
    for p in catalogue.content.practice:
        yield from own_pages(catalogue, p, listings)
    # one set for every page of the listings (see page._joined)
    every_record = frozenset(("practice", p.id) for p in catalogue.content.practice)
    for sort in PRACTICE_SORTS:
        path = sort.path
        listing = listings.listing(
            catalogue.entries_of("practice"), path, "practice examples and pilots", order=sort.order
        )
        # Search has the record pages; the index only repeats their titles and summaries.
        meta: dict[str, Any] = {"pagefind": False}
        if sort.order is not None:
            # the other orders open with the same words as the index: their descriptions differ
            meta["description"] = f"Every practice example and health pilot on the site, listed {sort.label}."
        yield page("practice-index.md.j2", path, meta=meta, practice=listing, sorts=PRACTICE_SORTS, sort=sort)
        yield from continuation_pages(listing, f"Practice index, {sort.label}", path, every_record)


def own_pages(catalogue: Catalogue, p: m.PracticeBase, listings: Listings) -> Iterator[Page]:
    """An example's or a pilot's own pages: its page, and a pilot's outcomes page."""
    entry = catalogue.entry("practice", p.id)
    links = catalogue.practice_links[p.id]
    outcomes_page = None
    if isinstance(p, m.Pilot):
        # A pilot's objective-by-objective tables are long: they get a page of their own so
        # the pilot's page stays light enough to read and print.
        outcomes_page = Entry("pilot-outcomes", p.id, f"{p.title}: outcomes", pilot_outcomes_path(p.id))
        yield page("pilot-outcomes.md.j2", outcomes_page.path, record=p, pilot=entry, source=links.source)
    yield page(
        "practice.md.j2",
        entry.path,
        facets={
            "kind": [KIND_LABELS[p.kind]],
            "client_group": [e.title for e in links.client_groups],
            "theme": [e.title for e in links.themes],
            "ni": [ni_label(n) for n in p.national_indicators],
            "region": [links.region.title],
            "stage": [e.title for e in links.journey_stages],
            "evidence": [links.evidence_level.title],
        },
        record=p,
        links=links,
        related=listings.items(links.related),
        tags=listings.item(entry),
        outcomes_page=outcomes_page,
    )
