"""WCAG 2.2 AA with two engines (axe-core and pa11y's HTML_CodeSniffer) on every page kind at
desktop and phone width, keyboard use, 320 px width, print, screenshots."""

from __future__ import annotations

import json
import re
import os
import shutil
import subprocess

import pytest

from ..conftest import CHROMIUM, REPO

NODE_TOOLS = REPO / "tests" / "browser"
AXE = NODE_TOOLS / "node_modules" / "axe-core" / "axe.min.js"
PA11Y = NODE_TOOLS / "node_modules" / "pa11y"
# Desktop and phone: the chrome differs (tabs and sidebar against menu button and drawer).
ENGINE_WIDTHS = (1280, 375)
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

PAGE_KINDS = {
    "home": "/",
    "practice": "/practice/oxfordshire-joint-housing-team/",
    "pilot": "/practice/doncaster-on-track/",
    "lesson-stage": "/lessons/setting-up/",
    "indicator-theme": "/indicators/03-offenders-settled-accommodation/",
    "national-indicator": "/national-indicators/ni-143/",
    "client-group": "/client-groups/offenders/",
    "theme": "/themes/in-reach/",
    "region": "/regions/east-midlands/",
    "journey-stage": "/journey/engages-with-services/",
    "evidence-level": "/evidence/monitored/",
    "search-filtered": "/search/?q=housing&client_group=Care+leavers&theme=Housing+options+and+advice",
    # chips for the filters, and the help that says which single change would give results
    "search-no-results": "/search/?q=Oxfordshire&client_group=Care+leavers&region=London",
    "gap-map": "/gaps/",
    # filtered, with a cell's examples open
    "gap-map-open": "/gaps/?region=North+West&cell=theme.older-people.health-access",
    "self-assessment": "/tools/self-assessment/",
    "customer-journey": "/tools/customer-journey/",
    "submit": "/submit/",
    "practice-index": "/practice/",
    "browse": "/browse/",
    "whats-new": "/whats-new/",
    "open-data": "/data/",
    "glossary": "/glossary/",
}


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail("CI must install axe-core (make test runs npm ci in tests/browser)")
        pytest.skip("axe-core is not installed: run `npm ci --prefix tests/browser`")
    return AXE.read_text(encoding="utf-8")


def settle(page):
    """Wait until the page's own scripts have finished their first render."""
    if page.locator("#ju-search").count():
        page.wait_for_function("() => document.getElementById('ju-search').getAttribute('aria-busy') === 'false'")
    if page.locator("#ju-map").count():
        page.wait_for_selector("#ju-map[data-ready]")
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("width", ENGINE_WIDTHS)
@pytest.mark.parametrize("kind, path", PAGE_KINDS.items(), ids=list(PAGE_KINDS))
def test_no_axe_violations(page, site_url, axe_source, kind, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site_url + path)
    settle(page)
    assert axe_violations(page, axe_source) == []


def axe_violations(page, axe_source: str) -> list[dict]:
    """axe's WCAG findings on the page as it is now.

    axe goes in through the browser's debugging protocol, which the page's
    Content-Security-Policy does not govern; a script tag would be refused, as it should be.
    """
    page.evaluate(axe_source + "\n;undefined")
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))",
        AXE_TAGS,
    )


@pytest.fixture(scope="module")
def pa11y_reports(site_url) -> dict[tuple[str, int], list[dict]]:
    """pa11y's errors for every page kind at both widths, from one Node process and one browser."""
    if not (PA11Y.exists() and shutil.which("node") and CHROMIUM.exists()):
        if os.environ.get("CI"):
            pytest.fail("CI must install pa11y (make test runs npm ci in tests/browser), Node and Chromium")
        pytest.skip("pa11y is not installed: run `make test` (npm ci in tests/browser)")
    urls = [site_url + path for path in PAGE_KINDS.values()]
    widths = ",".join(map(str, ENGINE_WIDTHS))
    result = subprocess.run(
        ["node", "pa11y-run.mjs", widths, *urls],
        cwd=NODE_TOOLS, capture_output=True, text=True, timeout=900,
        env={**os.environ, "CHROME_PATH": str(CHROMIUM)},
    )
    assert result.returncode == 0, result.stderr[-2000:]
    kind_of = {site_url + path: kind for kind, path in PAGE_KINDS.items()}
    return {(kind_of[r["url"]], r["width"]): r["issues"] for r in json.loads(result.stdout)}


@pytest.mark.parametrize("width", ENGINE_WIDTHS)
@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_no_pa11y_errors(pa11y_reports, kind, width):
    issues = pa11y_reports[(kind, width)]
    assert [f"{i['code']} at {i['selector']}: {i['message']}" for i in issues] == []


@pytest.mark.parametrize("kind, path", PAGE_KINDS.items(), ids=list(PAGE_KINDS))
def test_works_at_320px_without_horizontal_scrolling_and_screenshots(browser, site_url, kind, path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for label, width, height in (("desktop", 1280, 900), ("phone", 320, 700)):
        context = browser.new_context(viewport={"width": width, "height": height})
        tab = context.new_page()
        tab.goto(site_url + path)
        settle(tab)
        tab.screenshot(path=str(SCREENSHOTS / f"{kind}-{label}.png"), full_page=False)
        if label == "phone":
            overflow = tab.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{kind} scrolls sideways by {overflow}px at 320px"
        context.close()


def test_search_filters_work_from_the_keyboard_with_visible_focus(page, site_url):
    page.goto(site_url + "/search/?q=housing")
    settle(page)
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate("() => document.activeElement.parentNode.dataset.facet || ''")
        if focused == "client_group":
            break
    else:
        pytest.fail("the client-group filters cannot be reached with Tab")
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    page.keyboard.press("Enter")  # open the group
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.name") == "client_group"
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none")
    before = page.get_attribute("#ju-search", "data-runs")
    page.keyboard.press("Space")
    page.wait_for_function(
        "(before) => document.getElementById('ju-search').dataset.runs !== before"
        " && document.getElementById('ju-search').getAttribute('aria-busy') === 'false'",
        arg=before,
    )
    assert "client_group=" in page.url
    assert page.evaluate("() => document.activeElement.checked") is True


def printed_after(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "links => links.map(a => getComputedStyle(a, '::after').content)")


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def test_practice_page_prints_as_a_clean_sheet_without_relative_link_targets(page, site_url):
    page.goto(site_url + "/practice/oxfordshire-joint-housing-team/")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-tabs", ".ju-shortlist-control",
                     ".ju-glance__table"):
        if page.locator(selector).count():
            assert page.eval_on_selector(selector, "e => getComputedStyle(e).display") == "none", selector
    # links within the site print nothing after them
    assert set(printed_after(page, "article a[href]:not([href^='http'])")) <= {"none", "normal"}
    assert page.locator(".ju-glance svg.ju-chart").is_visible()
    # a link that leaves the site prints a short address: host and path, no scheme
    page.evaluate(
        "() => { const a = document.createElement('a'); a.href = 'https://www.example.org/reports/2008/"
        "very-long-report-name-that-goes-on-and-on.pdf'; a.id = 'ext'; a.textContent = 'the report';"
        " document.querySelector('article').append(a); window.dispatchEvent(new Event('beforeprint')); }"
    )
    after = printed_after(page, "#ext")[0]
    assert after.startswith('" (example.org/reports/2008/') and "https" not in after and len(after) <= 46


def test_the_self_assessment_result_prints_in_at_most_three_a4_pages(page, site_url):
    page.goto(site_url + "/tools/self-assessment/")
    checklist = pdf_pages(page.pdf(format="A4"))  # nothing rated: the matrix, to fill in by hand
    for radio in page.locator("table.ju-matrix input[value='fair']").all():
        radio.check()
    assert "Your weakest areas" in page.inner_text("#ju-matrix-summary")
    page.emulate_media(media="print")
    pages = pdf_pages(page.pdf(format="A4"))
    assert 1 <= pages <= 3, f"the self-assessment prints on {pages} A4 pages"
    assert checklist > pages
