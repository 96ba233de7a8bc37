"""The real content: everything the source documents hold is there, exactly, and well linked."""

from __future__ import annotations

import re

import pytest
import yaml

from generator import model as m
from generator.link import Catalogue, link
from generator.pipeline import check_content

from . import own_words
from .conftest import REPO

SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    content, problems = check_content(REPO / "content")
    assert problems == []
    return link(content)


def by_document(catalogue: Catalogue, document: str, kind: str) -> list[m.PracticeBase]:
    return [p for p in catalogue.content.practice if p.source.document == document and p.kind == kind]


def test_all_29_practice_examples_are_there(catalogue: Catalogue):
    assert len(by_document(catalogue, "east-midlands-good-practice-guide", "practice")) == 19
    assert len(by_document(catalogue, "laa-guidance-note", "practice")) == 4
    pilots = by_document(catalogue, "supporting-people-for-better-health", "pilot")
    assert sorted(p.id for p in pilots) == [
        "doncaster-on-track",
        "lambeth-southwark-hiv-outreach",
        "north-lincolnshire-spiders",
        "northampton-swan-nest",
        "salford-sure-footed",
        "waltham-forest-place-to-live",
    ]
    assert len(catalogue.content.practice) == 29


def test_pilots_carry_aims_objectives_outcomes_and_five_stories(catalogue: Catalogue):
    pilots = [p for p in catalogue.content.practice if isinstance(p, m.Pilot)]
    for pilot in pilots:
        assert any(aim.objectives for aim in pilot.aims), pilot.id
        assert pilot.partners and pilot.contact, pilot.id
    assert sum(1 for p in pilots if p.story) == 5
    assert next(p for p in pilots if p.id == "north-lincolnshire-spiders").story is None


def test_six_lesson_stages_with_all_19_boxes(catalogue: Catalogue):
    lessons = sorted(catalogue.content.lessons, key=lambda lesson: lesson.order)
    assert [lesson.chapter for lesson in lessons] == [3, 4, 5, 6, 7, 8]
    assert [lesson.order for lesson in lessons] == [1, 2, 3, 4, 5, 6]
    boxes = [box.number for lesson in lessons for box in lesson.boxes]
    assert sorted(boxes) == list(range(1, 20))
    assert all(box.pilots for lesson in lessons for box in lesson.boxes)
    for lesson in lessons:
        assert lesson.key_lessons and lesson.good_practice_points and lesson.summary
        numbers = [s.number for s in lesson.sections]
        assert all(n.startswith(f"{lesson.chapter}.") for n in numbers), numbers


def test_fourteen_success_indicator_themes_in_three_areas(catalogue: Catalogue):
    themes = sorted(catalogue.content.indicator_themes, key=lambda t: t.number)
    assert [t.number for t in themes] == list(range(1, 15))
    assert [t.area for t in themes] == ["homes"] * 5 + ["jobs"] * 5 + ["structures"] * 4
    for theme in themes:
        assert all(i.evidence_sources for i in theme.indicators)
    performance = {t.number: [i.national_indicator for i in t.indicators if i.type == "performance"] for t in themes}
    assert performance == {
        1: ["ni-145"], 2: ["ni-149"], 3: ["ni-143"], 4: ["ni-147"], 5: [],
        6: ["ni-146"], 7: ["ni-150"], 8: ["ni-144"], 9: ["ni-148"], 10: [],
        11: [], 12: [], 13: [], 14: [],
    }


# The cross-reference table of the PSA16 Success Indicators: PSA16 NI <- associated NIs.
CROSS_REFERENCE = {
    143: [18, 19, 30, 38, 40, 46, 141, 142],
    144: [18, 19, 30, 38, 40, 45, 152, 153],
    145: [136, 141, 142],
    146: [152, 153],
    147: [62, 63, 141, 142],
    148: [117, 152, 153],
    149: [124, 141, 142],
    150: [152, 153],
}


def test_national_indicators_and_the_cross_reference_table_exactly(catalogue: Catalogue):
    nis = {ni.number: ni for ni in catalogue.content.national_indicators}
    assert sorted(n for n, ni in nis.items() if ni.psa16) == list(range(143, 151))
    associated = sorted(n for n, ni in nis.items() if not ni.psa16)
    assert associated == [18, 19, 30, 38, 40, 45, 46, 62, 63, 117, 124, 136, 141, 142, 152, 153]
    derived = {psa: sorted(n for n, ni in nis.items() if f"ni-{psa}" in ni.supports) for psa in range(143, 151)}
    assert derived == CROSS_REFERENCE
    for psa in range(143, 151):
        linked = [e.id for e in catalogue.ni_links[f"ni-{psa}"].supported_by]
        assert linked == [f"ni-{n}" for n in CROSS_REFERENCE[psa]]
        assert nis[psa].client_group and nis[psa].outcome


def test_baselines_match_the_guidance_note_table(catalogue: Catalogue):
    rows = {
        b.client_group: (b.year, b.group_size, b.accommodation_percent, b.eet_percent)
        for b in catalogue.content.baselines
    }
    assert rows == {
        "care-leavers": ("2005/6", 5300, 88, 62),
        "offenders": ("2006/7", 55408, 77, 35),
        "mental-health": ("2004/5", 464780, None, 21),
        "learning-disabilities": ("2005/6", 122155, 69, 10),
    }


def test_tools_hold_the_whole_matrix_and_journey(catalogue: Catalogue):
    matrix = next(t for t in catalogue.content.tools if isinstance(t, m.SelfAssessment))
    assert [a.title for a in matrix.areas] == [
        "Access to services", "Customer focus", "Diversity", "Service user involvement",
        "Service delivery", "Staff and other key resources", "Partnership working",
        "Innovation and learning", "Sustainability", "Housing focus",
    ]
    counts = [(len(a.excellent), len(a.fair)) for a in matrix.areas]
    assert counts == [(7, 7), (10, 10), (2, 2), (5, 5), (13, 13), (4, 4), (8, 8), (5, 5), (4, 4), (5, 5)]
    stages = sorted(catalogue.terms["journey-stage"].values(), key=lambda s: s.order)
    assert [s.time_frame for s in stages] == ["Start of the journey", "3 to 4 months", "3 to 18 months", "9 to 24 months"]
    assert [len(s.results) for s in stages] == [22, 20, 20, 20]


def test_guidance_covers_evidence_principles_targets_partners_and_theory(catalogue: Catalogue):
    ids = {g.id for g in catalogue.content.guidance}
    assert {
        "why-these-client-groups", "principles-of-effective-delivery", "target-setting",
        "local-partners", "key-assumptions", "theoretical-perspectives",
    } <= ids
    why = next(g for g in catalogue.content.guidance if g.id == "why-these-client-groups")
    text = " ".join(f.text for f in why.facts)
    for figure in ("60%", "80%", "one in ten", "20%", "40%", "£23,000", "75%", "70,000"):
        assert figure in text, figure


def test_taxonomies_cover_every_client_group_and_theme_use(catalogue: Catalogue):
    groups = catalogue.terms["client-group"]
    assert sorted(g for g, t in groups.items() if t.psa16) == [
        "care-leavers", "learning-disabilities", "mental-health", "offenders",
    ]
    assert {"young-homeless-people", "people-living-with-hiv", "older-people", "women-leaving-sex-trade",
            "young-people-dual-diagnosis", "vulnerable-adults"} <= set(groups)
    for theme in catalogue.terms["theme"]:
        assert catalogue.members[("theme", theme)].count >= 2, f"theme '{theme}' is used only once"
    for group in groups:
        members = catalogue.members[("client-group", group)]
        assert members.practice or members.pilots, f"no practice for client group '{group}'"
    levels = sorted(catalogue.terms["evidence-level"].values(), key=lambda t: t.rank)
    assert [level.id for level in levels] == ["reported", "anecdotal", "monitored", "evaluated"]


def test_every_example_carries_every_facet(catalogue: Catalogue):
    for p in catalogue.content.practice:
        assert p.client_groups and p.themes and p.national_indicators and p.journey_stages, p.id
        assert p.region and p.areas and p.evidence.description, p.id


def test_no_personal_email_or_phone_in_content():
    email = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
    phone = re.compile(r"\b0\d{2,4}[ -]?\d{3}[ -]?\d{3,4}\b|\(0\d{2,4}")
    offending = []
    for path in sorted((REPO / "content").rglob("*")):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if email.search(text) or phone.search(text):
                offending.append(path.relative_to(REPO).as_posix())
    assert offending == []


APPENDIX_TABLES = {
    1: "doncaster-on-track",
    2: "northampton-swan-nest",
    3: "waltham-forest-place-to-live",
    4: "salford-sure-footed",
    5: "lambeth-southwark-hiv-outreach",
    6: "north-lincolnshire-spiders",
}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source documents are not beside the checkout")
@pytest.mark.parametrize("table, pilot", APPENDIX_TABLES.items())
def test_every_figure_of_the_pilot_tables_is_in_the_pilot(table: int, pilot: str):
    source = (SEEDS / "004_ee70a3dc200db301.txt").read_text(encoding="utf-8")
    start = source.index(f"Table {table}:")
    end = source.find(f"Table {table + 1}:", start)
    end = source.find("Price:", start) if end == -1 else end
    figures = set(re.findall(r"\d{1,3}(?:,\d{3})+%?|\d+(?:\.\d+)?%?", source[start:end])) - {str(table)}
    text = (REPO / "content" / "practice" / f"{pilot}.yml").read_text(encoding="utf-8")
    missing = sorted(f for f in figures if not re.search(rf"(?<![\d.,]){re.escape(f)}(?![\d%])", text))
    assert missing == []


def test_every_baseline_and_box_figure_is_in_the_content():
    text = " ".join(p.read_text(encoding="utf-8") for p in (REPO / "content").rglob("*.yml"))
    for figure in ("5,300", "55,408", "464,780", "122,155", "364,760", "120,730", "23%", "8%", "120", "£101"):
        plain = figure.replace(",", "")
        assert figure in text or plain in text, figure


# --- what the line-by-line audit of the content found (issue 18) ----------------------------


def record(catalogue: Catalogue, kind: str, record_id: str):
    return next(r for r in getattr(catalogue.content, kind) if r.id == record_id)


def test_footnote_10_is_transcribed_and_the_about_page_names_its_successor(catalogue: Catalogue):
    theme = record(catalogue, "indicator_themes", "14-sharing-learning-and-practice")
    note = next(n for n in theme.notes if "footnote 10" in n)
    assert "does not appear" not in note
    for fact in ("front-line professionals", "case studies, guidance", "www.hmg.gov.uk/linkuplinkin"):
        assert fact in note, fact
    about = (REPO / "content" / "pages" / "about.md").read_text(encoding="utf-8")
    assert "successor to *Link Up Link In*" in about
    assert "www.hmg.gov.uk/linkuplinkin, may no longer work" in about


def test_the_nest_beds_came_from_cans_own_property_and_the_service_answered_to_the_pct(catalogue: Catalogue):
    nest = record(catalogue, "practice", "northampton-swan-nest")
    description = " ".join(nest.description)
    assert "housing association provided" not in description
    assert "had no suitable property" in description and "one of its own properties" in description
    assert not any("housing association" in d.lower() for d in nest.delivered_by)
    assert any("CAN's own" in d for d in nest.delivered_by)
    assert "accountable to the PCT board" not in nest.partnership
    assert "ultimately accountable to the PCT." in nest.partnership
    assert "kept the PCT board informed of progress" in nest.partnership


def test_footnote_7_is_marked_on_employment_context_indicator_2_only(catalogue: Catalogue):
    theme = record(catalogue, "indicator_themes", "10-all-groups-employment")
    note = next(n for n in theme.notes if "footnote 7" in n)
    assert "footnote 7, marked on context indicator 2;" in note
    assert "2 to 4" not in note and "2–4" not in note
    assert [i.evidence_sources for i in theme.indicators if i.number in (2, 3, 4)] == [["Nomis"]] * 3


def test_corrected_slips_in_the_sources_are_flagged(catalogue: Catalogue):
    accommodation = record(catalogue, "indicator_themes", "05-all-groups-accommodation")
    assert any('"Support People Strategy"' in n for n in accommodation.notes)
    matrix = next(t for t in catalogue.content.tools if isinstance(t, m.SelfAssessment))
    partnership = next(a for a in matrix.areas if a.id == "partnership-working")
    assert any('too quickly (the guide has "to quickly"' in f for f in partnership.fair)
    oxfordshire = record(catalogue, "practice", "oxfordshire-joint-housing-team")
    assert any('"like skills"' in f for f in oxfordshire.features)


def test_no_claim_goes_beyond_the_sources(catalogue: Catalogue):
    groups = catalogue.terms["client-group"]
    assert "social services" not in groups["learning-disabilities"].definition
    oxfordshire = record(catalogue, "practice", "oxfordshire-joint-housing-team")
    assert "routine data" not in oxfordshire.evidence.description
    plans = record(catalogue, "practice", "framework-prisoner-housing-action-plans")
    assert "Framework" not in plans.summary and "a support provider" in plans.summary
    for pilot in (p for p in catalogue.content.practice if isinstance(p, m.Pilot)):
        assert "inferred" in pilot.contact.organisation, pilot.id
    slides = catalogue.terms["document"]["partnership-working-slides"]
    assert "Task Force" not in slides.publisher and "Naomi Eisenstadt" in slides.publisher
    everything = " ".join(p.read_text(encoding="utf-8") for p in (REPO / "content").rglob("*.yml"))
    assert "Task Force's presentation" not in everything


def test_what_the_audit_found_missing_is_there(catalogue: Catalogue):
    psa16 = record(catalogue, "guidance", "psa16-vision-and-rationale")
    about = next(s for s in psa16.sections if s.title == "About the 2010 success indicators")
    text = " ".join(about.text)
    for fact in (
        "not definitive", "further suggestions", "service providers, PSA16 Regional Delivery Boards, "
        "commissioners and inspectorates", "colleagues across government", "delivery partners",
        "www.cabinetoffice.gov.uk/social_exclusion_task_force/psa.aspx", "cross-reference",
    ):
        assert fact in text, fact
    guidance = " ".join(p.read_text(encoding="utf-8") for p in (REPO / "content" / "guidance").glob("*.yml"))
    for footnote in (  # the LAA guidance note's footnotes 2, 4, 9 and 14
        "social_exclusion_task_force/publications/reaching_out/index.asp",
        "www.cabinetoffice.gov.uk/social_exclusion_task_force/psa.aspx",
        "www.cabinetoffice.gov.uk/social_exclusion_task_force.aspx",
        "www.hm-treasury.gov.uk/pbr_csr/psa/pbr_csr07_psaopportunity.cfm",
    ):
        assert footnote in guidance, footnote
    guide = record(catalogue, "guidance", "east-midlands-good-practice-guide")
    assert any("stages of the customer journey" in t for s in guide.sections for t in s.text)
    health = catalogue.terms["document"]["supporting-people-for-better-health"]
    for author in ("Ailsa Cameron", "Liz Lloyd", "William Turner", "Geraldine Macdonald", "Queen's University Belfast"):
        assert author in health.description, author
    journey = next(t for t in catalogue.content.tools if isinstance(t, m.CustomerJourney))
    stages_file = (REPO / "content" / "taxonomy" / "journey-stages.yml").read_text(encoding="utf-8")
    for text in (" ".join(journey.notes), stages_file):
        assert "page break" in text and "inferred" in text


def strings_with_keys(node: object, key: str = "") -> list[tuple[str, str, object]]:
    """(field name, text, enclosing mapping) for every string of a loaded YAML document."""
    found = []
    if isinstance(node, dict):
        for child, value in node.items():
            if isinstance(value, str):
                found.append((str(child), value, node))
            else:
                found += strings_with_keys(value, str(child))
    elif isinstance(node, list):
        for item in node:
            found += [(key, item, node)] if isinstance(item, str) else strings_with_keys(item, key)
    return found


def test_old_web_addresses_are_plain_text_that_warns_it_may_be_dead():
    """The sources' addresses are years old: never a live link, and always a warning nearby.

    A warning is "may no longer work" in the same text, or, for an item's ``link`` field, in
    the text of the section that lists it.
    """
    address = re.compile(r"\b(?:https?://|www\.)[^\s)]+")
    live = re.compile(r"\]\(\s*(?:https?:|www\.)|<https?:|href=", re.I)
    warning = "may no longer work"
    offending = []
    for path in sorted((REPO / "content").rglob("*.yml")):
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
        sections = [s for s in loaded.get("sections", []) if isinstance(s, dict)]
        for key, text, _ in strings_with_keys(loaded):
            found = address.search(text)
            if not found:
                continue
            if key == "link":
                section = next(s for s in sections if any(i.get("link") == text for i in s.get("items", [])))
                warned = any(warning in t for t in section.get("text", []))
            else:
                warned = warning in text
            if not warned:
                offending.append(f"{path.name}, {key}: {found.group()}")
    for path in sorted((REPO / "content").rglob("*")):
        if path.is_file() and live.search(path.read_text(encoding="utf-8")):
            offending.append(f"{path.name}: a live link")
    about = (REPO / "content" / "pages" / "about.md").read_text(encoding="utf-8")
    assert all(warning in p for p in re.split(r"\n\s*\n", about) if address.search(p))
    assert offending == []


# --- own words ------------------------------------------------------------------------------

FILE_LIMIT = 6.0  # per cent of a file's 8-word runs found verbatim in the sources
WHOLE_LIMIT = 3.0  # per cent of all content's 8-word runs


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the source documents are not at {SEEDS}, so copying cannot be measured")
def test_free_text_is_written_in_the_sites_own_words():
    """No file repeats more than 6% of its 8-word runs from the sources, and the whole under 3%.

    What counts as free text, and how the runs are compared, is set out in tests/own_words.py:
    titles, names, organisations, indicator wording, data sources, citations and web addresses
    must match the sources and are left out by field name. The failure message lists the worst
    files; ``python tests/own_words.py content/<file>`` shows a file's copied passages.
    """
    shares = own_words.measure(REPO / "content", SEEDS, 8)
    whole = own_words.overall(shares)
    whole_12 = own_words.overall(own_words.measure(REPO / "content", SEEDS, 12))
    report = f"{whole:.1f}% of 8-word runs copied ({whole_12:.1f}% of 12-word runs)\n{own_words.table(shares, 15)}"
    assert [s.path for s in shares if s.percent > FILE_LIMIT] == [], report
    assert whole <= WHOLE_LIMIT, report


def test_the_own_words_measure_finds_copying_and_spares_what_must_match(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "source.txt").write_text(
        "<p>The pilot helped <sup>3</sup> young people find a settled home and keep it for at least a year.</p>\n"
        "Proportion of adults with learning disabilities in settled accommodation by type\n",
        encoding="utf-8",
    )
    content = tmp_path / "content" / "practice"
    content.mkdir(parents=True)
    copied = "The pilot helped young people find a settled home, and keep it for at least a year!"
    (content / "copied.yml").write_text(yaml.safe_dump({"summary": copied.upper()}), encoding="utf-8")
    (content / "own.yml").write_text(yaml.safe_dump({"summary": (
        "Young people were helped into homes of their own, which most of them still had twelve months on."
    )}), encoding="utf-8")
    wording = "Proportion of adults with learning disabilities in settled accommodation by type"
    (content / "matching.yml").write_text(yaml.safe_dump({
        "title": copied,
        "contact": {"organisation": copied},
        "indicators": [{"text": wording, "evidence_sources": [copied]}],
        "notes": [f"The source cites *{wording}* at www.example.gov.uk/{'-'.join(wording.split())}."],
    }), encoding="utf-8")
    shares = {s.path: s for s in own_words.measure(tmp_path / "content", seeds, 8)}
    assert shares["practice/copied.yml"].percent == 100.0
    assert shares["practice/own.yml"].copied == 0
    assert shares["practice/matching.yml"].copied == 0
    assert shares["practice/copied.yml"].runs == 10  # 17 words, punctuation and case ignored
    total = sum(s.runs for s in shares.values())
    assert own_words.overall(shares.values()) == pytest.approx(100 * 10 / total)
    passages = own_words.copied_passages(content / "copied.yml", own_words.source_runs(seeds, 8), 8)
    assert passages == ["the pilot helped young people find a settled home and keep it for at least a year"]
