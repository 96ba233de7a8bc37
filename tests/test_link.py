"""The linker on the small content tree: members, backlinks, derived links, coverage."""

from __future__ import annotations

import datetime

import pytest

from generator.link import Catalogue, link, related_practice
from generator.pipeline import check_content

from .conftest import FIXTURE_CONTENT


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    content, problems = check_content(FIXTURE_CONTENT)
    assert problems == []
    return link(content, today=datetime.date(2026, 1, 1))


def ids(entries):
    return [e.id for e in entries]


def test_term_members_split_practice_pilots_and_also_applicable(catalogue: Catalogue):
    in_reach = catalogue.members[("theme", "in-reach")]
    assert ids(in_reach.practice) == ["kettering-in-reach"]
    assert ids(in_reach.pilots) == ["lambeth-pilot"]
    care_leavers = catalogue.members[("client-group", "care-leavers")]
    assert ids(care_leavers.practice) == ["kettering-tenancy-course"]
    assert ids(care_leavers.also_applicable) == ["kettering-in-reach"]
    offenders = catalogue.members[("client-group", "offenders")]
    assert ids(offenders.indicator_themes) == ["03-offenders-accommodation"]
    assert ids(offenders.national_indicators) == ["ni-143"]
    assert ids(offenders.baselines) == ["offenders-baseline"]
    assert ids(offenders.guidance) == ["why-these-groups"]
    assert offenders.count == 6


def test_every_term_has_members_entry_even_when_empty(catalogue: Catalogue):
    for kind, terms in catalogue.terms.items():
        for ident in terms:
            assert (kind, ident) in catalogue.members
    assert catalogue.members[("journey-stage", "sustains-the-changes")].count == 1
    assert ids(catalogue.members[("region", "london")].areas) == ["lambeth"]


def test_national_indicator_relations_run_both_ways(catalogue: Catalogue):
    ni143 = catalogue.ni_links["ni-143"]
    assert ids(ni143.supported_by) == ["ni-142"]
    assert ids(ni143.supports) == []
    assert [(i.theme.id, i.indicator.number) for i in ni143.indicators] == [("03-offenders-accommodation", 1)]
    assert ids(ni143.practice) == ["kettering-in-reach", "kettering-tenancy-course"]
    assert ni143.baseline.id == "offenders-baseline"
    ni142 = catalogue.ni_links["ni-142"]
    assert ids(ni142.supports) == ["ni-143"]
    assert ni142.baseline is None


def test_practice_links_indicators_lessons_and_backlinks(catalogue: Catalogue):
    course = catalogue.practice_links["kettering-tenancy-course"]
    assert [i.anchor for i in course.indicators] == ["indicator-1"]
    assert ids(course.indicator_themes) == ["03-offenders-accommodation"]
    pilot = catalogue.practice_links["lambeth-pilot"]
    assert [(l.lesson.id, l.anchor) for l in pilot.lessons] == [("setting-up", "section-5-1"), ("setting-up", "box-9")]
    assert ids(catalogue.practice_links["kettering-in-reach"].cited_by) == ["lambeth-pilot"]
    assert ids(catalogue.backlinks[("practice", "lambeth-pilot")]) == ["setting-up"]


def test_related_practice_puts_hand_picked_first_and_never_itself(catalogue: Catalogue):
    related = related_practice(list(catalogue.content.practice))
    assert related["lambeth-pilot"][0] == "kettering-in-reach"
    for ident, others in related.items():
        assert ident not in others
    assert related == related_practice(list(reversed(catalogue.content.practice)))


def test_coverage_places_every_example_in_its_cells_strongest_evidence_first(catalogue: Catalogue):
    cov = catalogue.coverage
    count = lambda kind, group, term: len(cov.cell(kind, group, term))  # noqa: E731
    assert count("theme", "offenders", "tenancy-sustainment") == 2
    assert count("theme", "care-leavers", "tenancy-sustainment") == 1
    assert count("theme", "care-leavers", "in-reach") == 0
    assert count("region", "older-people", "london") == 1
    assert count("region", "offenders", "east-midlands") == 2
    assert [a.kind for a in cov.axes] == ["theme", "region", "national-indicator"]
    assert [e.id for e in cov.axis("national-indicator").terms] == sorted(
        (ni.id for ni in catalogue.content.national_indicators),
        key=lambda i: next(ni.number for ni in catalogue.content.national_indicators if ni.id == i),
    )
    levels = [e.id for e in cov.evidence_levels]
    for (kind, group, term), examples in cov.cells.items():
        assert examples, "a gap has no cell"
        ranks = [cov.rank(e) for e in examples]
        assert ranks == sorted(ranks, reverse=True)
        assert cov.strongest(examples) == examples[0].evidence
        for e in examples:
            p = next(p for p in catalogue.content.practice if p.id == e.entry.id)
            assert group in p.client_groups
            assert term in {"theme": p.themes, "region": [p.region], "national-indicator": p.national_indicators}[kind]
            assert e.evidence.id == p.evidence.level and levels.index(p.evidence.level) + 1 == cov.rank(e)
    # every example is in a cell of each axis for each of its client groups
    for p in catalogue.content.practice:
        for group in p.client_groups:
            assert any(e.entry.id == p.id for e in cov.cell("region", group, p.region))
    # totals count each example once, though it sits in several cells
    row = cov.row("theme", "tenancy-sustainment")
    assert len(row) == len({e.entry.id for e in row}) == sum(
        "tenancy-sustainment" in p.themes for p in catalogue.content.practice
    )
    assert cov.strongest(()) is None
