"""The vocabulary editors keep: synonyms and abbreviations on terms, and the glossary."""

from __future__ import annotations

from pathlib import Path

from generator.pipeline import check_content
from generator.render.markup import mark_abbreviations
from generator.vocabulary import vocabulary

from .conftest import REPO


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_synonym_claimed_by_two_terms_is_an_error_naming_both_places(content_copy: Path):
    _replace(content_copy / "taxonomy/client-groups.yml", "    synonyms: [elderly]", "    synonyms: [Ex-Offenders]")
    _, problems = check_content(content_copy)
    clash = [p for p in problems if "already a name of" in p.message]
    assert [str(p) for p in clash] == [
        "content/taxonomy/client-groups.yml:15: terms[2].synonyms[0]: 'Ex-Offenders' is already a name of "
        "client-group 'offenders' (content/taxonomy/client-groups.yml:7); a word may lead to one term only: "
        "remove it here or there"
    ]
    assert clash[0].severity == "error"


def test_a_glossary_form_may_not_be_a_name_of_a_term_either(content_copy: Path):
    _replace(content_copy / "taxonomy/glossary.yml", "    forms: [PCTs]", "    forms: [PCTs, elderly]")
    _, problems = check_content(content_copy)
    assert any("'elderly' is already a name of client-group 'older-people'" in p.message for p in problems)


def test_an_abbreviation_missing_from_the_glossary_is_a_warning_with_file_and_line(content_copy: Path):
    _replace(content_copy / "practice/lambeth-pilot.yml", "partners: [Lambeth Council, Local PCT]",
             "partners: [Lambeth Council, Local PCTs, the DWP and the DWP again]")
    _, problems = check_content(content_copy)
    found = [str(p) for p in problems if "not in the glossary" in p.message]
    # once per file, the plural of a known abbreviation is known
    assert found == [
        "content/practice/lambeth-pilot.yml:22: partners[2]: warning: the abbreviation 'DWP' is not in the glossary; "
        "add it to content/taxonomy/glossary.yml with what it stands for and what it means, or write it out in full"
    ]


def test_an_abbreviation_in_a_hand_written_page_is_reported_at_its_line(content_copy: Path):
    pages = content_copy / "pages"
    pages.mkdir(exist_ok=True)
    (pages / "notes.md").write_text("# Notes\n\nA line.\nWork with the NI set and the ABC board.\n", encoding="utf-8")
    _, problems = check_content(content_copy)
    found = [(p.path, p.line, p.message.split(";")[0]) for p in problems if "not in the glossary" in p.message]
    assert found == [("content/pages/notes.md", 4, "the abbreviation 'ABC' is not in the glossary")]


def test_every_abbreviation_the_content_uses_is_in_the_glossary():
    _, problems = check_content(REPO / "content")
    assert [str(p) for p in problems] == []


def test_the_real_glossary_explains_the_abbreviations_readers_meet():
    content, _ = check_content(REPO / "content")
    words = vocabulary(content.taxonomies)
    for abbreviation in ["PSA16", "LAA", "NI", "PCT", "ODPM", "DCLG", "CPA", "CRHT", "CMHT", "MAPPA", "NOMS",
                         "NEET", "EET", "SP"]:
        assert words.is_known(abbreviation), abbreviation
    entries = {e.title: e for e in words.glossary}
    assert entries["CPA"].expansion == "Care Programme Approach"
    assert all(e.definition for e in words.glossary)


def test_a_page_is_found_by_the_other_names_of_its_terms_and_abbreviations():
    content, _ = check_content(REPO / "content")
    words = vocabulary(content.taxonomies)
    found = words.search_words([("client-group", "offenders")], "Working with the Primary Care Trust and the LAA.")
    assert {"prison leavers", "ex-offenders", "released prisoners"} <= set(found)
    assert {"PCT", "Local Area Agreement"} <= set(found)
    # capitals matter for abbreviations: "it" is not IT
    assert "information technology" not in words.search_words([], "it was done")


def _marks(text: str) -> str:
    content, _ = check_content(REPO / "content")
    return mark_abbreviations(text, vocabulary(content.taxonomies).abbreviations, "../glossary/")


def test_only_the_first_use_of_an_abbreviation_on_a_page_is_marked_up():
    out = _marks("The LAA sets targets. Each LAA names them, and LAAs differ.\n\nNI 143 and NI 144.")
    assert out.count("<abbr") == 2
    assert out.startswith('The <a class="ju-abbr" href="../glossary/#laa"><abbr title="Local Area Agreement">LAA</abbr></a> sets')
    assert '<a class="ju-abbr" href="../glossary/#ni"><abbr title="National Indicator">NI</abbr></a> 143 and NI 144.' in out


def test_abbreviation_markup_never_touches_headings_links_attributes_or_code():
    text = (
        "## The PSA16 indicators\n\n"
        "[LAA guidance](../guidance/local-area-agreements.md) and <a href=\"x\" title=\"PCT\">the PCT</a>\n\n"
        "!!! warning \"NOMS\"\n\n"
        "<div class=\"ju-prose\" data-x=\"CPA\">\n<p>Code `MAPPA` and <svg><text>CRHT</text></svg></p>\n</div>\n"
        "Then the PSA16, the LAA and the PCT."
    )
    out = _marks(text)
    untouched, _, rest = out.rpartition("\n")
    assert untouched == text.rpartition("\n")[0]
    assert rest.count("<abbr") == 3


def test_capitals_matter_and_a_word_inside_another_is_no_abbreviation():
    out = _marks("It was IT work on the NIS handbook, not a NISHA or a SP-like thing.")
    assert '#it"' in out and "It was" in out
    assert '#ni"' in out  # NIS is a form of NI
    assert "NISHA" in out and "NISHA</abbr>" not in out
    assert "SP-like" in out and "SP</abbr>" not in out
