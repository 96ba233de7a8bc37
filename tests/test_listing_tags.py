"""Evidence on every listing: each list of practice shows kind, evidence level (name and rank),
client groups, region and year; the practice index has an order per generated page."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

LISTING_PAGES = [
    "practice/index.html",
    "client-groups/care-leavers/index.html",
    "national-indicators/ni-143/index.html",
    "regions/east-midlands/index.html",
]


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def tags_of(li) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in li.select("ul.ju-tags > li.ju-tag"):
        label = tag.select_one(".ju-visually-hidden").get_text().rstrip(": ")
        value = tag.select_one(".ju-evidence__name") or tag
        found.setdefault(label, []).append(value.get_text().removeprefix(label + ": ").strip())
    return found


@pytest.mark.parametrize("path", LISTING_PAGES)
def test_every_listed_example_shows_its_tags(real_site, path):
    site, catalogue = real_site
    items = soup(site, path).select("ol.ju-listing > li")
    assert items, path
    for li in items:
        ident = li.find("a")["href"].rstrip("/").rsplit("/", 1)[-1]
        record = next(p for p in catalogue.content.practice if p.id == ident)
        links = catalogue.practice_links[ident]
        tags = tags_of(li)
        assert tags["Kind"] == ["Health pilot" if record.kind == "pilot" else "Practice example"]
        assert tags["Evidence level"] == [links.evidence_level.title]
        assert tags["Client group"] == [e.title for e in links.client_groups]
        assert tags["Region"] == [links.region.title]
        assert tags["Year"] == [str(catalogue.terms["document"][record.source.document].year)]
        rank = catalogue.terms["evidence-level"][links.evidence_level.id].rank
        scale = li.select_one(".ju-evidence__scale")
        assert scale["aria-label"] == f"rank {rank} of 4"
        assert len(scale.select(".ju-evidence__step--on")) == rank


def test_related_practice_and_a_lessons_pilots_show_tags(real_site):
    site, _ = real_site
    related = soup(site, "practice/oxfordshire-joint-housing-team/index.html").select("ul.ju-listing > li")
    assert related and all(tags_of(li)["Evidence level"] for li in related)
    pilots = soup(site, "lessons/setting-up/index.html").select("ul.ju-listing > li")
    assert pilots and all(tags_of(li)["Kind"] == ["Health pilot"] for li in pilots)


def titles(site: Path, path: str) -> list[str]:
    return [li.find("a").get_text() for li in soup(site, path).select("ol.ju-listing > li")]


def test_the_practice_index_sorts_without_script_by_title_year_and_region(real_site):
    site, catalogue = real_site
    page = soup(site, "practice/index.html")
    sorts = [a.get_text() for a in page.select("nav.ju-sort a")]
    assert sorts == ["strongest evidence first", "by title", "newest first", "by region"]
    assert page.select_one("nav.ju-sort a[aria-current=page]").get_text() == "strongest evidence first"
    by_title = titles(site, "practice/by-title/index.html")
    assert by_title == sorted(by_title, key=str.lower) and len(by_title) == min(30, len(catalogue.content.practice))
    years = [tags_of(li)["Year"][0] for li in soup(site, "practice/by-year/index.html").select("ol.ju-listing > li")]
    assert years == sorted(years, reverse=True)
    regions = [tags_of(li)["Region"][0] for li in soup(site, "practice/by-region/index.html").select("ol.ju-listing > li")]
    assert regions == sorted(regions)
    ranks = [
        len(li.select(".ju-evidence__step--on")) for li in soup(site, "practice/index.html").select("ol.ju-listing > li")
    ]
    assert ranks == sorted(ranks, reverse=True)
    assert soup(site, "practice/by-title/index.html").find("h1").get_text().startswith("Practice examples and pilots, by title")
