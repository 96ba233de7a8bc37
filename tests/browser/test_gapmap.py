"""The evidence-and-gap map in a real browser: filters, a cell's examples, a shared address,
keyboard use, the fit at 1280 px, the phone view, print, and screenshots of each."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from .test_accessibility import SCREENSHOTS

REGION = "North West"


def ready(page):
    page.wait_for_selector("#ju-map[data-ready]")


def draws(page) -> int:
    return int(page.get_attribute("#ju-map", "data-draws") or 0)


def in_cell(catalogue, kind: str, group: str, term: str, region: str | None = None) -> list[str]:
    """The titles the content puts in one cell (of one region), strongest evidence first."""
    coverage = catalogue.coverage
    return [
        e.entry.title
        for e in coverage.cell(kind, group, term)
        if region is None or e.terms["region"] == (region,)
    ]


def test_board_member_filters_by_region_opens_a_cell_and_shares_the_view(browser, site_url, real_site):
    _, catalogue = real_site
    region = next(r for r in catalogue.coverage.axis("region").terms if r.title == REGION)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site_url}/gaps/")
    ready(page)
    before = draws(page)
    page.select_option("#ju-map-filter-region", REGION)
    page.wait_for_function("(n) => Number(document.getElementById('ju-map').dataset.draws) > n", arg=before)
    shown = [p for p in catalogue.content.practice if p.region == region.id]
    assert page.inner_text("#ju-map-status") == (
        f"Map re-drawn: {len(shown)} of {len(catalogue.content.practice)} examples (Region: {REGION})."
    )
    assert "region=North+West" in page.url

    # every theme cell now holds only the region's examples; the rest are gaps
    theme_table = page.locator("table.ju-map__table[data-axis=theme]")
    hits = theme_table.locator("button.ju-map__hit")
    expected_cells = {
        (g.id, t.id): in_cell(catalogue, "theme", g.id, t.id, region.id)
        for g in catalogue.coverage.client_groups
        for t in catalogue.coverage.axis("theme").terms
    }
    assert hits.count() == sum(1 for found in expected_cells.values() if found)
    assert theme_table.locator("td.ju-map__gap").count() == sum(1 for found in expected_cells.values() if not found)

    # open the first cell: its examples in a row beneath, strongest evidence first
    button = hits.first
    key = button.get_attribute("data-cell")
    _, group, term = key.split(".")
    button.click()
    detail = page.locator("#ju-map-detail-wide")
    assert detail.is_visible()
    assert button.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.id") == "ju-map-detail-wide"
    titles = detail.locator(".ju-map__examples a").all_inner_texts()
    assert titles == expected_cells[(group, term)]
    levels = detail.locator(".ju-map__level").all_inner_texts()
    by_title = {p.title: p for p in catalogue.content.practice}
    assert [lv.strip() for lv in levels] == [
        catalogue.terms["evidence-level"][by_title[t].evidence.level].title for t in titles
    ]
    assert f"cell=theme.{group}.{term}" in page.url
    onward = parse_qs(urlsplit(detail.locator("a", has_text="in search").get_attribute("href")).query)
    assert onward["region"] == [REGION]
    assert onward["client_group"] == [catalogue.entry("client-group", group).title]
    assert onward["theme"] == [catalogue.entry("theme", term).title]

    # the address rebuilds the same view in a fresh browser
    shared = page.url
    context.close()
    fresh = browser.new_context(viewport={"width": 1280, "height": 900})
    other = fresh.new_page()
    other.goto(shared)
    ready(other)
    assert other.input_value("#ju-map-filter-region") == REGION
    assert other.locator("#ju-map-detail-wide .ju-map__examples a").all_inner_texts() == titles
    assert other.locator(f"table [data-cell='{key}']").get_attribute("aria-expanded") == "true"

    # and the search it links on to finds the same examples
    other.click("#ju-map-detail-wide a >> text=in search")
    other.wait_for_url(re.compile(r"/search/\?"))
    other.wait_for_function("() => document.getElementById('ju-search').getAttribute('aria-busy') === 'false'")
    found = other.locator(".ju-result__title a").all_inner_texts()
    assert sorted(found) == sorted(titles)
    fresh.close()


def test_the_map_works_from_the_keyboard_alone(page, site_url):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{site_url}/gaps/")
    ready(page)
    page.focus("#ju-map-filter-kind")
    before = draws(page)
    page.keyboard.press("ArrowDown")  # a select changes with the arrow keys
    page.wait_for_function("(n) => Number(document.getElementById('ju-map').dataset.draws) > n", arg=before)
    assert page.input_value("#ju-map-filter-kind") == "Practice example"
    assert "kind=Practice+example" in page.url
    # Tab on to the first cell with examples: every stop on the way shows where focus is
    for _ in range(60):
        page.keyboard.press("Tab")
        outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("", "none"), page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
        if page.evaluate("document.activeElement.classList.contains('ju-map__hit')"):
            break
    else:
        raise AssertionError("no cell of the map can be reached with Tab")
    key = page.evaluate("document.activeElement.dataset.cell")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "ju-map-detail-wide"
    assert "listed" in page.inner_text("#ju-map-status")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.ju-map__examples') !== null")
    # on to Close, which returns focus to the cell
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('ju-map__close')"):
            break
    page.keyboard.press("Enter")
    assert page.locator("#ju-map-detail-wide").count() == 0
    assert page.evaluate("document.activeElement.dataset.cell") == key
    assert "cell=" not in page.url
    assert page.inner_text("#ju-map-status") == "Examples closed."


def test_map_fits_1280px_with_sticky_headers_and_is_screenshotted(browser, site_url):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site_url}/gaps/?region=North+West&cell=theme.older-people.health-access")
    ready(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    for table in page.locator("table.ju-map__table").all():
        box = table.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1280
    assert page.locator("table.ju-map__table").first.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth")
    page.screenshot(path=str(SCREENSHOTS / "gap-map-1280.png"), full_page=True)
    # scrolled into the table, its column headers stay at the top of the window
    head = page.locator("table.ju-map__table[data-axis=theme] thead th").nth(1)
    page.locator("table.ju-map__table[data-axis=theme] tbody tr").nth(15).scroll_into_view_if_needed()
    page.mouse.wheel(0, 300)
    page.wait_for_timeout(100)
    assert abs(head.bounding_box()["y"]) < 2
    page.screenshot(path=str(SCREENSHOTS / "gap-map-1280-scrolled.png"))
    context.close()


NOUNS = {"theme": "theme", "region": "region", "national-indicator": "National Indicator"}


def test_on_a_phone_the_map_is_one_list_per_client_group(browser, site_url, real_site):
    _, catalogue = real_site
    coverage = catalogue.coverage
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"{site_url}/gaps/")
    ready(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert not page.locator("table.ju-map__table").first.is_visible()
    # drawn from the map's data: each client group's terms with examples, then its gaps
    drawn = page.evaluate("""() => [...document.querySelectorAll('.ju-map__section')].map(s => ({
        axis: s.dataset.axis,
        groups: [...s.querySelectorAll('.ju-map__narrow details.ju-map__group')].map(d => ({
          id: d.dataset.group,
          terms: [...d.querySelectorAll('ul.ju-map__list > li > button')].map(b => b.dataset.cell.split('.')[2]),
          none: d.querySelector('.ju-map__none').textContent,
        })),
      }))""")
    assert [s["axis"] for s in drawn] == [a.kind for a in coverage.axes]
    for section in drawn:
        terms = coverage.axis(section["axis"]).terms
        assert [g["id"] for g in section["groups"]] == [g.id for g in coverage.client_groups]
        for group in section["groups"]:
            with_examples = [t for t in terms if coverage.cell(section["axis"], group["id"], t.id)]
            assert group["terms"] == [t.id for t in with_examples]
            missing = [t.title for t in terms if t not in with_examples]
            noun = NOUNS[section["axis"]]
            assert group["none"] == (f"No examples yet: {'; '.join(missing)}." if missing else f"No gaps: every {noun} has examples.")
    group = page.locator(".ju-map__section[data-axis=theme] details[data-group=offenders]")
    group.locator("summary").click()
    items = group.locator("ul.ju-map__list > li")
    themes = [t for t in catalogue.coverage.axis("theme").terms if catalogue.coverage.cell("theme", "offenders", t.id)]
    assert items.count() == len(themes)
    first = items.first.locator("button")
    assert first.inner_text().startswith(themes[0].title)
    first.click()
    detail = page.locator("#ju-map-detail-narrow")
    assert detail.is_visible()
    assert detail.locator(".ju-map__examples a").all_inner_texts() == in_cell(catalogue, "theme", "offenders", themes[0].id)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(SCREENSHOTS / "gap-map-375.png"), full_page=True)
    context.close()


def test_without_javascript_a_phone_gets_the_table_in_its_own_scrolling_region(browser, site_url):
    """WCAG 1.4.10 exempts data tables from reflow: the page itself does not scroll sideways,
    the table does, inside a labelled region that takes focus so that keys can scroll it."""
    context = browser.new_context(viewport={"width": 320, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/gaps/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.locator(".ju-map__narrow").count() == 0
    region = page.locator(".ju-map__section[data-axis=theme] .ju-map__wide")
    assert region.get_attribute("role") == "region" and region.get_attribute("tabindex") == "0"
    assert page.locator(f"#{region.get_attribute('aria-labelledby')}").inner_text() == "Client group by theme"
    table = region.locator("table.ju-map__table")
    assert table.is_visible()
    assert region.evaluate("r => r.scrollWidth > r.clientWidth"), "the table scrolls inside its region"
    region.focus()
    region.press("ArrowRight")
    page.wait_for_timeout(300)  # (no polling for it: the page runs no scripts)
    assert region.evaluate("r => r.scrollLeft") > 0, "keys scroll the focused region"
    # a cell links on to its row's term page, which lists the examples without JavaScript
    link = table.locator("tbody td > a").first
    href = link.get_attribute("href")
    assert href == link.locator("xpath=ancestor::tr/th/a").get_attribute("href")
    link.click()
    page.wait_for_url(re.compile(r"/themes/[a-z0-9-]+/$"))
    assert page.locator("ol.ju-listing > li").count() > 0
    page.go_back()
    page.screenshot(path=str(SCREENSHOTS / "gap-map-320-no-javascript.png"), full_page=True)
    context.close()


def test_map_prints_on_a4_landscape(page, site_url, tmp_path):
    page.goto(f"{site_url}/gaps/")
    ready(page)
    page.emulate_media(media="print")
    assert page.locator(".ju-map__filters").evaluate("e => getComputedStyle(e).display") == "none"
    assert page.locator("table.ju-map__table").first.is_visible()
    assert not page.locator(".ju-map__narrow").first.is_visible()
    pdf = page.pdf(prefer_css_page_size=True)
    sizes = set(re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf))
    # A4 landscape is 842 x 595 points
    assert {(round(float(w)), round(float(h))) for w, h in sizes} == {(842, 595)}
