"""Search in a real browser: query, two filters with counts, a shared URL, and recall."""

from __future__ import annotations

import re

import pytest

from generator.render import BROWSE_WORD

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


def open_group(page, facet: str):
    page.click(f"details[data-facet='{facet}'] > summary")


def filter_indexes(requests: list[str]) -> int:
    return sum("/pagefind/filter/" in url for url in requests)


def test_filters_counts_and_shared_url(page, site_url, real_site):
    _, catalogue = real_site
    page.goto(f"{site_url}/search/")
    wait_for_results(page)
    assert "Type a search or choose filters" in page.inner_text("#ju-search-status")

    # browse with no query: tick a client group, open the themes, tick one (AND across filters)
    open_group(page, "client_group")
    act(page, lambda: page.check(f"input[name='client_group'][value='{CLIENT_GROUP}']"))
    act(page, lambda: open_group(page, "theme"))
    theme_count = count_beside(page, "theme", THEME)
    act(page, lambda: page.check(f"input[name='theme'][value='{THEME}']"))

    expected = facet_matches(catalogue, "offenders", "in-reach")
    assert status_count(page) == len(expected) == theme_count
    links = page.eval_on_selector_all(".ju-result__title a", "els => els.map(e => e.getAttribute('href'))")
    found = sorted(re.search(r"/(?:practice|lessons|guidance)/([^/]+)/", href).group(1) for href in links)
    assert found == sorted(expected)
    # the count beside the ticked client group is the number of results with it
    assert count_beside(page, "client_group", CLIENT_GROUP) == len(expected)

    # reload the shared URL: same filters, same results, the used groups open
    shared = page.url
    assert "client_group=" in shared and "theme=" in shared
    page.goto(shared)
    wait_for_results(page)
    assert status_count(page) == len(expected)
    assert page.is_checked(f"input[name='client_group'][value='{CLIENT_GROUP}']")
    assert page.is_checked(f"input[name='theme'][value='{THEME}']")
    assert page.is_visible(f"input[name='theme'][value='{THEME}']")
    assert "1 selected" in page.inner_text("details[data-facet='theme'] > summary")

    # OR within a filter: adding a second client group never shrinks the results
    act(page, lambda: page.check("input[name='client_group'][value='Care leavers']"))
    assert status_count(page) >= len(expected)

    # reset clears everything
    act(page, lambda: page.click("#ju-search-reset"))
    assert "Type a search" in page.inner_text("#ju-search-status")
    assert "?" not in page.url


def test_browse_counts_in_the_page_are_the_search_index_totals(page, site_url):
    """With no query the counts are the generator's; they must be what Pagefind would count."""
    page.goto(f"{site_url}/search/")
    wait_for_results(page)
    printed = page.eval_on_selector_all(
        "#ju-search-filters input",
        "boxes => boxes.map(b => [b.name, b.value, Number(b.parentNode.querySelector('.ju-filter__count').dataset.total),"
        " b.parentNode.querySelector('.ju-filter__count').textContent])",
    )
    indexed = page.evaluate(
        """async () => {
            const pagefind = await import(new URL('../pagefind/pagefind.js', document.baseURI).href);
            return await pagefind.filters();
        }"""
    )
    assert {(name, value): total for name, value, total, _ in printed} == {
        (name, value): count for name, values in indexed.items() for value, count in values.items()
    }
    assert all(text == f"({total})" for _, _, total, text in printed)


def test_a_filter_index_is_fetched_only_when_its_group_is_used(page, site_url):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{site_url}/search/?q=housing&client_group={CLIENT_GROUP.replace(' ', '+')}")
    wait_for_results(page)
    page.wait_for_load_state("networkidle")
    # only the client-group index, for the ticked filter; closed groups show no stale counts
    assert filter_indexes(requests) == 1
    assert page.locator("details[data-facet='client_group']").get_attribute("open") is not None
    assert page.locator("input[name='theme'] + label .ju-filter__count").first.inner_text() == ""

    act(page, lambda: open_group(page, "theme"))
    page.wait_for_load_state("networkidle")
    assert filter_indexes(requests) == 2
    shown = dict(page.eval_on_selector_all(
        "input[name='theme']", "boxes => boxes.map(b => [b.value, b.nextElementSibling.textContent])"
    ))
    live = page.evaluate(
        """async (group) => {
            const pagefind = await import(new URL('../pagefind/pagefind.js', document.baseURI).href);
            const search = await pagefind.search('housing', {filters: {client_group: {any: [group]}}});
            return search.filters.theme;
        }""",
        CLIENT_GROUP,
    )
    # live counts within the results, not the site-wide totals
    assert {value: int(text.rsplit("(", 1)[1].rstrip(")")) for value, text in shown.items()} == live
    assert sum(live.values()) < sum(
        int(t) for t in page.eval_on_selector_all("input[name='theme'] + label .ju-filter__count", "els => els.map(e => e.dataset.total)")
    )


def test_browsing_by_filters_fetches_one_word_chunk_and_shows_each_page_opening(page, site_url, real_site):
    _, catalogue = real_site
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{site_url}/search/?client_group={CLIENT_GROUP.replace(' ', '+')}&kind=Practice+example")
    wait_for_results(page)
    page.wait_for_load_state("networkidle")
    expected = [p for p in catalogue.content.practice if "offenders" in p.client_groups and p.kind == "practice"]
    assert status_count(page) == len(expected)
    # a search with no words would fetch every chunk of the word index
    assert sum("/pagefind/index/" in url for url in requests) == 1
    excerpts = page.eval_on_selector_all(".ju-result__excerpt", "els => els.map(e => e.textContent)")
    titles = page.eval_on_selector_all(".ju-result__title", "els => els.map(e => e.textContent)")
    summaries = {p.title: " ".join(p.summary.split()[:5]) for p in expected}
    for title, excerpt in zip(titles, excerpts):
        assert BROWSE_WORD not in excerpt.lower()
        assert excerpt.startswith(summaries[title]), (title, excerpt)

    # without the kind filter, practice examples and pilots come before everything else
    act(page, lambda: page.uncheck("input[name='kind'][value='Practice example']"))
    kinds = []
    while True:
        # an example's kind is its first tag; other results name their kind in a line
        kinds = page.eval_on_selector_all(
            ".ju-result",
            "els => els.map(r => (r.querySelector('.ju-result__kind') || r.querySelector('.ju-tag'))"
            ".textContent.replace(/^Kind: /, ''))",
        )
        if page.is_hidden("#ju-search-more"):
            break
        page.click("#ju-search-more")
        page.wait_for_function("(n) => document.querySelectorAll('.ju-result').length > n", arg=len(kinds))
    first = [kind in ("Practice example", "Health pilot") for kind in kinds]
    assert len(kinds) == status_count(page) > len(expected)
    assert first == sorted(first, reverse=True)


def test_on_a_phone_the_groups_in_use_start_closed_above_the_results(browser, site_url):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    phone = context.new_page()
    phone.goto(f"{site_url}/search/?q=housing&client_group=Care+leavers")
    wait_for_results(phone)
    assert phone.locator("details[data-facet='client_group']").get_attribute("open") is None
    assert "1 selected" in phone.inner_text("details[data-facet='client_group'] > summary")
    assert phone.is_checked("input[name='client_group'][value='Care leavers']")
    assert status_count(phone) > 0
    context.close()


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


def empty_pair(catalogue) -> tuple[str, str]:
    """A client group and a region that no page carries together (the search gives nothing)."""
    coverage = catalogue.coverage
    for group in coverage.client_groups:
        for region in coverage.axis("region").terms:
            if not any(group.id in p.client_groups and p.region == region.id for p in catalogue.content.practice):
                return group.title, region.title
    raise AssertionError("the real content has no empty client group and region pair")


def site_total(page, facet: str, value: str) -> int:
    label = page.locator(f"input[name='{facet}'][value='{value}'] + label .ju-filter__count")
    return int(label.get_attribute("data-total"))


def test_selected_filters_are_chips_that_remove_them(page, site_url):
    page.goto(f"{site_url}/search/?client_group={CLIENT_GROUP.replace(' ', '+')}&theme={THEME.replace(' ', '+')}")
    wait_for_results(page)
    chips = page.locator("#ju-search-chips .ju-chip")
    names = page.eval_on_selector_all("#ju-search-chips .ju-chip", "els => els.map(e => e.textContent)")
    assert names == [f"Remove filter Client group: {CLIENT_GROUP}×", f"Remove filter Theme: {THEME}×"]
    both = status_count(page)

    # removing the first chip unticks its filter, widens the results, and keeps focus on the chips
    act(page, lambda: chips.first.click())
    assert "client_group=" not in page.url and "theme=" in page.url
    assert not page.is_checked(f"input[name='client_group'][value='{CLIENT_GROUP}']")
    assert status_count(page) == site_total(page, "theme", THEME) >= both
    assert page.evaluate("document.activeElement.textContent") == f"Remove filter Theme: {THEME}×"

    # by keyboard: the last chip goes, the chips with it, and focus returns to the search box
    act(page, lambda: page.keyboard.press("Enter"))
    assert page.is_hidden("#ju-search-chips")
    assert page.evaluate("document.activeElement.id") == "ju-search-input"
    assert "?" not in page.url


def test_no_results_says_which_single_change_would_give_results(page, site_url, real_site):
    _, catalogue = real_site
    group, region = empty_pair(catalogue)
    page.goto(f"{site_url}/search/?client_group={group.replace(' ', '+')}&region={region.replace(' ', '+')}")
    wait_for_results(page)
    assert page.locator(".ju-result").count() == 0
    help_box = page.locator("#ju-search-help")
    assert help_box.is_visible()
    # dropping either filter leaves a browse by the other: its site-wide count, best first
    expected = sorted(
        [
            (f"Remove the filter Region: {region}", site_total(page, "client_group", group)),
            (f"Remove the filter Client group: {group}", site_total(page, "region", region)),
        ],
        key=lambda change: -change[1],
    )
    items = help_box.locator("li").all_inner_texts()
    assert items == [f"{label} ({count} result{'s' if count != 1 else ''})" for label, count in expected]
    status = page.inner_text("#ju-search-status")
    assert status.startswith("No results. " + expected[0][0]) and f"{expected[0][1]} result" in status
    assert page.title() == "Search by filters: 0 results - Joined Up"
    assert help_box.locator("a", has_text="gap map").get_attribute("href") == "../gaps/"
    assert help_box.locator("a", has_text="Submit a case").get_attribute("href") == "../submit/"

    # following a change applies it in place
    act(page, lambda: help_box.locator("a").first.click())
    assert status_count(page) == expected[0][1]
    assert page.is_hidden("#ju-search-help")


def test_no_results_for_words_offers_to_leave_one_out_and_the_title_names_the_search(page, site_url):
    page.goto(f"{site_url}/search/?q=housing")
    wait_for_results(page)
    housing = status_count(page)
    assert page.title() == f"Search for \u201chousing\u201d: {housing} results - Joined Up"

    # no London page names Oxfordshire
    page.goto(f"{site_url}/search/?q=Oxfordshire&region=London")
    wait_for_results(page)
    assert page.title() == "Search for \u201cOxfordshire\u201d: 0 results - Joined Up"
    offered = dict(
        re.fullmatch(r"(.+) \((\d+) results?\)", text).groups()
        for text in page.locator("#ju-search-help li").all_inner_texts()
    )
    assert set(offered) == {"Remove the filter Region: London", "Leave out the word \u201cOxfordshire\u201d"}
    # each change gives the number of results it promised
    for label, count in offered.items():
        page.goto(f"{site_url}/search/?q=Oxfordshire&region=London")
        wait_for_results(page)
        act(page, lambda: page.click(f"#ju-search-help a >> text={label}"))
        assert status_count(page) == int(count) > 0, label

    # a single word that matches nothing, with no filters, has no single change to offer
    page.goto(f"{site_url}/search/?q=zzqqxv")
    wait_for_results(page)
    assert page.locator("#ju-search-help li").count() == 0
    assert "Try other words" in page.inner_text("#ju-search-help")
    assert page.locator("#ju-search-help a", has_text="Submit a case").count() == 1


def test_without_javascript_the_search_forms_lead_to_a_browse_of_every_example(browser, site_url, real_site):
    """The header search and the search page's own form land on the static browse, whose term
    pages and their numbered pages reach every example by plain links."""
    _, catalogue = real_site
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(f"{site_url}/practice/")
    tab.fill("#ju-header-q", "prison housing")
    tab.click(".ju-header-search__button")
    tab.wait_for_url(re.compile(r"/search/\?q=prison\+housing"))
    notice = tab.locator(".ju-search__noscript p").first
    assert notice.is_visible() and "Searching by words needs JavaScript" in notice.inner_text()
    assert not tab.is_visible("#ju-search-reset"), "a button that does nothing without the script is hidden"
    # the browse starts just below the form, not under an empty results area
    assert tab.locator(".ju-search__noscript").bounding_box()["y"] < 600
    groups = tab.locator(".ju-search__noscript ul.ju-browse")
    assert groups.count() == 5
    first_group = tab.locator(".ju-search__noscript ul.ju-browse").first.locator("a")
    assert first_group.count() == len(catalogue.entries_of("client-group"))
    reached: set[str] = set()
    listing_tab = context.new_page()
    for address in first_group.evaluate_all("(links) => links.map((a) => a.href)"):
        while address:
            listing_tab.goto(address)
            reached |= {href.rstrip("/").split("/")[-1] for href in
                        listing_tab.locator("ol.ju-listing a").evaluate_all("(links) => links.map((a) => a.href)")}
            following = listing_tab.locator('.ju-pager a[rel="next"]')
            address = following.first.evaluate("(a) => a.href") if following.count() else None
    listing_tab.close()
    carrying_a_group = {p.id for p in catalogue.content.practice if p.client_groups}
    assert carrying_a_group <= reached
    tab.locator(".ju-search__noscript p a").click()
    assert tab.locator("h1").inner_text().startswith("Browse practice")
    context.close()


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("query", ["?q=housing+support", "?client_group=Offenders+under+probation+supervision"])
def test_nothing_moves_when_search_loads(browser, site_url, width, query):
    """Cumulative layout shift, as Chromium measures it, stays 0 while search loads and fills."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.add_init_script(
        "window.__shift = 0; new PerformanceObserver((list) => { for (const e of list.getEntries())"
        " if (!e.hadRecentInput) window.__shift += e.value; }).observe({type: 'layout-shift', buffered: true});"
    )
    tab.goto(f"{site_url}/search/{query}")
    wait_for_results(tab)
    assert tab.locator("#ju-search-results > li").count() > 0
    tab.wait_for_timeout(300)  # a shift is reported in the frame after it happens
    assert tab.evaluate("window.__shift") == 0
    context.close()
