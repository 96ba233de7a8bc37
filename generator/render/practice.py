"""Practice examples and health pilots: a page each, a pilot's outcomes page, and the index."""

from __future__ import annotations

from typing import Iterator

from .. import model as m
from ..link import Catalogue, Entry
from .facets import KIND_LABELS, ni_label
from .listing import Listings, continuation_pages
from .page import Page, page
from .urls import pilot_outcomes_path


def pages(catalogue: Catalogue) -> Iterator[Page]:
    for p in catalogue.content.practice:
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
            outcomes_page=outcomes_page,
        )
    index = "practice/index.md"
    listing = Listings(catalogue).listing(catalogue.entries_of("practice"), index, "practice examples and pilots")
    # Search has the record pages; the index only repeats their titles and summaries.
    yield page("practice-index.md.j2", index, meta={"pagefind": False}, practice=listing)
    every_record = [("practice", p.id) for p in catalogue.content.practice]
    yield from continuation_pages(listing, "Practice index", index, every_record)
