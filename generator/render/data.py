"""Open data: every record as JSON, the practice examples as CSV, and an Atom feed of new and
updated pages, written beside the pages for anyone to reuse, each naming its licence."""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from typing import Any, Iterable, Iterator
from xml.sax.saxutils import escape as xml_escape

from .. import model as m
from ..link import Catalogue, Entry
from .datapackage import PRACTICE_FIELDS, datapackage_json, schema_pages
from .facets import ni_label
from .figures import figure_sentence
from .licence import ATTRIBUTION, LICENCE, LICENCE_LINE, licence_notice
from .page import Page, made
from .urls import address

FEED_SIZE = 50


def pages(catalogue: Catalogue) -> Iterator[Page]:
    # each made once, for its file and for the data package that gives its size and hash
    catalogue_text = functools.cache(lambda: catalogue_json(catalogue))
    practice_text = functools.cache(lambda: practice_csv(catalogue))
    yield made("data/catalogue.json", catalogue_text)
    yield made("data/practice.csv", practice_text)
    yield made("feed.xml", lambda: atom_feed(catalogue))
    yield made(
        "data/datapackage.json",
        lambda: datapackage_json(catalogue, {"catalogue.json": catalogue_text(), "practice.csv": practice_text()}),
    )
    yield from schema_pages()
    # The shortlist and compare pages fetch the few examples a reader chose, not the whole
    # catalogue (megabytes at thousands of examples), and each file is made again only when
    # its own example changes.
    for p in catalogue.content.practice:
        yield made(record_path(p.id), functools.partial(practice_record_json, catalogue, p), shows=[("practice", p.id)])
    taxonomies = [key for key, _ in catalogue.content.records() if key[0] == "taxonomy"]
    yield made("data/taxonomies.json", lambda: taxonomies_json(catalogue), shows=taxonomies)


def record_path(ident: str) -> str:
    return f"data/practice/{ident}.json"


def catalogue_json(catalogue: Catalogue) -> str:
    """Every record and term as JSON, with its page path."""
    c = catalogue.content

    def records(kind: str, items: Iterable[m.Record]) -> list[dict[str, Any]]:
        return [record_data(catalogue, kind, item) for item in sorted(items, key=lambda r: r.id)]

    data = {
        **licence_notice(catalogue),
        "counts": c.counts(),
        "practice": records("practice", c.practice),
        "lessons": records("lesson", c.lessons),
        "indicator_themes": records("indicator-theme", c.indicator_themes),
        "national_indicators": records("national-indicator", c.national_indicators),
        "baselines": records("baseline", c.baselines),
        "guidance": records("guidance", c.guidance),
        "tools": records("tool", c.tools),
        "taxonomies": _taxonomies(catalogue),
    }
    return _json(data)


def practice_record_json(catalogue: Catalogue, p: m.PracticeBase) -> str:
    """One practice example as in the catalogue, in a file of its own (its source is in it: the
    list of every source document is in the catalogue and data/taxonomies.json)."""
    return _json({"licence": LICENCE, "attribution": ATTRIBUTION, **record_data(catalogue, "practice", p)})


def taxonomies_json(catalogue: Catalogue) -> str:
    """The taxonomies as in the catalogue: what the ids in a record's file stand for."""
    return _json({**licence_notice(catalogue), "taxonomies": _taxonomies(catalogue)})


def record_data(catalogue: Catalogue, kind: str, item: m.Record) -> dict[str, Any]:
    """A record as open data: its fields, its page's address and what is derived from it."""
    return {
        **item.model_dump(mode="json", exclude_none=True),
        "page": address(catalogue.site_url, catalogue.entry(kind, item.id).path),
        **_derived(item),
    }


def _taxonomies(catalogue: Catalogue) -> dict[str, Any]:
    return {
        name: taxonomy.model_dump(mode="json", exclude_none=True)
        for name, taxonomy in sorted(catalogue.content.taxonomies.items())
    }


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


def _derived(record: m.Record) -> dict[str, Any]:
    # Key figures also in words, so a reuser (and the compare page) need not format units.
    if isinstance(record, m.PracticeBase) and record.key_figures:
        return {"key_figures_text": [figure_sentence(f) for f in record.key_figures]}
    return {}


PRACTICE_CSV_COLUMNS = list(PRACTICE_FIELDS)  # described for reuse in datapackage.py


def practice_csv(catalogue: Catalogue) -> str:
    """One row per practice example, taxonomy fields joined as titles; each row names the licence."""
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
                " ".join(figure_sentence(f) for f in p.key_figures),
                "; ".join(p.delivered_by), "; ".join(p.partners), p.published.isoformat(),
                p.updated.isoformat() if p.updated else "", source_text(p.source, links.source),
                address(catalogue.site_url, catalogue.entry("practice", p.id).path), LICENCE_LINE,
            ]
        )
    return out.getvalue()


def source_text(source: m.Source | m.Contribution, document: Entry | None) -> str:
    """Where a practice example comes from, in one line: the document and section, or who supplied it."""
    if isinstance(source, m.Contribution):
        return (f"Contribution from {source.supplied_by}, {source.organisation}, supplied on "
                f"{source.supplied_on.isoformat()}; how to check it: {source.verify}")
    return f"{document.title if document else source.document}, {source.section}"


# Spreadsheets run a cell that starts with = + - @ (or their full-width forms) as a formula, and
# skip leading tabs, line breaks and spaces before deciding, so "\t=HYPERLINK(...)" runs too.
_FORMULA = re.compile(r"^[\s]*[=+\-@\uff1d\uff0b\uff0d\uff20]")


def _defuse_cell(value: str) -> str:
    # Content is untrusted; a leading apostrophe makes the cell text in every spreadsheet.
    return "'" + value if _FORMULA.match(value) else value


def atom_feed(catalogue: Catalogue) -> str:
    """An Atom feed of the latest new and updated pages; addresses are absolute under site_url."""
    dated = catalogue.record_dates[:FEED_SIZE]
    site = catalogue.site_url
    updated = dated[0].latest.isoformat() if dated else "1970-01-01"
    entries = []
    for d in dated:
        e = d.entry
        summary = f"    <summary>{xml_escape(e.summary)}</summary>\n" if e.summary else ""
        entries.append(
            "  <entry>\n"
            f"    <id>urn:joinedup:{xml_escape(e.kind)}:{xml_escape(e.id)}</id>\n"
            f"    <title>{xml_escape(e.title)}{' (updated)' if d.updated else ''}</title>\n"
            f'    <link rel="alternate" type="text/html" href="{xml_escape(address(site, e.path))}"/>\n'
            f"    <published>{d.published.isoformat()}T00:00:00Z</published>\n"
            f"    <updated>{d.latest.isoformat()}T00:00:00Z</updated>\n"
            f'    <category term="{xml_escape(d.label)}"/>\n'
            + summary
            + "  </entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">\n'
        "  <id>urn:joinedup:whats-new</id>\n"
        "  <title>Joined Up: new and updated pages</title>\n"
        f'  <link rel="self" type="application/atom+xml" href="{xml_escape(site)}feed.xml"/>\n'
        f'  <link rel="alternate" type="text/html" href="{xml_escape(site)}whats-new/"/>\n'
        f"  <updated>{updated}T00:00:00Z</updated>\n"
        "  <author><name>Joined Up</name></author>\n"
        f"  <rights>{xml_escape(LICENCE['title'])}: {xml_escape(LICENCE['path'])}</rights>\n"
        + "".join(entries)
        + "</feed>\n"
    )
