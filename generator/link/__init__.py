"""Link stage: a pure function from validated content to a catalogue of pages and their links.

Only this package knows how records refer to each other. It resolves every id to an ``Entry``
(title and page path), gathers the members of every taxonomy term, derives backlinks, the
indicators that measure each practice example, the lessons that cite each pilot, related
practice and the coverage counts. Templates receive these resolved objects and never look
anything up.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from typing import Callable, Iterable, Mapping

from .. import model as m
from ..superseded import Check, give_up_if, never
from ..validate import Content, RecordKey
from .catalogue import (
    PAGE_FOLDERS,
    TERM_KINDS,
    Catalogue,
    ClientGroupEvidence,
    Coverage,
    Entry,
    IndicatorLink,
    LessonLink,
    MapAxis,
    MapExample,
    NationalIndicatorLinks,
    PracticeLinks,
    Recommendations,
    RecordDates,
    TermMembers,
    box_anchor,
    indicator_anchor,
    page_path,
    section_anchor,
)
from .changes import Changes, changes
from .dates import FileDates, History, record_dates
from .related import related_practice
from ..vocabulary import vocabulary

__all__ = [
    "MAP_AXES", "PAGE_FOLDERS", "TERM_KINDS", "Catalogue", "Changes", "Coverage", "Entry", "FileDates", "History",
    "MapAxis", "MapExample", "RecordDates",
    "RecordKey", "TermMembers", "box_anchor",
    "changes", "indicator_anchor", "link", "page_path", "related_practice", "review_reasons", "section_anchor",
    "strongest_evidence_first",
]

CONTACT_MAX_AGE_YEARS = 3


def review_reasons(p: m.PracticeBase, today: datetime.date, contact_age: int = CONTACT_MAX_AGE_YEARS) -> tuple[str, ...]:
    """Why an entry is due for review on ``today``; empty when it is not."""
    reasons = []
    if p.review_by and p.review_by < today:
        reasons.append(f"its review date, {p.review_by.isoformat()}, has passed")
    if p.contact and today.year - p.contact.as_of > contact_age:
        reasons.append(f"its contact was given in {p.contact.as_of}, more than {contact_age} years ago")
    return tuple(reasons)


def link(
    content: Content,
    today: datetime.date | None = None,
    *,
    history: History | None = None,
    site_url: str = "",
    superseded: Check = never,
) -> Catalogue:
    """Resolve every reference in ``content`` into a catalogue of pages and links.

    ``today`` decides which entries are due for review (the build passes the real date);
    ``history`` dates the records that carry no dates of their own; ``site_url`` is the site's
    published address, for what must name it in full (the feed, the sitemap in robots.txt);
    ``superseded`` is asked between the steps (see superseded.py).
    """
    today = today or datetime.date.today()
    terms = _terms(content)
    entries = _entries(content, terms)
    entry = lambda kind, ident: entries[(kind, ident)]  # noqa: E731 - a local shorthand

    indicator_links = _indicator_links(content, entry)
    lesson_links = _lesson_links(content, entry)
    backlinks = _backlinks(content, entry)
    give_up_if(superseded)
    related = related_practice(content.practice)
    give_up_if(superseded)

    practice_links = {
        p.id: _practice_links(p, entry, indicator_links, lesson_links, related, backlinks, content, today)
        for p in content.practice
    }
    ni_links = _ni_links(content, terms, entry, indicator_links)
    members = _members(content, terms, entry)
    give_up_if(superseded)
    coverage = _coverage(content, terms, entry)
    evidence = _client_group_evidence(content, terms, entry)
    recommendations = _matrix_recommendations(content, entry)
    return Catalogue(
        content=content,
        entries=entries,
        terms=terms,
        members=members,
        practice_links=practice_links,
        ni_links=ni_links,
        backlinks=backlinks,
        coverage=coverage,
        client_group_evidence=evidence,
        matrix_recommendations=recommendations,
        vocabulary=vocabulary(content.taxonomies),
        site_url=site_url,
        record_dates=record_dates(content, entries, history),
        dated_by_history=history is not None,
    )


# --- entries -------------------------------------------------------------------------------


def _terms(content: Content) -> dict[str, dict[str, m.Term]]:
    terms: dict[str, dict[str, m.Term]] = {kind: {} for kind in TERM_KINDS}
    for name, taxonomy in content.taxonomies.items():
        kind = m.TAXONOMY_FILES[name][0]
        if kind in TERM_KINDS:  # the glossary is a page of its own, not terms that tag records
            terms[kind] = {t.id: t for t in taxonomy.terms}
    return terms


def _entries(content: Content, terms: Mapping[str, Mapping[str, m.Term]]) -> dict[tuple[str, str], Entry]:
    entries: dict[tuple[str, str], Entry] = {}

    def add(kind: str, ident: str, title: str, summary: str = "") -> None:
        entries[(kind, ident)] = Entry(kind, ident, title, page_path(kind, ident), summary)

    for kind, by_id in terms.items():
        for term in _ordered_terms(kind, by_id.values()):
            add(kind, term.id, term.title, term.definition or "")
    for p in sorted(content.practice, key=lambda p: p.title.lower()):
        add("practice", p.id, p.title, p.summary)
    for lesson in sorted(content.lessons, key=lambda r: r.order):
        add("lesson", lesson.id, lesson.title, lesson.summary[0])
    for theme in sorted(content.indicator_themes, key=lambda r: r.number):
        add("indicator-theme", theme.id, f"{theme.number}. {theme.title}")
    for ni in sorted(content.national_indicators, key=lambda r: r.number):
        add("national-indicator", ni.id, f"NI {ni.number} {ni.title}", ni.definition or "")
    for baseline in content.baselines:
        add("baseline", baseline.id, baseline.title)
    for guidance in sorted(content.guidance, key=lambda r: r.title.lower()):
        add("guidance", guidance.id, guidance.title, guidance.summary)
    for tool in content.tools:
        add("tool", tool.id, tool.title)
    return entries


def _ordered_terms(kind: str, terms: Iterable[m.Term]) -> list[m.Term]:
    if kind == "journey-stage":
        return sorted(terms, key=lambda t: t.order)  # type: ignore[attr-defined]
    if kind == "evidence-level":
        return sorted(terms, key=lambda t: t.rank)  # type: ignore[attr-defined]
    if kind == "client-group":
        # the four PSA16 groups first, in the order the sources list them
        return sorted(terms, key=lambda t: not t.psa16)  # type: ignore[attr-defined]
    return sorted(terms, key=lambda t: t.title.lower())


# --- derived links -------------------------------------------------------------------------


EntryOf = Callable[[str, str], Entry]


def _indicator_links(content: Content, entry: EntryOf) -> dict[str, list[IndicatorLink]]:
    """Success indicators by the National Indicator they use."""
    by_ni: dict[str, list[IndicatorLink]] = defaultdict(list)
    for theme in sorted(content.indicator_themes, key=lambda t: t.number):
        for position, indicator in enumerate(theme.indicators, start=1):
            if indicator.national_indicator:
                by_ni[indicator.national_indicator].append(
                    IndicatorLink(entry("indicator-theme", theme.id), indicator, position)
                )
    return by_ni


def _lesson_links(content: Content, entry: EntryOf) -> dict[str, list[LessonLink]]:
    """Lesson sections and boxes by the pilot they cite."""
    by_pilot: dict[str, list[LessonLink]] = defaultdict(list)
    for lesson in sorted(content.lessons, key=lambda r: r.order):
        lesson_entry = entry("lesson", lesson.id)
        for section in lesson.sections:
            for pilot in section.pilots:
                by_pilot[pilot].append(
                    LessonLink(lesson_entry, f"{section.number} {section.title}", section_anchor(section))
                )
        for box in lesson.boxes:
            for pilot in box.pilots:
                by_pilot[pilot].append(LessonLink(lesson_entry, f"Box {box.number}: {box.title}", box_anchor(box)))
    return by_pilot


def _all_records(content: Content) -> list[tuple[str, m.Record]]:
    records: list[tuple[str, m.Record]] = []
    records += [("practice", p) for p in content.practice]
    records += [("lesson", r) for r in content.lessons]
    records += [("indicator-theme", r) for r in content.indicator_themes]
    records += [("national-indicator", r) for r in content.national_indicators]
    records += [("baseline", r) for r in content.baselines]
    records += [("guidance", r) for r in content.guidance]
    records += [("tool", r) for r in content.tools]
    return records


def _backlinks(content: Content, entry: EntryOf) -> dict[tuple[str, str], tuple[Entry, ...]]:
    """For every record, the other records whose content refers to it."""
    cited: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for kind, record in _all_records(content):
        for _, ref_kind, ident in content.references_of(record):
            target_kind = "practice" if ref_kind == "pilot" else ref_kind
            if (target_kind, ident) != (kind, record.id):
                cited[(target_kind, ident)].add((kind, record.id))
    return {
        target: tuple(sorted((entry(*source) for source in sources), key=lambda e: (e.kind, e.title)))
        for target, sources in cited.items()
    }


def _practice_links(
    p: m.PracticeBase,
    entry: EntryOf,
    indicator_links: Mapping[str, list[IndicatorLink]],
    lesson_links: Mapping[str, list[LessonLink]],
    related: Mapping[str, tuple[str, ...]],
    backlinks: Mapping[tuple[str, str], tuple[Entry, ...]],
    content: Content,
    today: datetime.date,
) -> PracticeLinks:
    indicators = [link for ni in p.national_indicators for link in indicator_links.get(ni, [])]
    # Themes that measure the same client groups in the same outcome area as the practice.
    areas = {ni_outcome_area(n, content) for n in p.national_indicators} - {None}
    indicator_themes = [
        entry("indicator-theme", t.id)
        for t in sorted(content.indicator_themes, key=lambda t: t.number)
        if t.area in areas and set(t.client_groups) & set(p.client_groups)
    ]
    applicable = p.applicable_to.client_groups if p.applicable_to else []
    return PracticeLinks(
        client_groups=tuple(entry("client-group", c) for c in p.client_groups),
        applicable_to=tuple(entry("client-group", c) for c in applicable),
        themes=tuple(entry("theme", t) for t in p.themes),
        national_indicators=tuple(entry("national-indicator", n) for n in p.national_indicators),
        journey_stages=tuple(entry("journey-stage", s) for s in p.journey_stages),
        region=entry("region", p.region),
        areas=tuple(entry("area", a) for a in p.areas),
        evidence_level=entry("evidence-level", p.evidence.level),
        source=entry("document", p.source.document) if isinstance(p.source, m.Source) else None,
        indicators=tuple(indicators),
        indicator_themes=tuple(indicator_themes),
        lessons=tuple(lesson_links.get(p.id, [])),
        related=tuple(entry("practice", r) for r in related[p.id]),
        cited_by=backlinks.get(("practice", p.id), ()),
        review_reasons=review_reasons(p, today),
    )


def ni_outcome_area(ni_id: str, content: Content) -> str | None:
    for ni in content.national_indicators:
        if ni.id == ni_id and ni.outcome:
            return "homes" if ni.outcome == "accommodation" else "jobs"
    return None


def _ni_links(
    content: Content,
    terms: Mapping[str, Mapping[str, m.Term]],
    entry: EntryOf,
    indicator_links: Mapping[str, list[IndicatorLink]]
) -> dict[str, NationalIndicatorLinks]:
    supported_by: dict[str, list[str]] = defaultdict(list)
    for ni in content.national_indicators:
        for target in ni.supports:
            supported_by[target].append(ni.id)
    contributing: dict[str, list[str]] = defaultdict(list)
    for p in content.practice:
        for ni in p.national_indicators:
            contributing[ni].append(p.id)
    baselines = {b.client_group: b.id for b in content.baselines}
    strongest_first = strongest_evidence_first(content, terms)
    by_number = {ni.id: ni.number for ni in content.national_indicators}
    links = {}
    for ni in content.national_indicators:
        baseline = baselines.get(ni.client_group) if ni.client_group else None
        links[ni.id] = NationalIndicatorLinks(
            client_group=entry("client-group", ni.client_group) if ni.client_group else None,
            supports=tuple(entry("national-indicator", s) for s in sorted(ni.supports, key=by_number.get)),
            supported_by=tuple(
                entry("national-indicator", s) for s in sorted(supported_by.get(ni.id, []), key=by_number.get)
            ),
            indicators=tuple(indicator_links.get(ni.id, [])),
            practice=tuple(sorted((entry("practice", p) for p in contributing.get(ni.id, [])), key=strongest_first)),
            baseline=entry("baseline", baseline) if baseline else None,
        )
    return links


def _members(
    content: Content, terms: Mapping[str, Mapping[str, m.Term]], entry: EntryOf
) -> dict[tuple[str, str], TermMembers]:
    groups: dict[tuple[str, str], dict[str, set[tuple[str, str]]]] = defaultdict(lambda: defaultdict(set))

    def add(kind: str, ident: str, group: str, member: tuple[str, str]) -> None:
        groups[(kind, ident)][group].add(member)

    for p in content.practice:
        group = "pilots" if p.kind == "pilot" else "practice"
        for _, ref_kind, ident in content.references_of(p):
            if ref_kind in TERM_KINDS and not _is_applicable_ref(p, ident, ref_kind):
                add(ref_kind, ident, group, ("practice", p.id))
        if p.applicable_to:
            for c in p.applicable_to.client_groups:
                if c not in p.client_groups:
                    add("client-group", c, "also_applicable", ("practice", p.id))
    for kind, group, records in (
        ("indicator-theme", "indicator_themes", content.indicator_themes),
        ("national-indicator", "national_indicators", content.national_indicators),
        ("baseline", "baselines", content.baselines),
        ("lesson", "lessons", content.lessons),
        ("guidance", "guidance", content.guidance),
        ("tool", "tools", content.tools),
    ):
        for record in records:
            for _, ref_kind, ident in content.references_of(record):
                if ref_kind in TERM_KINDS:
                    add(ref_kind, ident, group, (kind, record.id))
    for area in terms.get("area", {}).values():
        add("region", area.region, "areas", ("area", area.id))  # type: ignore[attr-defined]

    strongest_first = strongest_evidence_first(content, terms)
    members = {}
    for kind, by_id in terms.items():
        for ident in by_id:
            found = groups.get((kind, ident), {})
            members[(kind, ident)] = TermMembers(
                term=entry(kind, ident),
                **{
                    group: tuple(
                        sorted((entry(*key) for key in keys), key=strongest_first if group in PRACTICE_GROUPS else _member_order)
                    )
                    for group, keys in found.items()
                },
            )
    return members


# The member groups that hold practice examples and pilots: listed strongest evidence first, as
# a listing page shows only a bounded selection of them (see render/listing.py).
PRACTICE_GROUPS = frozenset({"practice", "pilots", "also_applicable"})


def _member_order(e: Entry) -> tuple[str, str]:
    return (e.path.split("/")[0], e.title.lower()) if not e.title[:1].isdigit() else (e.path, "")


def strongest_evidence_first(
    content: Content, terms: Mapping[str, Mapping[str, m.Term]]
) -> Callable[[Entry], tuple[int, str]]:
    """A sort key for practice entries: the highest evidence level first, then by title."""
    levels = terms.get("evidence-level", {})
    rank = {p.id: getattr(levels.get(p.evidence.level), "rank", 0) for p in content.practice}
    return lambda e: (-rank.get(e.id, 0), e.title.lower())


def _is_applicable_ref(p: m.PracticeBase, ident: str, kind: str) -> bool:
    """True for a client group named only under 'also applicable to'."""
    if kind != "client-group" or not p.applicable_to:
        return False
    return ident in p.applicable_to.client_groups and ident not in p.client_groups


# the axes of the evidence-and-gap map, each set against the client groups
MAP_AXES = ("theme", "region", "national-indicator")


def _coverage(content: Content, terms: Mapping[str, Mapping[str, m.Term]], entry: EntryOf) -> Coverage:
    order = lambda kind: tuple(entry(kind, t.id) for t in _ordered_terms(kind, terms.get(kind, {}).values()))  # noqa: E731
    levels = order("evidence-level")
    strength = {level.id: rank for rank, level in enumerate(levels)}
    examples = tuple(
        MapExample(
            entry=entry("practice", p.id),
            kind=p.kind,
            evidence=entry("evidence-level", p.evidence.level),
            client_groups=tuple(dict.fromkeys(p.client_groups)),
            terms={
                "theme": tuple(dict.fromkeys(p.themes)),
                "region": (p.region,),
                "national-indicator": tuple(dict.fromkeys(p.national_indicators)),
            },
            journey_stages=tuple(p.journey_stages),
        )
        # strongest evidence first, then by title, so every cell lists its best examples first
        for p in sorted(content.practice, key=lambda p: (-strength[p.evidence.level], p.title.lower(), p.id))
    )
    cells: dict[tuple[str, str, str], list[MapExample]] = defaultdict(list)
    for example in examples:
        for kind in MAP_AXES:
            for group in example.client_groups:
                for term in example.terms[kind]:
                    cells[(kind, group, term)].append(example)
    ni_order = sorted(content.national_indicators, key=lambda ni: ni.number)
    return Coverage(
        client_groups=order("client-group"),
        axes=(
            MapAxis("theme", order("theme")),
            MapAxis("region", order("region")),
            MapAxis("national-indicator", tuple(entry("national-indicator", ni.id) for ni in ni_order)),
        ),
        evidence_levels=levels,
        journey_stages=order("journey-stage"),
        examples=examples,
        cells={key: tuple(found) for key, found in cells.items()},
    )


def _client_group_evidence(
    content: Content, terms: Mapping[str, Mapping[str, m.Term]], entry: EntryOf
) -> dict[str, ClientGroupEvidence]:
    return {
        group: ClientGroupEvidence(
            baselines=tuple(b for b in content.baselines if b.client_group == group),
            facts=tuple(
                (entry("guidance", g.id), fact)
                for g in sorted(content.guidance, key=lambda g: g.title.lower())
                for fact in g.facts
                if group in fact.client_groups
            ),
        )
        for group in terms.get("client-group", {})
    }


RECOMMENDATION_LIMIT = 5


def _matrix_recommendations(content: Content, entry: EntryOf) -> dict[str, Recommendations]:
    """For each self-assessment area, the practice and lessons that share most of its themes."""

    def best(kind: str, records, themes: set[str]) -> tuple[Entry, ...]:
        scored = sorted(
            (-len(themes & set(r.themes)), r.id) for r in records if themes & set(r.themes)
        )
        return tuple(entry(kind, ident) for _, ident in scored[:RECOMMENDATION_LIMIT])

    result = {}
    for tool in content.tools:
        if isinstance(tool, m.SelfAssessment):
            for area in tool.areas:
                themes = set(area.themes)
                result[area.id] = Recommendations(
                    practice=best("practice", content.practice, themes),
                    lessons=best("lesson", content.lessons, themes),
                )
    return result
