"""The three users' journeys, and the interactive tools, in a real browser."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.render.tools import JOURNEY_EXAMPLES


def test_professional_finds_an_example_by_client_group_and_follows_it_to_its_indicators(page, site_url):
    page.goto(site_url + "/")
    page.click("text=Offenders under probation supervision")
    page.wait_for_url(re.compile(r"/client-groups/offenders/$"))
    page.click("#practice-examples-and-pilots-13 ~ ol.ju-listing > li > a >> nth=0")
    page.wait_for_url(re.compile(r"/practice/[a-z0-9-]+/$"))
    heading = page.locator("#indicators-that-measure-this")
    assert heading.count() == 1
    link = page.locator("#indicators-that-measure-this + ul a").first
    target = link.get_attribute("href")
    link.click()
    page.wait_for_url(re.compile(r"/indicators/03-offenders-settled-accommodation/#indicator-1$"))
    assert page.locator("#indicator-1").is_visible()
    assert "NI 143" in page.inner_text("article")
    assert target.endswith("#indicator-1")


def test_board_member_filters_search_and_opens_the_gap_map(page, site_url, real_site):
    _, catalogue = real_site
    page.goto(site_url + "/")
    page.click(".md-tabs >> text=Browse")
    page.click(".md-nav >> text=Gap map")
    page.wait_for_url(re.compile(r"/gaps/$"))
    page.wait_for_selector("#ju-map[data-ready]")
    cell = page.locator("button.ju-map__hit:visible").first
    count = int(cell.locator(".ju-map__count").inner_text())
    cell.click()
    onward = page.locator("#ju-map-detail-wide a", has_text="in search")
    params = parse_qs(urlsplit(onward.get_attribute("href")).query)
    onward.click()
    page.wait_for_url(re.compile(r"/search/\?"))
    page.wait_for_function("() => document.getElementById('ju-search').getAttribute('aria-busy') === 'false'")
    assert page.inner_text("#ju-search-status") == (f"{count} result" if count == 1 else f"{count} results")
    for facet, values in params.items():
        for value in values:
            assert page.is_checked(f"input[name='{facet}'][value='{value}']")


def test_editor_reaches_the_submission_form_from_the_home_page(page, site_url):
    page.goto(site_url + "/")
    page.click("article >> text=Submit a case")
    page.wait_for_url(re.compile(r"/submit/$"))
    page.fill("#f-title", "Housing clinic in the probation office")
    assert page.input_value("#f-id") == "housing-clinic-in-the-probation-office"
    page.click("#ju-submit-form button[type=submit]")
    assert "fields need attention" in page.inner_text("#ju-submit-status")


def test_self_assessment_summarises_remembers_and_suggests(page, site_url):
    page.goto(site_url + "/tools/self-assessment/")
    assert "Rate the rows below" in page.inner_text("#ju-matrix-summary")
    for radio in page.locator("table[data-area='diversity'] input[value='not-yet']").all():
        radio.check()
    for radio in page.locator("table[data-area='housing-focus'] input[value='excellent']").all():
        radio.check()
    summary = page.locator("#ju-matrix-summary")
    assert "Diversity" in summary.inner_text()
    row = summary.locator("tr", has_text="Diversity")
    assert row.locator("td").last.inner_text() == "0%"
    assert summary.locator("tr", has_text="Housing focus").locator("td").last.inner_text() == "100%"
    assert "Your weakest areas are Diversity, Housing focus" in summary.inner_text()
    assert summary.locator(".ju-recommend--summary a").count() > 0
    page.reload()
    assert page.is_checked("table[data-area='diversity'] input[value='not-yet'] >> nth=0")
    with page.expect_download() as download:
        page.click("#ju-matrix-download")
    text = download.value.path().read_text()
    assert "Diversity: 0 like excellent, 0 like fair, 2 not yet; 2 of 2 rated; score 0%" in text
    page.click("#ju-matrix-clear")
    assert not page.is_checked("table[data-area='diversity'] input[value='not-yet'] >> nth=0")


@pytest.mark.parametrize("stored", ["null", "42", '"excellent"', "[1, 2]", '{"diversity-0": "best"}', "not json"])
def test_self_assessment_treats_stored_ratings_of_another_shape_as_none(page, site_url, stored):
    page.goto(site_url + "/tools/self-assessment/")
    key = "joinedup:" + page.get_attribute("#ju-matrix", "data-tool")
    page.evaluate("([key, value]) => window.localStorage.setItem(key, value)", [key, stored])
    page.reload()
    assert "Rate the rows below" in page.inner_text("#ju-matrix-summary")
    page.locator("table[data-area='diversity'] input[value='fair']").first.check()
    assert "Diversity" in page.inner_text("#ju-matrix-summary")


def test_self_assessment_is_a_readable_checklist_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site_url + "/tools/self-assessment/")
    assert tab.locator("table.ju-matrix").count() == 10
    assert tab.locator("table.ju-matrix input[type=radio]").count() == 3 * 63
    assert tab.is_hidden("#ju-matrix-print")
    context.close()


def test_customer_journey_links_each_stage_to_its_practice(page, site_url, real_site):
    _, catalogue = real_site
    page.goto(site_url + "/tools/customer-journey/")
    stages = page.locator(".ju-timeline__stage")
    assert stages.count() == 4
    for i, entry in enumerate(catalogue.entries_of("journey-stage")):
        members = catalogue.members[("journey-stage", entry.id)]
        expected = len(members.practice) + len(members.pilots)
        stage = stages.nth(i)
        assert f"Practice that supports this stage ({expected})" in stage.inner_text()
        # the strongest few by name, and the stage's own page for all of them
        assert stage.locator("a[href*='/practice/']").count() == min(expected, JOURNEY_EXAMPLES)
        stage.locator(f"a:text-is('All {expected} examples for this stage')").click()
        page.wait_for_url(re.compile(rf"/journey/{entry.id}/$"))
        assert page.locator("main h2", has_text=f"({expected})").count() == 1
        page.go_back()
