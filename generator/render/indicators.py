"""Indicators: the success-indicator themes, the National Indicators and the national baselines,
a page each and an index of each."""

from __future__ import annotations

from typing import Iterator

from ..link import Catalogue
from .facets import KIND_LABELS, ni_label
from .listing import Listings, continuation_pages
from .page import Page, page


def pages(catalogue: Catalogue) -> Iterator[Page]:
    c = catalogue.content
    for theme in c.indicator_themes:
        client_groups = [catalogue.entry("client-group", g) for g in theme.client_groups]
        yield page(
            "indicator-theme.md.j2",
            catalogue.entry("indicator-theme", theme.id).path,
            facets={
                "kind": [KIND_LABELS["indicator-theme"]],
                "client_group": [e.title for e in client_groups],
                "ni": [ni_label(i.national_indicator) for i in theme.indicators if i.national_indicator],
            },
            record=theme,
            client_groups=client_groups,
            nis={i.national_indicator: catalogue.entry("national-indicator", i.national_indicator)
                 for i in theme.indicators if i.national_indicator},
            source=catalogue.entry("document", theme.source.document),
        )
    listings = Listings(catalogue)
    for ni in c.national_indicators:
        links = catalogue.ni_links[ni.id]
        entry = catalogue.entry("national-indicator", ni.id)
        practice = listings.listing(links.practice, entry.path, "practice examples and pilots")
        yield page(
            "national-indicator.md.j2",
            entry.path,
            facets={
                "kind": [KIND_LABELS["national-indicator"]],
                "client_group": [links.client_group.title] if links.client_group else [],
                "ni": [ni_label(ni.id)],
            },
            record=ni,
            links=links,
            practice=practice,
            source=catalogue.entry("document", ni.source.document),
        )
        yield from continuation_pages(practice, entry.title, entry.path, [("national-indicator", ni.id)])
    for baseline in c.baselines:
        client_group = catalogue.entry("client-group", baseline.client_group)
        yield page(
            "baseline.md.j2",
            catalogue.entry("baseline", baseline.id).path,
            facets={"kind": [KIND_LABELS["baseline"]], "client_group": [client_group.title]},
            record=baseline,
            client_group=client_group,
            source=catalogue.entry("document", baseline.source.document),
        )
    yield page(
        "indicators-index.md.j2",
        "indicators/index.md",
        themes=[(t, catalogue.entry("indicator-theme", t.id)) for t in sorted(c.indicator_themes, key=lambda t: t.number)],
    )
    yield page(
        "national-indicators-index.md.j2",
        "national-indicators/index.md",
        indicators=[
            (n, catalogue.entry("national-indicator", n.id)) for n in sorted(c.national_indicators, key=lambda n: n.number)
        ],
    )
    yield page(
        "baselines-index.md.j2",
        "baselines/index.md",
        baselines=[(b, catalogue.entry("baseline", b.id)) for b in sorted(c.baselines, key=lambda b: b.title)],
    )
