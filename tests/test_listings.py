"""Bounded listing pages: at hundreds of examples no page lists them all, every page stays
light, and every example is still reachable by plain links within a few clicks from home."""

from __future__ import annotations

import datetime
import functools
import http.server
import json
import re
import shutil
import subprocess
import threading
from collections import deque
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from benchmarks.corpus import make_corpus
from generator.build import Project, build_site
from generator.link import Catalogue, changes, link
from generator.pipeline import check_content
from generator.render import listing, render
from generator.render.listing import PAGER_ALL, ListingPage

from .browser.test_accessibility import AXE, ENGINE_WIDTHS, axe_violations
from .conftest import REPO, _QuietHandler
from .test_incremental import edit
from .test_validity import VNU, needs

RECORDS = 400
PAGE_LIMIT = 100 * 1024
CLICKS_FROM_HOME = 4


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory) -> tuple[Path, Catalogue]:
    tmp = tmp_path_factory.mktemp("listings")
    content = make_corpus(tmp, RECORDS)
    report = build_site(Project.at(REPO, content_dir=content, build_dir=tmp / "build", site_dir=tmp / "site"))
    assert report.ok, [str(p) for p in report.problems[:5]] + report.messages[:5]
    return tmp / "site", report.catalogue


def soup_of(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def links_from(site: Path, page: Path) -> set[Path]:
    """The pages a reader can reach from ``page`` in one click, without JavaScript."""
    found = set()
    for a in soup_of(page).find_all("a", href=True):
        parts = urlsplit(a["href"])
        if parts.scheme or parts.netloc or not parts.path:
            continue
        target = (page.parent / parts.path).resolve()
        target = target / "index.html" if parts.path.endswith("/") or target.is_dir() else target
        if target.suffix == ".html" and target.is_file():
            found.add(target)
    return found


# The evidence-and-gap map (issue 16) grows with the taxonomies, not the examples: at 400
# examples all but a few of its cells are filled, so it is about as heavy as it gets at any
# number of examples (a filled cell weighs a little more than a gap).
GAP_MAP = "gaps/index.html"


def heavy_pages(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_size // 1024 for p in site.rglob("*.html") if p.stat().st_size > PAGE_LIMIT}


def test_no_page_but_the_gap_map_is_over_100_kb(corpus_site):
    site, _ = corpus_site
    assert {page: kb for page, kb in heavy_pages(site).items() if page != GAP_MAP} == {}


def test_the_gap_map_is_under_100_kb(corpus_site):
    site, _ = corpus_site
    assert GAP_MAP not in heavy_pages(site)


def test_every_example_is_a_few_clicks_from_home(corpus_site):
    site, catalogue = corpus_site
    home = (site / "index.html").resolve()
    depth = {home: 0}
    queue = deque([home])
    while queue:
        page = queue.popleft()
        if depth[page] == CLICKS_FROM_HOME:
            continue
        for target in links_from(site, page):
            if target not in depth:
                depth[target] = depth[page] + 1
                queue.append(target)
    practice = {(site / e.path.removesuffix(".md") / "index.html").resolve() for e in catalogue.entries_of("practice")}
    assert len(practice) > RECORDS
    assert sorted(str(p.relative_to(site.resolve())) for p in practice - depth.keys()) == []


def test_listings_are_bounded_complete_strongest_first_and_counted(corpus_site):
    site, catalogue = corpus_site
    ranks = {t.title: t.rank for t in catalogue.terms["evidence-level"].values()}
    expected_by_term = {}
    for p in catalogue.content.practice:
        for kind, ident in [("theme", t) for t in p.themes] + [("region", p.region), ("evidence-level", p.evidence.level)]:
            expected_by_term.setdefault((kind, ident), set()).add(p.id)
    paginated = 0
    for (kind, ident), expected in expected_by_term.items():
        first = site / catalogue.entry(kind, ident).path.removesuffix(".md") / "index.html"
        headings = [h.find(string=True) for h in soup_of(first).find_all("h2")]
        assert f"Practice examples and pilots ({len(expected)})" in headings
        listed, levels, page, pages_seen = [], [], first, 0
        while page is not None:
            soup = soup_of(page)
            items = soup.select("ol.ju-listing")[0].find_all("li", recursive=False)
            assert 0 < len(items) <= listing.PAGE_SIZE
            listed += [li.a["href"].rstrip("/").split("/")[-1] for li in items]
            levels += [ranks[li.select_one(".ju-evidence__name").get_text()] for li in items]
            pages_seen += 1
            following = soup.select_one('.ju-pager a[rel="next"]')
            page = (page.parent / following["href"]).resolve() / "index.html" if following else None
            if page is not None:
                assert soup_of(page).select_one('.ju-pager a[rel="prev"]') is not None
        assert sorted(listed) == sorted(expected), f"{kind} {ident}"
        assert len(set(listed)) == len(listed)
        assert levels == sorted(levels, reverse=True), "strongest evidence first"
        paginated += pages_seen > 1
    assert paginated > 10, "the corpus is large enough to paginate most term pages"


def test_the_practice_index_paginates_with_a_windowed_pager(corpus_site):
    site, catalogue = corpus_site
    total = len(catalogue.content.practice)
    pages = -(-total // listing.PAGE_SIZE)
    assert pages > PAGER_ALL, "the corpus is large enough for the windowed pager"
    index = soup_of(site / "practice" / "index.html")
    pilots = sum(p.kind == "pilot" for p in catalogue.content.practice)
    assert f"{total - pilots} practice examples, {pilots} health pilots; by evidence level" in index.get_text()
    numbers = [a.get_text().removeprefix("Page ") for a in index.select(".ju-pager a:not([rel])")]
    assert numbers[-1] == str(pages) and "10" in numbers
    last = site / "practice" / "page" / str(pages) / "index.html"
    assert last.is_file() and not (site / "practice" / "page" / str(pages + 1)).exists()
    last_soup = soup_of(last)
    assert last_soup.h1.find(string=True) == f"Practice index, strongest evidence first: practice examples and pilots, page {pages} of {pages}"
    assert last_soup.select_one('.ju-pager a[rel="next"]') is None
    # listing pages repeat what the record pages hold: search indexes the records, not them
    assert last_soup.find(attrs={"data-pagefind-body": True}) is None
    assert index.find(attrs={"data-pagefind-body": True}) is None


def test_the_sitemap_lists_every_example_and_listing_page(corpus_site):
    site, catalogue = corpus_site
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>[^<]*?/([^<]*)</loc>", sitemap.replace(catalogue.site_url, "/")))
    pages = {p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html") if p.parent != site}
    assert sorted(pages - listed - {"search/"}) == []


@pytest.mark.parametrize("total, expected", [
    (5, {n: [1, 2, 3, 4, 5] for n in (1, 3, 5)}),
    (40, {1: [1, 2, 3, 4, 5, 6, None, 10, None, 20, None, 30, None, 40],
          25: [1, None, 10, None, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, None, 40]}),
])
def test_the_pager_names_the_pages_near_and_every_tenth(total, expected):
    for current, numbers in expected.items():
        assert ListingPage("x", (), current, tuple(f"p{n}" for n in range(1, total + 1)), total * 30).pager() == numbers


@pytest.mark.parametrize("total", [13, 57, 400])
def test_any_page_of_a_listing_is_two_clicks_from_any_other(total):
    paths = tuple(str(n) for n in range(1, total + 1))
    named = {n: {m for m in ListingPage("x", (), n, paths, 0).pager() if m} for n in range(1, total + 1)}
    for start in range(1, total + 1):
        reached = set().union(*(named[m] for m in named[start]))
        assert reached == set(range(1, total + 1)), start


def test_an_incremental_render_of_paginated_listings_equals_a_full_render(content_copy, monkeypatch):
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    today = datetime.date(2026, 1, 1)

    def catalogue():
        content, problems = check_content(content_copy)
        assert [p for p in problems if p.severity == "error"] == []
        return link(content, today=today)

    before = catalogue()
    first = render(before)
    assert any("/page/2.md" in path for path in first.texts)
    practice_file = content_copy / "practice" / "kettering-tenancy-course.yml"
    level = re.search(r"level: (\S+)", practice_file.read_text(encoding="utf-8")).group(1)
    other = next(t.id for t in before.terms["evidence-level"].values() if t.id != level)
    edit(practice_file, f"level: {level}", f"level: {other}")
    after = catalogue()
    incremental = render(after, first, changes(before, after))
    assert dict(incremental.texts) == dict(render(after).texts)
    assert incremental.made < len(first.texts)


def listing_samples(site: Path) -> list[Path]:
    """Listing pages of each kind: the index and its pages, a term's and an indicator's pages."""
    samples = [site / "practice" / "index.html", site / "practice" / "page" / "7" / "index.html"]
    samples += [site / "client-groups" / "offenders" / "index.html", site / "client-groups" / "offenders" / "page" / "2" / "index.html"]
    samples += [site / "national-indicators" / "ni-143" / "page" / "2" / "index.html", site / "browse" / "index.html"]
    assert all(p.is_file() for p in samples), [str(p) for p in samples if not p.is_file()]
    return samples


def test_listing_pages_are_valid_html(corpus_site):
    needs("Java", shutil.which("java") is not None, "apt-get install -y default-jre-headless")
    needs("the Nu HTML checker", VNU.exists(), "make test installs vnu-jar with npm")
    site, _ = corpus_site
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, listing_samples(site))],
        capture_output=True, text=True, timeout=600,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert [f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in messages] == []


@pytest.mark.parametrize("width", ENGINE_WIDTHS)
def test_listing_pages_pass_axe(browser, corpus_site, width):
    needs("axe-core", AXE.exists(), "make test installs axe-core with npm")
    site, _ = corpus_site
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # axe is injected as an inline script, which the pages' Content-Security-Policy refuses
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    tab = context.new_page()
    found = {}
    for sample in listing_samples(site):
        # served, as the page's script modules do not run from file: addresses
        tab.goto(f"http://127.0.0.1:{server.server_address[1]}/{sample.relative_to(site).as_posix()}")
        tab.wait_for_load_state("networkidle")
        violations = axe_violations(tab, AXE.read_text(encoding="utf-8"))
        if violations:
            found[str(sample.relative_to(site))] = violations
    context.close()
    server.shutdown()
    assert found == {}
