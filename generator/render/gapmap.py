"""The evidence-and-gap map (the gaps page): client groups against themes, regions and National
Indicators, each cell a mark sized by how many examples it holds and shaped and coloured by the
strongest evidence among them; and the data its script re-draws the map from.

The page is a complete static table without scripts, whose cells link to their rows' term pages
(which list the examples without scripts too). The script (joinedup-gapmap.js) filters the map
in place from ``gaps/map.json`` and draws the phone view from it; it gives its marks the same
classes (the stylesheet draws each level's shape and colour, and each size) on the same scale
(its bounds are in the data), so both draw the same marks. The page holds nothing per example,
so its size depends on the number of terms alone.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Iterator

from ..link import Catalogue, Coverage, Entry, MapExample
from .facets import KIND_LABELS, ni_label
from .page import Page, made, page
from .urls import SEARCH_PAGE, url_between

MAP_PAGE = "gaps.md"
MAP_DATA = "gaps/map.json"
MAP_SCRIPT = "assets/javascripts/joinedup-gapmap.js"

# Mark sizes in CSS pixels: the area grows with the number of examples, so the side grows with
# its square root; the largest cell of each map gets the largest mark. The stylesheet has a
# class for each size between the two (ju-s10 to ju-s26), and one shape and colour for each of
# up to MARK_LEVELS evidence levels (ju-l1 to ju-l6, weakest first): an open ring, a
# triangle, a square, a diamond, a star, a cross. Colour is never the only difference (WCAG 1.4.1).
MARK_SMALLEST = 10
MARK_LARGEST = 26
MARK_LEVELS = 6

AXIS_WORDS = {
    # axis kind -> (heading word, in a sentence, plural, the facet the search filters it by)
    "theme": ("Theme", "theme", "themes", "theme"),
    "region": ("Region", "region", "regions", "region"),
    "national-indicator": ("National Indicator", "National Indicator", "National Indicators", "ni"),
}
EXAMPLE_KINDS = ("practice", "pilot")


def pages(catalogue: Catalogue) -> Iterator[Page]:
    coverage = catalogue.coverage
    yield page(
        "gaps.md.j2",
        MAP_PAGE,
        everything=True,
        meta={"hide": ["toc"], "scripts": [MAP_SCRIPT]},
        map=gap_map(coverage, catalogue),
        # the data file sits in the page's own folder (gaps/)
        data_url=MAP_DATA.rsplit("/", 1)[1],
    )
    yield made(MAP_DATA, lambda: map_json(coverage, catalogue))


@dataclass(frozen=True)
class Mark:
    """What one cell shows: how many examples, the strongest evidence among them, the mark."""

    count: int
    level: Entry | None
    rank: int  # the level's place on the scale, 1 the weakest; 0 for a gap
    size: int


@dataclass(frozen=True)
class MapRow:
    term: Entry
    href: str  # the term's page, from the map page
    cells: tuple[Mark, ...]  # one per client group, in the map's order
    total: int


@dataclass(frozen=True)
class MapTable:
    kind: str
    heading: str  # "Theme"
    noun: str  # "theme", as in a sentence
    plural: str
    facet: str
    rows: tuple[MapRow, ...]
    column_totals: tuple[int, ...]
    total: int
    largest: int

    @property
    def gaps(self) -> int:
        return sum(not cell.count for row in self.rows for cell in row.cells)


@dataclass(frozen=True)
class GapMap:
    client_groups: tuple[Entry, ...]
    group_hrefs: tuple[str, ...]
    short_titles: tuple[str, ...]
    levels: tuple[Entry, ...]  # weakest first
    level_hrefs: tuple[str, ...]
    tables: tuple[MapTable, ...]
    examples: int


def mark_size(count: int, largest: int) -> int:
    if count <= 0 or largest <= 0:
        return 0
    return round(MARK_SMALLEST + (MARK_LARGEST - MARK_SMALLEST) * math.sqrt(count / largest))


def gap_map(coverage: Coverage, catalogue: Catalogue) -> GapMap:
    short = {t.id: t.short_title or t.title for t in catalogue.terms["client-group"].values()}  # type: ignore[attr-defined]
    tables = tuple(_table(coverage, axis.kind, axis.terms) for axis in coverage.axes)
    return GapMap(
        client_groups=coverage.client_groups,
        group_hrefs=tuple(url_between(g.path, MAP_PAGE) for g in coverage.client_groups),
        short_titles=tuple(short[g.id] for g in coverage.client_groups),
        levels=coverage.evidence_levels,
        level_hrefs=tuple(url_between(e.path, MAP_PAGE) for e in coverage.evidence_levels),
        tables=tables,
        examples=len(coverage.examples),
    )


def _table(coverage: Coverage, kind: str, terms: tuple[Entry, ...]) -> MapTable:
    heading, noun, plural, facet = AXIS_WORDS[kind]
    groups = coverage.client_groups
    largest = max((len(found) for (k, _, _), found in coverage.cells.items() if k == kind), default=0)
    rows = []
    for term in terms:
        cells = []
        for group in groups:
            examples = coverage.cell(kind, group.id, term.id)
            cells.append(_mark(coverage, examples, largest))
        rows.append(MapRow(term, url_between(term.path, MAP_PAGE), tuple(cells), len(coverage.row(kind, term.id))))
    in_axis = {e.entry.id for e in coverage.examples if e.terms[kind] and e.client_groups}
    return MapTable(
        kind=kind,
        heading=heading,
        noun=noun,
        plural=plural,
        facet=facet,
        rows=tuple(rows),
        column_totals=tuple(len(coverage.column(kind, g.id)) for g in groups),
        total=len(in_axis),
        largest=largest,
    )


def _mark(coverage: Coverage, examples: tuple[MapExample, ...], largest: int) -> Mark:
    level = coverage.strongest(examples)
    return Mark(
        count=len(examples),
        level=level,
        # levels beyond the stylesheet's shapes share the strongest one
        rank=min(coverage.evidence_levels.index(level) + 1, MARK_LEVELS) if level else 0,
        size=mark_size(len(examples), largest),
    )


def _search_value(kind: str, term: Entry) -> str:
    """The value the search filters a term by: its title, or an NI's short label."""
    return ni_label(term.id) if kind == "national-indicator" else term.title


def map_json(coverage: Coverage, catalogue: Catalogue) -> str:
    """What the map's script filters and re-draws from: the terms once, each example by index."""
    index = {
        "client-group": {e.id: i for i, e in enumerate(coverage.client_groups)},
        "journey-stage": {e.id: i for i, e in enumerate(coverage.journey_stages)},
        "evidence-level": {e.id: i for i, e in enumerate(coverage.evidence_levels)},
        **{axis.kind: {e.id: i for i, e in enumerate(axis.terms)} for axis in coverage.axes},
    }
    terms = lambda entries: [{"id": e.id, "title": e.title} for e in entries]  # noqa: E731
    table = {t.kind: t for t in gap_map(coverage, catalogue).tables}
    data: dict[str, Any] = {
        "mark": {"smallest": MARK_SMALLEST, "largest": MARK_LARGEST, "levels": MARK_LEVELS},
        "search": url_between(SEARCH_PAGE, MAP_PAGE),
        "kinds": [{"id": k, "title": KIND_LABELS[k]} for k in EXAMPLE_KINDS],
        "groups": terms(coverage.client_groups),
        "levels": terms(coverage.evidence_levels),
        "stages": terms(coverage.journey_stages),
        "axes": [
            {
                "kind": axis.kind,
                "facet": table[axis.kind].facet,
                "largest": table[axis.kind].largest,
                "terms": [
                    {"id": e.id, "title": e.title, "search": _search_value(axis.kind, e)}
                    for e in axis.terms
                ],
            }
            for axis in coverage.axes
        ],
        # strongest evidence first (the link stage's order): a cell lists its examples in it
        "examples": [
            {
                "title": e.entry.title,
                "url": url_between(e.entry.path, MAP_PAGE),
                "kind": EXAMPLE_KINDS.index(e.kind),
                "level": index["evidence-level"][e.evidence.id],
                "groups": [index["client-group"][g] for g in e.client_groups],
                "stages": [index["journey-stage"][s] for s in e.journey_stages],
                **{kind: [index[kind][t] for t in ids if t in index[kind]] for kind, ids in e.terms.items()},
            }
            for e in coverage.examples
        ],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
