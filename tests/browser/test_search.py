"""Search in a real browser: query, two filters with counts, a shared URL, and recall."""

from __future__ import annotations

import re

import pytest

CLIENT_GROUP = "Offenders under probation supervision"
THEME = "In-reach and outreach"


def facet_matches(catalogue, client_group: str, theme: str) -> list[str]:
    """Practice pages carrying both values (the search also indexes lessons and guidance)."""
    c = catalogue.content
    return sorted(
        p.id for p in c.practice if client_group in p.client_groups and theme in p.themes
    ) + sorted(
        r.id
        for r in [*c.lessons, *c.guidance]
        if client_group in r.client_groups and theme in r.themes
    )


def runs(page) -> int:
    return int(page.get_attribute("#ju-search", "data-runs") or 0)


def wait_for_results(page, after: int = 0):
    """Wait until the search view has settled after more than ``after`` runs."""
    page.wait_for_function(
        "(after) => { const root = document.getElementById('ju-search');"
        " return root.getAttribute('aria-busy') === 'false' && Number(root.dataset.runs) > after; }",
        arg=after,
    )


def act(page, action):
    """Do something to the search view and wait until it has updated."""
    before = runs(page)
    action()
    wait_for_results(page, before)


def status_count(page) -> int:
    text = page.inner_text("#ju-search-status")
    return int(re.match(r"(\d+) result", text).group(1))


def count_beside(page, facet: str, value: str) -> int:
    label = page.locator(f"input[name='{facet}'][value='{value}'] + label .ju-filter__count")
    return int(label.inner_text().strip("()"))


def test_filters_counts_and_shared_url(page, site_url, real_site):
    _, catalogue = real_site
    page.goto(f"{site_url}/search/")
    wait_for_results(page)
    assert "Type a search or choose filters" in page.inner_text("#ju-search-status")

    # browse with no query: tick a client group, then a theme (AND across filters)
    act(page, lambda: page.check(f"input[name='client_group'][value='{CLIENT_GROUP}']"))
    theme_count = count_beside(page, "theme", THEME)
    act(page, lambda: page.check(f"input[name='theme'][value='{THEME}']"))

    expected = facet_matches(catalogue, "offenders", "in-reach")
    assert status_count(page) == len(expected) == theme_count
    links = page.eval_on_selector_all(".ju-result__title a", "els => els.map(e => e.getAttribute('href'))")
    found = sorted(re.search(r"/(?:practice|lessons|guidance)/([^/]+)/", href).group(1) for href in links)
    assert found == sorted(expected)
    # the count beside the ticked client group is the number of results with it
    assert count_beside(page, "client_group", CLIENT_GROUP) == len(expected)

    # reload the shared URL: same filters, same results
    shared = page.url
    assert "client_group=" in shared and "theme=" in shared
    page.goto(shared)
    wait_for_results(page)
    assert status_count(page) == len(expected)
    assert page.is_checked(f"input[name='client_group'][value='{CLIENT_GROUP}']")
    assert page.is_checked(f"input[name='theme'][value='{THEME}']")

    # OR within a filter: adding a second client group never shrinks the results
    act(page, lambda: page.check("input[name='client_group'][value='Care leavers']"))
    assert status_count(page) >= len(expected)

    # reset clears everything
    act(page, lambda: page.click("#ju-search-reset"))
    assert "Type a search" in page.inner_text("#ju-search-status")
    assert "?" not in page.url


def test_header_search_box_leads_to_the_search_page(page, site_url):
    page.goto(f"{site_url}/practice/")
    page.fill("#ju-header-q", "floating support")
    page.press("#ju-header-q", "Enter")
    page.wait_for_url(re.compile(r"/search/\?q=floating\+support"))
    wait_for_results(page)
    assert status_count(page) > 0
    assert page.input_value("#ju-search-input") == "floating support"


def test_every_example_is_in_the_top_three_for_a_phrase_of_its_focus(page, site_url, real_site):
    _, catalogue = real_site
    page.goto(f"{site_url}/search/")
    wait_for_results(page)
    queries = {p.id: " ".join(p.focus.split()[:8]) for p in catalogue.content.practice}
    top = page.evaluate(
        """async (queries) => {
            const pagefind = await import(new URL('../pagefind/pagefind.js', document.baseURI).href);
            const out = {};
            for (const [id, q] of Object.entries(queries)) {
                const search = await pagefind.search(q);
                const data = await Promise.all(search.results.slice(0, 3).map(r => r.data()));
                out[id] = data.map(d => d.url);
            }
            return out;
        }""",
        queries,
    )
    missed = {ident: urls for ident, urls in top.items() if not any(f"/practice/{ident}/" in u for u in urls)}
    assert missed == {}


@pytest.mark.parametrize("query", ["housing", "care leavers"])
def test_result_count_is_announced(page, site_url, query):
    page.goto(f"{site_url}/search/?q={query.replace(' ', '+')}")
    wait_for_results(page)
    status = page.locator("#ju-search-status")
    assert status.get_attribute("aria-live") == "polite"
    assert status_count(page) > 0
