"""Typed content model: the single source of truth for every kind of record in ``content/``.

The JSON Schemas in ``schema/`` are exported from these classes (``joinedup schema``), and the
validator builds these objects from the loaded YAML. Models are strict: YAML 1.1 coercions such
as ``no`` -> ``False`` or ``1.10`` -> ``1.1`` arrive as the wrong type and are reported instead of
being silently turned into text.

A reference to another record or taxonomy term is a plain id annotated with ``Ref(kind)``; the
validator finds every such field by walking the type hints, so a new reference field is checked
as soon as it is declared here.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import Annotated, Any, Iterable, Literal, Union, get_args, get_origin

from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, StringConstraints, Tag
from pydantic_core import PydanticCustomError

from .characters import refused

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


@dataclass(frozen=True)
class Ref:
    """Marks an id field as a reference to a record or taxonomy term of ``kind``."""

    kind: str


def ref_kind(hint: Any, metadata: Iterable[Any] = ()) -> str | None:
    """The kind a field refers to, from its field metadata or its ``Annotated`` hint, or None."""
    if get_origin(hint) is Annotated:
        metadata = (*metadata, *get_args(hint)[1:])
    return next((meta.kind for meta in metadata if isinstance(meta, Ref)), None)


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]


def _characters_checked(one_line: bool):
    def check(value: str) -> str:
        found = refused(value, one_line)
        if found is not None:
            raise PydanticCustomError("refused_character", found[1])
        return value

    return AfterValidator(check)


# Free text may hold tabs and line breaks; ids, titles and names are one line. Neither may hold
# control, bidirectional or zero-width characters (generator/characters.py says why).
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000), _characters_checked(one_line=False)]
Line = Annotated[str, StringConstraints(min_length=1, max_length=300), _characters_checked(one_line=True)]
# Numbers the source gives to its sections, e.g. 3.2: they become anchors, so digits and dots only.
SECTION_NUMBER_PATTERN = r"^[0-9]+(?:\.[0-9]+)*$"
SectionNumber = Annotated[str, StringConstraints(pattern=SECTION_NUMBER_PATTERN, max_length=20)]
Year = Annotated[int, Field(ge=1900, le=2100)]
Percent = Annotated[float, Field(ge=0, le=100)]

DocumentRef = Annotated[str, Ref("document")]
ClientGroupRef = Annotated[str, Ref("client-group")]
ThemeRef = Annotated[str, Ref("theme")]
RegionRef = Annotated[str, Ref("region")]
AreaRef = Annotated[str, Ref("area")]
JourneyStageRef = Annotated[str, Ref("journey-stage")]
EvidenceLevelRef = Annotated[str, Ref("evidence-level")]
NationalIndicatorRef = Annotated[str, Ref("national-indicator")]
PracticeRef = Annotated[str, Ref("practice")]
PilotRef = Annotated[str, Ref("pilot")]


class Model(BaseModel):
    """Base for every content object: immutable, strict, and closed to unknown keys."""

    model_config = ConfigDict(frozen=True, strict=True, extra="forbid")


class Source(Model):
    """Where a record's facts come from: a document of the sources taxonomy and its section."""

    document: DocumentRef = Field(description="id of a document in content/taxonomy/documents.yml")
    section: Line = Field(description="chapter, section, table or box, as the document numbers it")


class Contribution(Model):
    """A case supplied to the site by the people who run it, rather than taken from a document.

    What a reader needs to weigh it and an editor needs to check it: who supplied it, for which
    organisation, when, and where its facts can be confirmed.
    """

    supplied_by: Line = Field(
        description="the person or team who supplied the case, as they agree to be credited, e.g. 'Housing options team'"
    )
    organisation: Line = Field(description="the organisation they supplied it for")
    supplied_on: datetime.date = Field(description="when they supplied it, YYYY-MM-DD; not after published")
    verify: Text = Field(
        description="how an editor or reader can check the facts: a published report, web page or the "
        "organisation's public enquiries route (no personal e-mail or phone)"
    )


# What tells the two kinds of source apart: a published source names its document.
CONTRIBUTION_FIELDS = frozenset(Contribution.model_fields)
SOURCE_TAGS = {"document": "published document", "contribution": "contribution"}


def source_kind(value: Any) -> str | None:
    """'published document' or 'contribution' for a source's fields, None if it could be neither."""
    if isinstance(value, BaseModel):
        return SOURCE_TAGS["contribution" if isinstance(value, Contribution) else "document"]
    if not isinstance(value, dict):
        return SOURCE_TAGS["document"]  # reported by the document model as "expected a mapping"
    if "document" in value or "section" in value:
        return SOURCE_TAGS["document"]
    if CONTRIBUTION_FIELDS & set(value):
        return SOURCE_TAGS["contribution"]
    return None


# A practice example cites a published document, or the contribution it came from.
PracticeSource = Annotated[
    Union[
        Annotated[Source, Tag(SOURCE_TAGS["document"])],
        Annotated[Contribution, Tag(SOURCE_TAGS["contribution"])],
    ],
    Discriminator(
        source_kind,
        custom_error_type="source_kind",
        custom_error_message="a source needs either document and section (a published document) or "
        "supplied_by, organisation, supplied_on and verify (a contribution)",
    ),
]


class Record(Model):
    """Fields shared by every file-level record: its id is its file name."""

    id: Slug = Field(description="lower-case id, equal to the file name without .yml")
    title: Line
    source: Source


# --- taxonomies -----------------------------------------------------------------------------


class Term(Model):
    id: Slug
    title: Line
    definition: Text | None = None


class Document(Term):
    """A source document the knowledge is transcribed from."""

    publisher: Line
    year: Year
    date: Line | None = Field(None, description="month and year as the document gives them")
    description: Text | None = None


class Vocabulary(Model):
    """The other words readers use for a term: search finds the term's pages by any of them."""

    synonyms: list[Line] = Field([], description="other names readers use, e.g. 'elderly' for older people")
    abbreviations: list[Line] = Field([], description="short forms readers type, e.g. 'LD'")


class ClientGroup(Term, Vocabulary):
    psa16: bool = Field(description="one of the four PSA16 client groups")
    short_title: Line | None = None
    source: Source | None = None


class Theme(Term, Vocabulary):
    definition: Text


class Region(Term, Vocabulary):
    pass


class GlossaryEntry(Term):
    """An abbreviation or term of art the content uses, and what it means."""

    expansion: Line | None = Field(None, description="what the abbreviation stands for; none for a term of art")
    definition: Line = Field(description="what it means, in one line of the site's own words")
    forms: list[Line] = Field([], description="other ways the content writes it, e.g. 'PSA 16'")
    source: Source | None = Field(None, description="where a source document defines or explains it")


class Area(Term):
    """A local authority area (county, district, city or borough)."""

    region: RegionRef


class JourneyStage(Term):
    order: int = Field(ge=1, le=20)
    time_frame: Line
    definition: Text
    results: list[Text] = Field(min_length=1)


class EvidenceLevel(Term):
    rank: int = Field(ge=1, le=10, description="1 is the weakest evidence")
    definition: Text
    criteria: list[Text] = Field(min_length=1, description="tests an editor applies to rate an example")


class Taxonomy(Record):
    """A file under content/taxonomy/: a titled list of terms of one kind."""

    source: Source | None = None
    description: Text | None = None


class DocumentTaxonomy(Taxonomy):
    terms: list[Document] = Field(min_length=1)


class ClientGroupTaxonomy(Taxonomy):
    terms: list[ClientGroup] = Field(min_length=1)


class ThemeTaxonomy(Taxonomy):
    terms: list[Theme] = Field(min_length=1)


class RegionTaxonomy(Taxonomy):
    terms: list[Region] = Field(min_length=1)


class AreaTaxonomy(Taxonomy):
    terms: list[Area] = Field(min_length=1)


class JourneyStageTaxonomy(Taxonomy):
    terms: list[JourneyStage] = Field(min_length=1)


class EvidenceLevelTaxonomy(Taxonomy):
    terms: list[EvidenceLevel] = Field(min_length=1)


class GlossaryTaxonomy(Taxonomy):
    terms: list[GlossaryEntry] = Field(min_length=1)


# The term kind each taxonomy file defines, keyed by file name.
TAXONOMY_FILES: dict[str, tuple[str, type[Taxonomy]]] = {
    "documents": ("document", DocumentTaxonomy),
    "client-groups": ("client-group", ClientGroupTaxonomy),
    "themes": ("theme", ThemeTaxonomy),
    "regions": ("region", RegionTaxonomy),
    "areas": ("area", AreaTaxonomy),
    "journey-stages": ("journey-stage", JourneyStageTaxonomy),
    "evidence-levels": ("evidence-level", EvidenceLevelTaxonomy),
    "glossary": ("glossary-entry", GlossaryTaxonomy),
}


# --- practice examples and pilots -----------------------------------------------------------


class Contact(Model):
    """Who to ask. Personal e-mail or phone only with the person's recorded consent."""

    name: Line | None = Field(None, description="person or team named by the source")
    organisation: Line
    role: Line | None = None
    as_of: Year = Field(description="year the source gave this contact")
    email: Line | None = None
    phone: Line | None = None
    consent: bool = Field(False, description="the person agreed to publish e-mail or phone")


class Evidence(Model):
    level: EvidenceLevelRef = Field(description="how strong the evidence is, on the scale of content/taxonomy/evidence-levels.yml")
    description: Text | None = Field(None, description="what the evidence is and why it has this level")


class ApplicableTo(Model):
    client_groups: list[ClientGroupRef] = []
    note: Text | None = None


class Story(Model):
    """A service user's experience, retold."""

    title: Line
    text: list[Text] = Field(min_length=1)
    source: Source


class Objective(Model):
    objective: Text
    outcome: Text | None = Field(None, description="what was achieved, with every figure")


class PilotAim(Model):
    aim: Text
    note: Text | None = None
    objectives: list[Objective] = []


FigureUnit = Literal["percent", "pounds", "hours", "number"]


class FigureValue(Model):
    """One value of a key figure: a number, and when or for whom the source gives it."""

    value: Annotated[float, Field(ge=0, le=1_000_000_000)] = Field(description="the number as the source gives it")
    period: Line | None = Field(None, description="when it was measured, e.g. 2004/05, at referral, after 6 months")
    label: Line | None = Field(
        None, description="which part of what is measured, when the values are not simply periods, e.g. accepted"
    )
    qualifier: Literal["more than", "at least"] | None = Field(
        None, description="when the source gives a bound rather than an exact number, e.g. 'in excess of 120'"
    )


class KeyFigure(Model):
    """A result a source puts in numbers, for 'Results at a glance'. Only figures a source gives."""

    measure: Line = Field(description="what is measured, e.g. care leavers living in unsuitable housing")
    unit: FigureUnit = Field(
        description="the unit of every value: percent (23 is 23%), pounds, hours, or number (a count of what "
        "is measured)"
    )
    per: Literal["week", "month", "year"] | None = Field(None, description="for a rate, e.g. pounds a week")
    values: list[FigureValue] = Field(min_length=1, max_length=12)
    section: Line = Field(description="the section, table or box of the entry's source document that gives it")


class PracticeBase(Record):
    source: PracticeSource  # type: ignore[assignment]
    summary: Text = Field(description="one or two sentences a board member can scan")
    client_groups: list[ClientGroupRef] = Field(min_length=1, description="who the practice is for")
    client_group_note: Line | None = Field(None, description="how the source names the client group")
    applicable_to: ApplicableTo | None = None
    themes: list[ThemeRef] = Field(min_length=1, description="what the practice does")
    national_indicators: list[NationalIndicatorRef] = Field(
        [], description="National Indicators its outcomes count towards, e.g. ni-143"
    )
    journey_stages: list[JourneyStageRef] = Field([], description="customer-journey stages it supports")
    region: RegionRef
    areas: list[AreaRef] = Field([], description="the local authority areas it covers")
    area_note: Line | None = Field(None, description="the area as the source words it")
    focus: Text = Field(description="the main aim of the practice")
    features: list[Text] = Field([], description="what it involves")
    outcomes: list[Text] = Field([], description="what difference it makes, with exact figures")
    evidence: Evidence
    key_figures: list[KeyFigure] = Field([], description="the results the source gives as numbers")
    learning: list[Text] = Field([], description="what those running it learned")
    barriers: list[Text] = Field([], description="what got in the way, and how it was overcome")
    delivered_by: list[Line] = Field([], description="the organisations that run it")
    partners: list[Line] = Field([], description="the organisations it works with")
    contact: Contact | None = None
    related: list[PracticeRef] = Field([], description="ids of practice examples an editor links by hand")
    published: datetime.date = Field(description="when the entry was published, YYYY-MM-DD")
    updated: datetime.date | None = Field(
        None, description="when what the entry says last changed (a correction or new facts); not before published"
    )
    reviewed: datetime.date | None = Field(None, description="when an editor last checked the entry")
    review_by: datetime.date | None = Field(None, description="when the entry should next be checked")


class Practice(PracticeBase):
    kind: Literal["practice"]


class Pilot(PracticeBase):
    kind: Literal["pilot"]
    description: list[Text] = Field(min_length=1)
    aims: list[PilotAim] = Field(min_length=1)
    partnership: Text | None = Field(None, description="how the partnership came about and works")
    story: Story | None = None


PRACTICE_KINDS: dict[str, type[PracticeBase]] = {"practice": Practice, "pilot": Pilot}


# --- lessons from the health pilots ---------------------------------------------------------


class LessonSection(Model):
    number: SectionNumber = Field(description="section number as the guide gives it, e.g. 3.2")
    title: Line
    text: list[Text] = Field(min_length=1)
    pilots: list[PilotRef] = []


class Box(Model):
    number: int = Field(ge=1, le=99)
    title: Line
    text: list[Text] = Field(min_length=1)
    pilots: list[PilotRef] = []


class LessonStage(Record):
    order: int = Field(ge=1, le=20, description="position among the partnership stages")
    chapter: int = Field(ge=1, le=99)
    summary: list[Text] = Field(min_length=1, description="what the executive summary says")
    introduction: list[Text] = Field([], description="the chapter's opening, before its first section")
    key_lessons: list[Text] = Field(min_length=1)
    sections: list[LessonSection] = Field(min_length=1)
    boxes: list[Box] = []
    good_practice_points: list[Text] = []
    themes: list[ThemeRef] = []
    client_groups: list[ClientGroupRef] = []


# --- indicators -----------------------------------------------------------------------------


class Indicator(Model):
    number: int | None = Field(None, ge=1, le=99, description="as numbered in the source; some rows have none")
    type: Literal["performance", "context"]
    text: Text
    national_indicator: NationalIndicatorRef | None = None
    evidence_sources: list[Text] = Field(min_length=1)


class IndicatorTheme(Record):
    number: int = Field(ge=1, le=99)
    area: Literal["homes", "jobs", "structures"]
    client_groups: list[ClientGroupRef] = []
    indicators: list[Indicator] = Field(min_length=1)
    notes: list[Text] = Field([], description="the source's footnotes to this theme")


class NationalIndicator(Record):
    number: int = Field(ge=1, le=999)
    psa16: bool
    client_group: ClientGroupRef | None = None
    outcome: Literal["accommodation", "employment"] | None = None
    supports: list[NationalIndicatorRef] = Field(
        [], description="PSA16 indicators this associated indicator contributes to"
    )
    data_source: Text | None = None
    definition: Text | None = None


class Fact(Model):
    """A figure or finding with the reference the source gives for it."""

    text: Text
    client_groups: list[ClientGroupRef] = []
    reference: Text | None = Field(None, description="the source's own citation for this figure")


class Baseline(Record):
    client_group: ClientGroupRef
    year: Line = Field(description="latest data year as the source gives it, e.g. 2005/6")
    group_size: int = Field(ge=0)
    accommodation_percent: Percent | None = None
    accommodation_note: Text | None = None
    eet_percent: Percent | None = None
    eet_note: Text | None = None
    notes: list[Text] = []
    figures: list[Fact] = []


# --- guidance -------------------------------------------------------------------------------


class Item(Model):
    title: Line | None = None
    text: Text
    link: Line | None = None


class GuidanceSection(Model):
    title: Line
    text: list[Text] = []
    items: list[Item] = []


class Guidance(Record):
    summary: Text
    client_groups: list[ClientGroupRef] = []
    themes: list[ThemeRef] = []
    sections: list[GuidanceSection] = []
    facts: list[Fact] = []


# --- tools ----------------------------------------------------------------------------------


class MatrixArea(Model):
    id: Slug
    title: Line
    excellent: list[Text] = Field(min_length=1)
    fair: list[Text] = Field(min_length=1)
    themes: list[ThemeRef] = []


class SelfAssessment(Record):
    kind: Literal["self-assessment"]
    introduction: list[Text] = Field(min_length=1)
    uses: list[Text] = []
    areas: list[MatrixArea] = Field(min_length=1)


class CustomerJourney(Record):
    kind: Literal["customer-journey"]
    introduction: list[Text] = Field(min_length=1)
    outcomes: list[Text] = Field(min_length=1)
    dimensions: list[Line] = []
    notes: list[Text] = []
    uses: list[Text] = []


TOOL_KINDS: dict[str, type[Record]] = {
    "self-assessment": SelfAssessment,
    "customer-journey": CustomerJourney,
}

# Which model each content folder holds. Taxonomy and tool files are chosen by name or kind.
FOLDER_MODELS: dict[str, type[Record]] = {
    "lessons": LessonStage,
    "indicators/themes": IndicatorTheme,
    "indicators/national": NationalIndicator,
    "indicators/baselines": Baseline,
    "guidance": Guidance,
}

# Every kind that gets a JSON Schema, by schema file stem.
SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "practice": Practice,
    "pilot": Pilot,
    "lesson": LessonStage,
    "indicator-theme": IndicatorTheme,
    "national-indicator": NationalIndicator,
    "baseline": Baseline,
    "guidance": Guidance,
    "self-assessment": SelfAssessment,
    "customer-journey": CustomerJourney,
    **{f"taxonomy-{name}": model for name, (_, model) in TAXONOMY_FILES.items()},
}

# What each record or term is called where records are named by (kind, id): links, the pages a
# page depends on, and the validator's registry. Sub-objects (an indicator, a fact) have none.
RECORD_KINDS: dict[type[BaseModel], str] = {
    PracticeBase: "practice",
    LessonStage: "lesson",
    IndicatorTheme: "indicator-theme",
    NationalIndicator: "national-indicator",
    Baseline: "baseline",
    Guidance: "guidance",
    SelfAssessment: "tool",
    CustomerJourney: "tool",
    Taxonomy: "taxonomy",
    Document: "document",
    ClientGroup: "client-group",
    Theme: "theme",
    Region: "region",
    Area: "area",
    JourneyStage: "journey-stage",
    EvidenceLevel: "evidence-level",
    GlossaryEntry: "glossary-entry",
}


def record_kind(record: BaseModel) -> str | None:
    """The kind a record or taxonomy term is named by, or None for a part of a record."""
    return _kind_of(type(record))


@functools.cache
def _kind_of(model: type) -> str | None:
    # once per class: every stage asks for every record's kind, often
    for cls in model.__mro__:
        kind = RECORD_KINDS.get(cls)
        if kind:
            return kind
    return None
