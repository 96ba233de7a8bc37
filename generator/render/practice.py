"""Practice examples and health pilots: a page each, a pilot's outcomes page, and the index."""

from __future__ import annotations

from typing import Iterator

from .. import model as m
from ..link import Catalogue, Entry
from .facets import KIND_LABELS, ni_label
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
    yield page(
        "practice-index.md.j2",
        "practice/index.md",
        practice=catalogue.entries_of("practice"),
        records={p.id: p for p in catalogue.content.practice},
        links=catalogue.practice_links,
    )
