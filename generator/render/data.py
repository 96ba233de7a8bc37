"""Open data: every record as JSON, the practice examples as CSV, and an Atom feed of new
practice, written beside the pages for anyone to reuse."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable, Iterator
from xml.sax.saxutils import escape as xml_escape

from .. import model as m
from ..link import Catalogue
from .facets import ni_label
from .page import Page, made
from .urls import page_url

FEED_SIZE = 50


def pages(catalogue: Catalogue) -> Iterator[Page]:
    yield made("data/catalogue.json", lambda: catalogue_json(catalogue))
    yield made("data/practice.csv", lambda: practice_csv(catalogue))
    yield made("feed.xml", lambda: atom_feed(catalogue))


def catalogue_json(catalogue: Catalogue) -> str:
    """Every record and term as JSON, with its page path."""
    c = catalogue.content

    def records(kind: str, items: Iterable[m.Record]) -> list[dict[str, Any]]:
        return [
            {**item.model_dump(mode="json", exclude_none=True), "page": page_url(catalogue.entry(kind, item.id).path)}
            for item in sorted(items, key=lambda r: r.id)
        ]

    data = {
        "counts": c.counts(),
        "practice": records("practice", c.practice),
        "lessons": records("lesson", c.lessons),
        "indicator_themes": records("indicator-theme", c.indicator_themes),
        "national_indicators": records("national-indicator", c.national_indicators),
        "baselines": records("baseline", c.baselines),
        "guidance": records("guidance", c.guidance),
        "tools": records("tool", c.tools),
        "taxonomies": {
            name: taxonomy.model_dump(mode="json", exclude_none=True)
            for name, taxonomy in sorted(c.taxonomies.items())
        },
    }
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


PRACTICE_CSV_COLUMNS = [
    "id", "kind", "title", "summary", "client_groups", "themes", "national_indicators",
    "journey_stages", "region", "areas", "evidence_level", "delivered_by", "partners",
    "published", "source", "page",
]


def practice_csv(catalogue: Catalogue) -> str:
    """One row per practice example, taxonomy fields joined as titles."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PRACTICE_CSV_COLUMNS)
    for p in sorted(catalogue.content.practice, key=lambda p: p.id):
        links = catalogue.practice_links[p.id]
        joined = lambda entries: "; ".join(e.title for e in entries)  # noqa: E731
        writer.writerow(
            _defuse_cell(value)
            for value in [
                p.id, p.kind, p.title, p.summary, joined(links.client_groups), joined(links.themes),
                "; ".join(ni_label(n) for n in p.national_indicators), joined(links.journey_stages),
                links.region.title, joined(links.areas), links.evidence_level.title,
                "; ".join(p.delivered_by), "; ".join(p.partners), p.published.isoformat(),
                f"{links.source.title}, {p.source.section}", page_url(catalogue.entry("practice", p.id).path),
            ]
        )
    return out.getvalue()


def _defuse_cell(value: str) -> str:
    # Spreadsheets run a cell that starts with = + - @ as a formula; content is untrusted.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def atom_feed(catalogue: Catalogue) -> str:
    """An Atom feed of the most recently published practice examples."""
    practice = sorted(catalogue.content.practice, key=lambda p: (p.published, p.id), reverse=True)[:FEED_SIZE]
    updated = practice[0].published.isoformat() if practice else "1970-01-01"
    entries = []
    for p in practice:
        url = page_url(catalogue.entry("practice", p.id).path)
        entries.append(
            "  <entry>\n"
            f"    <id>urn:joinedup:practice:{xml_escape(p.id)}</id>\n"
            f"    <title>{xml_escape(p.title)}</title>\n"
            f'    <link rel="alternate" type="text/html" href="{xml_escape(url)}"/>\n'
            f"    <updated>{p.published.isoformat()}T00:00:00Z</updated>\n"
            f"    <summary>{xml_escape(p.summary)}</summary>\n"
            "  </entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        "  <id>urn:joinedup:practice</id>\n"
        "  <title>Joined Up: new practice examples</title>\n"
        '  <link rel="self" href="feed.xml"/>\n'
        f"  <updated>{updated}T00:00:00Z</updated>\n"
        "  <author><name>Joined Up</name></author>\n"
        + "".join(entries)
        + "</feed>\n"
    )
