"""The board's shortlist: add examples from their pages, keep them over a reload, compare them,
share the list by its link, download it, print it as a board pack; axe at desktop and phone
width, and screenshots of the shortlist and the compare view."""

from __future__ import annotations

import csv
import io
import re

import pytest

from ..conftest import REPO
from .test_accessibility import ENGINE_WIDTHS, SCREENSHOTS, axe_source, axe_violations  # noqa: F401 - a fixture

OXFORDSHIRE = "oxfordshire-joint-housing-team"
LAMBETH = "lambeth-southwark-hiv-outreach"
LANARKSHIRE = "north-lanarkshire-supported-employment"


def loaded(page):
    page.wait_for_function("() => document.getElementById('ju-shortlist').getAttribute('aria-busy') === 'false'")


def add_from_its_page(page, site_url, ident):
    page.goto(f"{site_url}/practice/{ident}/")
    button = page.locator(".ju-shortlist-toggle")
    assert button.inner_text() == "Add to shortlist"
    button.click()
    assert button.inner_text() == "Remove from shortlist"
    assert "Added to your shortlist" in page.inner_text(".ju-shortlist-control__status")


def shortlisted_titles(page) -> list[str]:
    return page.locator(".ju-shortlist__title").all_inner_texts()


def test_board_shortlists_two_examples_reloads_compares_and_shares_the_list(browser, page, site_url):
    add_from_its_page(page, site_url, OXFORDSHIRE)
    add_from_its_page(page, site_url, LAMBETH)
    assert page.inner_text(".ju-header-shortlist") == "Shortlist (2)"

    page.click(".ju-header-shortlist")
    page.wait_for_url(re.compile(r"/shortlist/$"))
    loaded(page)
    page.reload()
    loaded(page)
    titles = shortlisted_titles(page)
    assert titles == [
        "Oxfordshire joint Housing Team for care leavers",
        "Housing support outreach and referral for people living with HIV, Lambeth and Southwark",
    ] or len(titles) == 2 and "Oxfordshire" in titles[0]
    first = page.locator(".ju-shortlist__item").first
    assert "Monitored" in first.locator(".ju-evidence").inner_text()
    assert first.locator(".ju-evidence__scale").get_attribute("aria-label").startswith("rank ")
    assert "Care leavers living in unsuitable housing: 23% (2004/05)" in first.inner_text()

    page.click("#ju-shortlist-compare")
    page.wait_for_url(re.compile(rf"/compare/\?ids={OXFORDSHIRE},{LAMBETH}$"))
    loaded(page)
    headers = page.locator(".ju-compare__table thead th a").all_inner_texts()
    assert len(headers) == 2 and headers[0].startswith("Oxfordshire")
    rows = page.locator(".ju-compare__table tbody th").all_inner_texts()
    assert rows == [
        "Client groups", "Themes", "Region", "Evidence level", "Key figures", "Outcomes", "Delivered by", "Contact",
        "Source",
    ]
    figures = page.locator(".ju-compare__table tbody tr", has=page.locator("th", has_text="Key figures"))
    assert "23% (2004/05)" in figures.inner_text() and "56 received" in figures.inner_text()

    page.goto(site_url + "/shortlist/")
    loaded(page)
    shared = page.input_value("#ju-shortlist-link")
    assert shared.endswith(f"/shortlist/?ids={OXFORDSHIRE},{LAMBETH}")
    colleague = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        tab = colleague.new_page()
        tab.goto(shared)
        loaded(tab)
        assert shortlisted_titles(tab) == titles
        assert "is now your shortlist" in tab.inner_text("#ju-shortlist-status")
        tab.reload()  # the link's list is now the colleague's own
        loaded(tab)
        assert shortlisted_titles(tab) == titles
        assert tab.inner_text(".ju-header-shortlist") == "Shortlist (2)"
    finally:
        colleague.close()


def test_a_shared_list_does_not_replace_a_different_list_until_asked(page, site_url):
    add_from_its_page(page, site_url, LANARKSHIRE)
    page.goto(f"{site_url}/shortlist/?ids={OXFORDSHIRE},{LAMBETH}")
    loaded(page)
    assert len(shortlisted_titles(page)) == 2
    assert "Your own shortlist (1 example) is unchanged" in page.inner_text("#ju-shortlist-shared")
    page.get_by_role("button", name="Make this my shortlist").click()
    assert "now your shortlist" in page.inner_text("#ju-shortlist-status")
    assert page.inner_text(".ju-header-shortlist") == "Shortlist (2)"
    assert page.url.endswith("/shortlist/")


def test_the_shortlist_downloads_only_the_examples_on_it(page, site_url):
    """The whole catalogue is megabytes at thousands of examples; a board pack needs a few."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if "/data/" in request.url else None)
    page.goto(f"{site_url}/compare/?ids={OXFORDSHIRE},{LAMBETH}")
    loaded(page)
    assert len(page.locator("#ju-compare th[scope=col]").all()) >= 2
    assert sorted(url.split("/data/", 1)[1] for url in fetched) == [
        f"practice/{LAMBETH}.json", f"practice/{OXFORDSHIRE}.json", "taxonomies.json"
    ]


def test_damaged_storage_and_links_count_as_an_empty_list(page, site_url):
    page.goto(site_url + "/shortlist/")
    for value in ['"not a list"', '["../../etc"]', '{"ids": 1}', "not json", '["a", "a"]']:
        page.evaluate("(v) => localStorage.setItem('joinedup:shortlist', v)", value)
        page.reload()
        loaded(page)
        assert shortlisted_titles(page) == [], value
        assert "Your shortlist is empty" in page.inner_text("#ju-shortlist-status")
    page.goto(site_url + "/shortlist/?ids=" + OXFORDSHIRE + ",no-such-example")
    loaded(page)
    assert len(shortlisted_titles(page)) == 1
    assert "1 no longer on the site is left out" in page.inner_text("#ju-shortlist-status")


def test_the_shortlist_downloads_as_csv_and_removes_and_clears(page, site_url):
    add_from_its_page(page, site_url, OXFORDSHIRE)
    add_from_its_page(page, site_url, LANARKSHIRE)
    page.goto(site_url + "/shortlist/")
    loaded(page)
    with page.expect_download() as info:
        page.click("#ju-shortlist-download")
    text = open(info.value.path(), encoding="utf-8-sig").read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["id"] for r in rows] == [OXFORDSHIRE, LANARKSHIRE]
    assert rows[1]["key_figures"].count("£101 a week") == 1 and rows[0]["evidence_level"] == "Monitored"
    assert rows[0]["page"].endswith(f"/practice/{OXFORDSHIRE}/")
    page.get_by_role("button", name=re.compile("^Remove Oxfordshire")).click()
    assert len(shortlisted_titles(page)) == 1
    assert page.inner_text(".ju-header-shortlist") == "Shortlist (1)"
    page.click("#ju-shortlist-clear")
    assert "Your shortlist is empty" in page.inner_text("#ju-shortlist-status")
    assert page.locator("#ju-shortlist-actions").is_hidden()


def test_compare_asks_for_two_to_four(page, site_url):
    add_from_its_page(page, site_url, OXFORDSHIRE)
    page.goto(site_url + "/shortlist/")
    loaded(page)
    page.click("#ju-shortlist-compare")
    assert "Choose two to four examples to compare; 1 chosen." in page.inner_text("#ju-shortlist-status")
    page.goto(site_url + "/compare/")
    loaded(page)
    assert "Only one example to compare." in page.inner_text("#ju-shortlist-status")


def test_without_javascript_there_is_no_dead_shortlist_button(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(f"{site_url}/practice/{OXFORDSHIRE}/")
        assert tab.locator(".ju-shortlist-toggle").count() == 1
        assert tab.locator(".ju-shortlist-toggle").is_hidden()
        tab.goto(site_url + "/shortlist/")
        assert "The shortlist needs JavaScript" in tab.inner_text("article")
    finally:
        context.close()


def test_the_board_pack_prints_one_example_to_a_page(page, site_url):
    for ident in (OXFORDSHIRE, LAMBETH, LANARKSHIRE):
        add_from_its_page(page, site_url, ident)
    page.goto(site_url + "/shortlist/")
    loaded(page)
    page.emulate_media(media="print")
    for selector in ("#ju-shortlist-actions", "#ju-shortlist-share", ".ju-shortlist__controls", ".md-header"):
        assert page.eval_on_selector(selector, "e => getComputedStyle(e).display") == "none", selector
    breaks = page.eval_on_selector_all(".ju-shortlist__item", "items => items.map(i => getComputedStyle(i).breakBefore)")
    assert breaks == ["auto", "page", "page"]
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 3


@pytest.fixture
def two_shortlisted(browser, site_url):
    # axe is injected as an inline script, which the pages' Content-Security-Policy refuses
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    tab = context.new_page()
    add_from_its_page(tab, site_url, OXFORDSHIRE)
    add_from_its_page(tab, site_url, LAMBETH)
    yield tab
    context.close()


@pytest.mark.parametrize("width", ENGINE_WIDTHS)
@pytest.mark.parametrize("view", ["shortlist", "compare"])
def test_shortlist_and_compare_pass_axe_and_are_screenshot(two_shortlisted, site_url, axe_source, view, width):
    page = two_shortlisted
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site_url}/{view}/")
    loaded(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{view}-{width}.png"), full_page=True)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{view} scrolls sideways by {overflow}px"
    assert axe_violations(page, axe_source) == []


def test_search_results_show_the_tags_and_add_to_the_shortlist(page, site_url):
    page.goto(site_url + "/search/?q=Oxfordshire+care+leavers")
    page.wait_for_function("() => document.getElementById('ju-search').getAttribute('aria-busy') === 'false'")
    result = page.locator(".ju-result", has=page.locator(f"a[href$='/practice/{OXFORDSHIRE}/']")).first
    tags = result.locator(".ju-tag").all_inner_texts()
    assert tags[0].endswith("Practice example") and "Monitored" in tags[1]
    assert any(t.endswith("Care leavers") for t in tags) and any(t.endswith("South East") for t in tags)
    assert tags[-1].endswith("2007")
    assert result.locator(".ju-evidence__scale").get_attribute("aria-label") == "rank 3 of 4"
    button = result.locator(".ju-shortlist-toggle")
    assert button.inner_text() == "Add to shortlist"
    button.click()
    assert button.inner_text() == "Remove from shortlist"
    assert page.inner_text(".ju-header-shortlist") == "Shortlist (1)"
    lessons = page.locator(".ju-result", has=page.locator("a[href*='/lessons/']"))
    if lessons.count():
        assert lessons.first.locator(".ju-shortlist-toggle").count() == 0


def test_board_journey_from_a_map_cell_to_a_shared_comparison(browser, site_url, real_site):
    """Filter the map by region, open a cell, shortlist two of its examples, reload, compare
    them, and share the list into a fresh browser."""
    _, catalogue = real_site
    coverage = catalogue.coverage
    # a region and a client group x theme cell holding at least two of that region's examples
    region, group, theme, members = next(
        (r, g, t, found)
        for r in coverage.axis("region").terms
        for g in coverage.client_groups
        for t in coverage.axis("theme").terms
        if len(found := [e.entry for e in coverage.cell("theme", g.id, t.id) if e.terms["region"] == (r.id,)]) >= 2
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site_url}/gaps/")
    page.wait_for_selector("#ju-map[data-ready]")
    page.select_option("#ju-map-filter-region", region.title)
    cell = page.locator(f"table.ju-map__table[data-axis=theme] button[data-cell='theme.{group.id}.{theme.id}']")
    cell.click()
    examples = page.locator("#ju-map-detail-wide .ju-map__examples a")
    assert examples.all_inner_texts() == [e.title for e in members]
    map_view = page.url
    chosen = []
    for position in range(2):
        page.goto(map_view)  # the address keeps the filter and the open cell
        page.wait_for_selector("#ju-map-detail-wide .ju-map__examples a")
        link = page.locator("#ju-map-detail-wide .ju-map__examples a").nth(position)
        chosen.append(link.inner_text())
        link.click()
        page.wait_for_url(re.compile(r"/practice/[a-z0-9-]+/$"))
        page.click(".ju-shortlist-toggle")
    assert page.inner_text(".ju-header-shortlist") == "Shortlist (2)"
    page.click(".ju-header-shortlist")
    loaded(page)
    page.reload()
    loaded(page)
    assert sorted(shortlisted_titles(page)) == sorted(chosen)
    shared = page.input_value("#ju-shortlist-link")
    page.click("#ju-shortlist-compare")
    page.wait_for_url(re.compile(r"/compare/\?ids="))
    page.wait_for_selector(".ju-compare__table")
    assert sorted(page.locator(".ju-compare__table thead th a").all_inner_texts()) == sorted(chosen)
    context.close()
    colleague = browser.new_context()
    try:
        tab = colleague.new_page()
        tab.goto(shared)
        loaded(tab)
        assert sorted(shortlisted_titles(tab)) == sorted(chosen)
    finally:
        colleague.close()
