"""Search that finds what people mean, in Chromium: other names, misspellings, partial matches,
filters named by the words, the everyday query set, and the hidden vocabulary never shown."""

from __future__ import annotations

from urllib.parse import quote

from generator import search

from ..relevance import queries, rank, scores, site_results


def searched(page, site_url: str, words: str):
    page.goto(f"{site_url}/search/?q={quote(words)}")
    page.wait_for_function(
        "() => { const root = document.getElementById('ju-search');"
        " return root.getAttribute('aria-busy') === 'false' && Number(root.dataset.runs) > 0; }"
    )


def result_links(page) -> list[str]:
    return page.eval_on_selector_all(".ju-result__title a", "els => els.map(e => e.getAttribute('href').replace(/^\\/|\\/$/g, ''))")


def test_every_query_of_the_set_finds_an_expected_page_in_the_site_top_5(page, site_url):
    found = site_results(page, site_url)
    missed = {q.text: found[q.text][:5] for q in queries() if not (rank(found[q.text], q.expect) or 99) <= 5}
    assert missed == {}
    assert scores(found)["empty"] == 0


def test_a_reader_s_other_word_finds_the_pages_filed_under_the_term(page, site_url):
    searched(page, site_url, "elderly")
    links = result_links(page)[:5]
    assert "practice/salford-sure-footed" in links and "practice/north-lincolnshire-spiders" in links
    # the hidden words find the pages but are never shown: no excerpt holds the vocabulary
    excerpts = page.eval_on_selector_all(".ju-result__excerpt", "els => els.map(e => e.textContent)")
    assert excerpts and not any("frail elderly" in text or " · " in text or "qxbrowse" in text for text in excerpts)


def test_a_misspelling_is_searched_as_the_site_s_nearest_word_as_the_cli_does(page, site_url, real_site):
    _, catalogue = real_site
    documents = search.content_documents(catalogue.content)
    respelling = search.respelled("tennancy support", search.site_words(documents))
    assert respelling and respelling.text == "tenancy support"
    searched(page, site_url, "tennancy support")
    status = page.inner_text("#ju-search-status")
    assert status.startswith("No page has the word “tennancy”. Showing ")
    assert status.endswith(" for “tenancy support”.")
    assert "practice/stonham-waiting-with-support" in result_links(page)[:5]
    assert page.title().startswith("Search for “tennancy support”: 0 results")


def test_no_page_with_every_word_shows_the_best_partial_matches_with_their_words_marked(page, site_url):
    searched(page, site_url, "elderly qqqq")
    assert page.inner_text("#ju-search-status").startswith("No page has every word. Showing the ")
    first = page.locator(".ju-result").first
    assert first.locator(".ju-result__words").inner_text() == "Has 1 of 2 words: elderly; not “qqqq”"
    assert first.locator(".ju-result__words mark").inner_text() == "elderly"
    assert "practice/salford-sure-footed" in result_links(page)[:5]


def test_a_word_that_names_a_client_group_offers_that_filter(page, site_url):
    searched(page, site_url, "elderly qqqq")
    offer = page.locator("#ju-search-help .ju-search__offers a")
    assert offer.inner_text() == "Filter by client group: Older people"
    assert offer.get_attribute("href") == "/search/?q=qqqq&client_group=Older+people"
    before = int(page.get_attribute("#ju-search", "data-runs"))
    offer.click()
    page.wait_for_function(
        "(before) => { const root = document.getElementById('ju-search');"
        " return root.getAttribute('aria-busy') === 'false' && Number(root.dataset.runs) > before; }",
        arg=before,
    )
    assert page.is_checked("input[name='client_group'][value='Older people']")
    assert page.input_value("#ju-search-input") == "qqqq"

