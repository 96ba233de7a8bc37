"""Finding what works: term pages, gap map, open data and the editors' CLI search."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup

from generator import search
from generator.render import BROWSE_WORD

from .conftest import REPO, run_joinedup


def soup_of(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def test_client_group_page_gathers_practice_indicators_baseline_lessons_and_evidence(real_site):
    site, catalogue = real_site
    soup = soup_of(site, "client-groups/offenders/index.html")
    headings = [h.get_text(strip=True).rstrip("¶") for h in soup.find_all("h2")]
    members = catalogue.members[("client-group", "offenders")]
    assert f"Practice examples and pilots ({len(members.practice) + len(members.pilots)})" in headings
    assert "National baseline" in headings
    assert f"Success-indicator themes ({len(members.indicator_themes)})" in headings
    assert "Why this group matters" in headings
    assert f"Also applicable ({len(members.also_applicable)})" in headings
    assert "55,408" in soup.get_text()


def test_every_term_page_lists_its_members_with_the_linkers_count(real_site):
    site, catalogue = real_site
    for (kind, ident), members in catalogue.members.items():
        page = site / members.term.path.removesuffix(".md") / "index.html"
        text = page.read_text(encoding="utf-8")
        noun = "item" if members.count == 1 else "items"
        assert f"{members.count} {noun} on this site carry this" in text, page


def practice_terms(p, kind: str) -> list[str]:
    return {"theme": p.themes, "region": [p.region], "national-indicator": p.national_indicators}[kind]


def test_gap_map_is_a_complete_static_table_of_marks_totals_and_gaps(real_site):
    """Every cell, counted again from the content: its count, strongest evidence, mark, link."""
    site, catalogue = real_site
    soup = soup_of(site, "gaps/index.html")
    practice = catalogue.content.practice
    levels = [t for t in sorted(catalogue.terms["evidence-level"].values(), key=lambda t: t.rank)]
    groups = [e for e in catalogue.coverage.client_groups]
    tables = soup.select("table.ju-map__table")
    assert [t["data-axis"] for t in tables] == ["theme", "region", "national-indicator"]
    assert not soup.select("script:not([src])"), "no inline script: the map's data is a file"
    gaps = 0
    for table in tables:
        kind = table["data-axis"]
        heads = table.select("thead th[scope=col]")
        assert [th.a["title"] for th in heads[1:-1]] == [g.title for g in groups]
        rows = table.select("tbody tr")
        terms = catalogue.coverage.axis(kind).terms
        assert [r["data-term"] for r in rows] == [t.id for t in terms]
        for row, term in zip(rows, terms):
            assert row.th["scope"] == "row" and row.th.get_text(strip=True) == term.title
            cells = row.select("td")[:-1]
            assert len(cells) == len(groups) and "ju-map__total" in row.select("td")[-1]["class"]
            for td, group in zip(cells, groups):
                found = [p for p in practice if group.id in p.client_groups and term.id in practice_terms(p, kind)]
                if not found:
                    gaps += 1
                    assert "ju-map__gap" in td["class"] and td.find("a") is None, "a gap is not a link"
                    assert td.get_text(strip=True) == "no examples"
                    continue
                best = max((p.evidence.level for p in found), key=lambda level: catalogue.terms["evidence-level"][level].rank)
                link = td.find("a")
                assert link.get_text() == str(len(found))
                rank = [t.id for t in levels].index(best) + 1
                assert f"ju-l{rank}" in link["class"]
                # the mark in words: the key's entry for the level, which the link is described by
                title = catalogue.terms["evidence-level"][best].title
                words = soup.find(id=link["aria-describedby"])
                assert words.get_text() == f"examples, strongest evidence: {title}"
                # without scripts, on to the row's term page, which lists its examples
                assert link["href"] == row.th.a["href"] == f"../{term.path.removesuffix('.md')}/"
                assert (site / term.path.removesuffix(".md") / "index.html").is_file()
            # the row's total counts each example once, whichever groups it serves
            total = sum(1 for p in practice if term.id in practice_terms(p, kind) and p.client_groups)
            assert row.select_one("td.ju-map__total").get_text() == str(total)
        foot = [td.get_text() for td in table.select("tfoot td.ju-map__total")]
        expected = [sum(1 for p in practice if g.id in p.client_groups and practice_terms(p, kind)) for g in groups]
        assert foot == [str(n) for n in expected] + [str(sum(1 for p in practice if practice_terms(p, kind)))]
    assert gaps > 0, "the real content has gaps; the map must show them"
    # the key: each level's mark, by rank, and its words
    key = soup.select("ul.ju-map__key-list > li")
    for rank, (item, level) in enumerate(zip(key, levels), 1):
        assert f"ju-l{rank}" in item.select_one(".ju-mark")["class"] and item.a.get_text() == level.title
    # each level's mark its own shape (the stylesheet's), never colour alone
    css = (site / "assets" / "stylesheets" / "joinedup.css").read_text(encoding="utf-8")
    shapes = [re.search(rf"\.ju-l{rank}\s*\{{[^}}]*--ju-mark-shape:\s*(url\([^)]*\))", css) for rank in range(1, len(levels) + 1)]
    assert all(shapes) and len({s.group(1) for s in shapes}) == len(levels)


def test_gap_map_marks_grow_with_their_examples(real_site):
    site, _ = real_site
    soup = soup_of(site, "gaps/index.html")
    for table in soup.select("table.ju-map__table"):
        sizes = {}
        for link in table.select("tbody td > a"):
            size = next(int(c.removeprefix("ju-s")) for c in link["class"] if re.fullmatch(r"ju-s\d+", c))
            sizes.setdefault(int(link.get_text()), set()).add(size)
        assert all(len(s) == 1 for s in sizes.values()), "one size per count"
        ordered = [next(iter(sizes[n])) for n in sorted(sizes)]
        assert ordered == sorted(ordered) and len(set(ordered)) == len(ordered)
        # the stylesheet draws every size the page uses
        css = (site / "assets" / "stylesheets" / "joinedup.css").read_text(encoding="utf-8")
        assert all(re.search(rf"\.ju-s{size}\s*\{{\s*--ju-mark-size:\s*{size}px\s*[;}}]", css) for size in ordered)


def test_gap_map_data_file_places_every_example_as_the_content_does(real_site):
    site, catalogue = real_site
    soup = soup_of(site, "gaps/index.html")
    assert soup.find(id="ju-map")["data-map"] == "map.json"
    assert soup.find("script", src=lambda s: s and s.endswith("joinedup-gapmap.js"))
    data = json.loads((site / "gaps" / "map.json").read_text(encoding="utf-8"))
    by_title = {p.title: p for p in catalogue.content.practice}
    assert sorted(e["title"] for e in data["examples"]) == sorted(by_title)
    levels = [level["id"] for level in data["levels"]]
    axes = {a["kind"]: a for a in data["axes"]}
    for e in data["examples"]:
        p = by_title[e["title"]]
        assert e["url"] == f"../practice/{p.id}/" and (site / "practice" / p.id / "index.html").is_file()
        assert levels[e["level"]] == p.evidence.level
        assert [data["groups"][g]["id"] for g in e["groups"]] == list(dict.fromkeys(p.client_groups))
        assert [data["stages"][s]["id"] for s in e["stages"]] == list(p.journey_stages)
        assert data["kinds"][e["kind"]]["id"] == p.kind
        for kind, axis in axes.items():
            assert [axis["terms"][t]["id"] for t in e[kind]] == list(dict.fromkeys(practice_terms(p, kind)))
    # the examples come strongest evidence first, as a cell lists them
    ranks = [e["level"] for e in data["examples"]]
    assert ranks == sorted(ranks, reverse=True)
    # the largest cell of each map, for the mark scale the page and the script share
    for kind, axis in axes.items():
        assert axis["largest"] == max(len(found) for (k, _, _), found in catalogue.coverage.cells.items() if k == kind)


def test_open_data_files_hold_every_example(real_site):
    site, catalogue = real_site
    data = json.loads((site / "data" / "catalogue.json").read_text(encoding="utf-8"))
    assert len(data["practice"]) == len(catalogue.content.practice)
    assert data["counts"] == catalogue.content.counts()
    rows = list(csv.DictReader(io.StringIO((site / "data" / "practice.csv").read_text(encoding="utf-8"))))
    assert len(rows) == len(catalogue.content.practice)
    oxford = next(r for r in rows if r["id"] == "oxfordshire-joint-housing-team")
    assert oxford["client_groups"] == "Care leavers"
    assert oxford["region"] == "South East"
    assert oxford["national_indicators"] == "NI 147"
    feed = ET.parse(site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.findall("a:entry", ns)
    assert len(entries) == min(len(catalogue.record_dates), 50) >= len(catalogue.content.practice)
    dates = [e.find("a:updated", ns).text for e in entries]
    assert dates == sorted(dates, reverse=True)
    for entry in entries:
        link = entry.find("a:link", ns).get("href")
        assert link.startswith(catalogue.site_url)
        assert (site / link.removeprefix(catalogue.site_url) / "index.html").is_file()


def test_lunr_search_is_off_and_pagefind_index_is_built(real_site):
    site, _ = real_site
    assert not (site / "search" / "search_index.json").exists()
    assert (site / "pagefind" / "pagefind.js").is_file()
    page = soup_of(site, "practice/oxfordshire-joint-housing-team/index.html")
    facets = [s["data-pagefind-filter"] for s in page.find_all(attrs={"data-pagefind-filter": True})]
    assert "client_group:Care leavers" in facets and "ni:NI 147" in facets
    # as written in the source, which is what Pagefind reads (it decodes no character references)
    source = (site / "practice/oxfordshire-joint-housing-team/index.html").read_text(encoding="utf-8")
    assert 'data-pagefind-filter="client_group:Care leavers"' in source
    assert page.find("form", attrs={"role": "search"})["action"].endswith("search/")


def test_search_page_lists_every_facet_value_with_its_page_count(real_site):
    """The filters and their browse counts come from the pages' own Pagefind filter markers."""
    site, _ = real_site
    carried: Counter[tuple[str, str]] = Counter()
    for html_file in site.rglob("index.html"):
        page = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        facets = page.find(class_="ju-facets")
        if facets is None:
            continue
        # hidden; its text is the browse word, then only the vocabulary's words, after it
        assert facets.has_attr("hidden") and facets.get_text(strip=True).startswith(BROWSE_WORD), html_file
        for marker in facets.find_all(attrs={"data-pagefind-filter": True}):
            name, value = marker["data-pagefind-filter"].split(":", 1)
            carried[(name, value)] += 1
    search_page = soup_of(site, "search/index.html")
    assert search_page.find(id="ju-search")["data-browse-word"] == BROWSE_WORD
    listed = {
        (box["name"], box["value"]): int(box.find_next_sibling("label").find(class_="ju-filter__count")["data-total"])
        for box in search_page.select("#ju-search-filters details[data-facet] input[type=checkbox]")
    }
    assert listed == dict(carried)
    groups = [d["data-facet"] for d in search_page.select("#ju-search-filters details")]
    assert groups == ["kind", "client_group", "theme", "ni", "region", "stage", "evidence"]
    nis = [box["value"] for box in search_page.select("details[data-facet=ni] input")]
    assert nis == sorted(nis, key=lambda v: int(v.split()[1]))


def test_each_script_is_loaded_only_by_the_pages_that_use_it(real_site):
    site, _ = real_site
    expected = {
        "search/index.html": {"joinedup-search.js"},
        "submit/index.html": {"joinedup-submit.js"},
        "tools/self-assessment/index.html": {"joinedup-tools.js"},
        "index.html": set(),
        "practice/oxfordshire-joint-housing-team/index.html": set(),
        "tools/customer-journey/index.html": set(),
    }
    for path, scripts in expected.items():
        sources = {Path(s["src"]).name for s in soup_of(site, path).find_all("script", src=True)}
        # The page chrome's module (menu drawer, skip link) is on every page.
        assert {name for name in sources if name.startswith("joinedup-")} == scripts | {"joinedup-chrome.js"}, path


def focus_phrase(text: str) -> str:
    return " ".join(text.split()[:8])


def test_cli_finds_every_example_from_a_phrase_of_its_focus(real_site):
    _, catalogue = real_site
    index = search.build_index(search.content_documents(catalogue.content))
    missed = []
    for p in catalogue.content.practice:
        top = [hit.id for hit in search.search(index, focus_phrase(p.focus), limit=3)]
        if p.id not in top:
            missed.append((p.id, top))
    assert missed == []


def test_cli_search_with_filters_through_the_entry_point():
    result = run_joinedup("search", "rent deposit", "--client-group", "offenders", "--ni", "ni-143")
    assert result.returncode == 0, result.stderr
    first = result.stdout.split("\n\n")[0].splitlines()
    assert first[0] == (" 1. Housing action plans for prisoners returning to Gedling, Rushcliffe, Broxtowe and "
                        "Nottingham")
    assert first[1] == ("    Practice example · https://joined-up.github.io/joined-up/practice/"
                        "framework-prisoner-housing-action-plans/ · content/practice/"
                        "framework-prisoner-housing-action-plans.yml")
    assert "deposit" in first[2].lower() and first[2].startswith("    ")
    # "rent deposit" is also a name of the example's theme, private rented sector
    assert first[3] == ('    Why: "rent" and "deposit" in its text; "rent" and "deposit" in what it is filed under '
                        "(other names and abbreviations); client group Offenders under probation supervision; NI 143")
    kinds = [block.splitlines()[1].split(" · ")[0].strip() for block in result.stdout.strip().split("\n\n")]
    assert set(kinds) <= {"Practice example", "Health pilot"}


def test_cli_search_explains_which_words_matched_where():
    result = run_joinedup("search", "housing plans", "--limit", "1")
    assert result.returncode == 0, result.stderr
    why = result.stdout.splitlines()[3]
    # the words as typed, not the stems the index holds ("hous", "plan")
    assert why.startswith('    Why: "housing" and "plans" in its title')


def test_indexes_built_at_once_in_several_processes_do_not_disturb_each_other():
    program = (
        "from generator import search\n"
        "docs = [search.Document(id=f'd{i}', title=f'title word{i}', focus='', body='body text ' * 50,"
        " label='practice', facets={}) for i in range(200)]\n"
        "for _ in range(15):\n"
        "    assert search.search(search.build_index(docs), 'word7', limit=1)[0].id == 'd7'\n"
    )
    runs = [subprocess.Popen([sys.executable, "-c", program], cwd=REPO, stderr=subprocess.PIPE, text=True)
            for _ in range(4)]
    failures = [run.communicate()[1] for run in runs if run.wait() != 0]
    assert failures == []


def test_cli_search_with_no_match_exits_1():
    result = run_joinedup("search", "zebra xylophone", "--region", "london")
    assert result.returncode == 1
    assert result.stdout == "no matches\n"
    # words the index leaves out (stop words) are a search that finds nothing, not a browse
    result = run_joinedup("search", "the and of")
    assert result.returncode == 1
    assert result.stdout == "no matches\n"


def test_cli_search_refuses_an_unknown_filter_value_with_a_hint():
    result = run_joinedup("search", "housing", "--client-group", "ofenders")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "--client-group: unknown client group 'ofenders'; did you mean 'offenders'?" in result.stderr
    result = run_joinedup("search", "housing", "--evidence", "strong", "--kind", "practise")
    assert result.returncode == 2
    assert ("--evidence: unknown evidence level 'strong'; the evidence levels are: reported, anecdotal, "
            "monitored, evaluated") in result.stderr
    assert "--kind: unknown kind 'practise'; did you mean 'practice'?" in result.stderr


def test_cli_search_limit_must_be_at_least_one():
    for limit in ("0", "-3"):
        result = run_joinedup("search", "housing", "--limit", limit)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert "--limit" in result.stderr and "1 or more" in result.stderr


def test_cli_search_with_filters_and_no_words_browses(real_site):
    _, catalogue = real_site
    expected = sorted(p.title for p in catalogue.content.practice
                      if "care-leavers" in p.client_groups and p.kind == "practice")
    result = run_joinedup("search", "--client-group", "care-leavers", "--kind", "practice", "--limit", "100")
    assert result.returncode == 0, result.stderr
    blocks = result.stdout.strip().split("\n\n")
    assert [block.splitlines()[0].split(". ", 1)[1] for block in blocks] == expected
    assert all(block.splitlines()[-1] == "    Why: kind Practice example; client group Care leavers" for block in blocks)


def test_cli_search_needs_words_or_a_filter():
    result = run_joinedup("search")
    assert result.returncode == 2
    assert "give words to search for, or a filter such as --client-group offenders to browse" in result.stderr


def test_related_practice_has_at_least_three_and_never_itself(real_site):
    _, catalogue = real_site
    for ident, links in catalogue.practice_links.items():
        related = [e.id for e in links.related]
        assert ident not in related
        assert len(related) >= 3, ident
        assert len(set(related)) == len(related)


def test_similarity_terms_are_what_the_whoosh_analyser_gives_for_the_whole_text(real_site):
    """Terms are analysed word by word and remembered; the counts must match the analyser's."""
    _, catalogue = real_site
    for doc in search.content_documents(catalogue.content):
        text = f"{doc.title}\n{doc.focus}\n{doc.body}"
        assert search._tokens(text) == Counter(token.text for token in search._text(text)), doc.id
