"""What the link stage hands on: the catalogue of every page, and the links derived for each.

Templates receive these resolved objects and never look anything up.
"""

from __future__ import annotations

from dataclasses import dataclass
import datetime
from typing import Mapping

from .. import model as m
from ..validate import Content
from ..vocabulary import Vocabulary

# Where each kind of page lives in the generated docs folder.
PAGE_FOLDERS: dict[str, str] = {
    "practice": "practice",
    "lesson": "lessons",
    "indicator-theme": "indicators",
    "national-indicator": "national-indicators",
    "baseline": "baselines",
    "guidance": "guidance",
    "tool": "tools",
    "document": "sources",
    "client-group": "client-groups",
    "theme": "themes",
    "region": "regions",
    "area": "areas",
    "journey-stage": "journey",
    "evidence-level": "evidence",
}

# Taxonomy term kinds that get a term page listing their members.
TERM_KINDS = ("client-group", "theme", "region", "area", "journey-stage", "evidence-level", "document")



@dataclass(frozen=True)
class Entry:
    """A page: what a link to it needs."""

    kind: str
    id: str
    title: str
    path: str
    summary: str = ""


@dataclass(frozen=True)
class IndicatorLink:
    """One success indicator (a row of a success-indicator theme)."""

    theme: Entry
    indicator: m.Indicator
    position: int

    @property
    def anchor(self) -> str:
        return indicator_anchor(self.indicator, self.position)


@dataclass(frozen=True)
class LessonLink:
    """A lesson stage section or box that cites a pilot."""

    lesson: Entry
    label: str
    anchor: str


@dataclass(frozen=True)
class PracticeLinks:
    client_groups: tuple[Entry, ...]
    applicable_to: tuple[Entry, ...]
    themes: tuple[Entry, ...]
    national_indicators: tuple[Entry, ...]
    journey_stages: tuple[Entry, ...]
    region: Entry
    areas: tuple[Entry, ...]
    evidence_level: Entry
    source: Entry | None  # None when the example cites a contribution, not a document
    indicators: tuple[IndicatorLink, ...]
    indicator_themes: tuple[Entry, ...]
    lessons: tuple[LessonLink, ...]
    related: tuple[Entry, ...]
    cited_by: tuple[Entry, ...]
    review_reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class NationalIndicatorLinks:
    client_group: Entry | None
    supports: tuple[Entry, ...]
    supported_by: tuple[Entry, ...]
    indicators: tuple[IndicatorLink, ...]
    practice: tuple[Entry, ...]
    baseline: Entry | None


@dataclass(frozen=True)
class TermMembers:
    """Everything that carries a taxonomy term, by the kind of page it is."""

    term: Entry
    practice: tuple[Entry, ...] = ()
    pilots: tuple[Entry, ...] = ()
    also_applicable: tuple[Entry, ...] = ()
    indicator_themes: tuple[Entry, ...] = ()
    national_indicators: tuple[Entry, ...] = ()
    baselines: tuple[Entry, ...] = ()
    lessons: tuple[Entry, ...] = ()
    guidance: tuple[Entry, ...] = ()
    tools: tuple[Entry, ...] = ()
    areas: tuple[Entry, ...] = ()

    @property
    def count(self) -> int:
        return sum(
            len(group)
            for group in (
                self.practice,
                self.pilots,
                self.indicator_themes,
                self.national_indicators,
                self.baselines,
                self.lessons,
                self.guidance,
                self.tools,
            )
        )


@dataclass(frozen=True)
class ClientGroupEvidence:
    """Why a client group matters: its baselines and the figures the guidance gives for it."""

    baselines: tuple[m.Baseline, ...]
    facts: tuple[tuple[Entry, m.Fact], ...]


@dataclass(frozen=True)
class Recommendations:
    """What to read for one area of the self-assessment matrix, found through its themes."""

    practice: tuple[Entry, ...]
    lessons: tuple[Entry, ...]


@dataclass(frozen=True)
class MapExample:
    """A practice example or pilot as the evidence-and-gap map places and filters it."""

    entry: Entry
    kind: str  # practice | pilot
    evidence: Entry  # its evidence level
    client_groups: tuple[str, ...]
    terms: Mapping[str, tuple[str, ...]]  # axis kind (theme, region, national-indicator) -> ids
    journey_stages: tuple[str, ...]


@dataclass(frozen=True)
class MapAxis:
    """The terms of one evidence-and-gap map, set against the client groups."""

    kind: str  # theme | region | national-indicator
    terms: tuple[Entry, ...]


@dataclass(frozen=True)
class Coverage:
    """The evidence-and-gap map: where there is practice for each client group, how strong its
    evidence is, and where there is none. Every cell lists its examples, strongest first."""

    client_groups: tuple[Entry, ...]
    axes: tuple[MapAxis, ...]
    evidence_levels: tuple[Entry, ...]  # weakest first
    journey_stages: tuple[Entry, ...]
    examples: tuple[MapExample, ...]
    # (axis kind, client group id, term id) -> the examples in that cell; gaps are absent
    cells: Mapping[tuple[str, str, str], tuple[MapExample, ...]]

    def axis(self, kind: str) -> MapAxis:
        return next(a for a in self.axes if a.kind == kind)

    def cell(self, kind: str, group: str, term: str) -> tuple[MapExample, ...]:
        return self.cells.get((kind, group, term), ())

    def row(self, kind: str, term: str) -> tuple[MapExample, ...]:
        """Every example with ``term`` for any client group of the map."""
        return tuple(e for e in self.examples if term in e.terms[kind] and e.client_groups)

    def column(self, kind: str, group: str) -> tuple[MapExample, ...]:
        """Every example for ``group`` with any term of the axis."""
        return tuple(e for e in self.examples if group in e.client_groups and e.terms[kind])

    def rank(self, example: MapExample) -> int:
        """Where the example's evidence level stands on the scale: 1 is the weakest."""
        return self.evidence_levels.index(example.evidence) + 1

    def strongest(self, examples: tuple[MapExample, ...]) -> Entry | None:
        return max((e.evidence for e in examples), key=self.evidence_levels.index, default=None)


@dataclass(frozen=True)
class RecordDates:
    """A record's page with when it appeared and when it last changed after that."""

    entry: Entry
    label: str  # what a reader is told the record is: "Practice example", "Lesson", ...
    published: datetime.date
    updated: datetime.date | None = None

    @property
    def latest(self) -> datetime.date:
        return self.updated or self.published


@dataclass(frozen=True)
class Catalogue:
    content: Content
    entries: Mapping[tuple[str, str], Entry]
    terms: Mapping[str, Mapping[str, m.Term]]
    members: Mapping[tuple[str, str], TermMembers]
    practice_links: Mapping[str, PracticeLinks]
    ni_links: Mapping[str, NationalIndicatorLinks]
    backlinks: Mapping[tuple[str, str], tuple[Entry, ...]]
    coverage: Coverage
    client_group_evidence: Mapping[str, ClientGroupEvidence]
    matrix_recommendations: Mapping[str, Recommendations]
    # the names readers use for the terms, and the glossary (see vocabulary.py)
    vocabulary: Vocabulary = Vocabulary((), ())
    # the site's published address (mkdocs.yml site_url), "" where none is set
    site_url: str = ""
    # records with a known date, the latest change first (see dates.py)
    record_dates: tuple[RecordDates, ...] = ()
    # whether the dates of records other than practice came from version-control history
    dated_by_history: bool = False

    def entry(self, kind: str, ident: str) -> Entry:
        return self.entries[(kind, ident)]

    def entries_of(self, kind: str) -> list[Entry]:
        return [e for (k, _), e in self.entries.items() if k == kind]



def indicator_anchor(indicator: m.Indicator, position: int) -> str:
    number = indicator.number if indicator.number is not None else f"x{position}"
    return f"indicator-{number}"


def page_path(kind: str, ident: str) -> str:
    return f"{PAGE_FOLDERS[kind]}/{ident}.md"


def section_anchor(section: m.LessonSection) -> str:
    return "section-" + section.number.replace(".", "-")


def box_anchor(box: m.Box) -> str:
    return f"box-{box.number}"
