"""A full build of the real content, its HTML parsed and checked."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from generator.link import Catalogue


@pytest.fixture(scope="session")
def built(real_site) -> tuple[Path, Catalogue]:
    return real_site


@lru_cache(maxsize=None)
def parse(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page_file(site: Path, entry_path: str) -> Path:
    return site / entry_path.removesuffix(".md") / "index.html"


def resolve(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The file and fragment an internal link points at, or None for an external link."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "tel:", "javascript:")):
        return None
    target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
    if target.is_dir() or parts.path.endswith("/"):
        target = target / "index.html"
    return target, unquote(parts.fragment)


def test_every_record_and_term_has_its_page(built):
    site, catalogue = built
    missing = [e.path for e in catalogue.entries.values() if not page_file(site, e.path).is_file()]
    assert missing == []
    # every record and term has a page; the glossary's entries share one
    counts = catalogue.content.counts()
    assert len(catalogue.entries) == sum(counts.values()) - counts["glossary entries"]


def test_every_internal_link_and_anchor_in_the_built_html_resolves(built):
    site, _ = built
    broken = []
    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":
            continue
        soup = parse(page)
        for tag in soup.find_all(["a", "link"], href=True):
            found = resolve(site, page, tag["href"])
            if found is None:
                continue
            target, fragment = found
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {tag['href']}")
            elif fragment and target.suffix == ".html" and parse(target).find(id=fragment) is None:
                broken.append(f"{page.relative_to(site)} -> {tag['href']} (no such anchor)")
    assert broken == []


def test_ni_pages_show_the_cross_reference_table(built):
    site, _ = built
    soup = parse(site / "national-indicators" / "ni-143" / "index.html")
    section = soup.find(id="associated-indicators-that-contribute-to-it").find_next("ul")
    # the links to the indicators, not those of an abbreviation to the glossary
    numbers = [a.get_text().split()[1] for a in section.find_all("a") if "ju-abbr" not in a.get("class", [])]
    assert numbers == ["18", "19", "30", "38", "40", "46", "141", "142"]


def test_practice_page_has_summary_card_and_related_practice(built):
    site, catalogue = built
    soup = parse(site / "practice" / "oxfordshire-joint-housing-team" / "index.html")
    card = soup.find(class_="ju-card")
    labels = [dt.get_text() for dt in card.find_all("dt")]
    assert labels[:4] == ["Kind", "Client groups", "Themes", "Region"]
    assert "Evidence level" in labels
    related = soup.find(id="related-practice").find_next("ul").find_all("a")
    assert len(related) >= 3
    assert all("oxfordshire-joint-housing-team" not in a["href"] for a in related)
    text = soup.get_text()
    assert "23%" in text and "8%" in text


def test_navigation_lists_index_pages_only(built):
    site, catalogue = built
    soup = parse(site / "practice" / "oxfordshire-joint-housing-team" / "index.html")
    nav = soup.find("nav", class_="ju-nav")
    hrefs = [a["href"] for a in nav.find_all("a", href=True)]
    assert not any("oxfordshire" in h or "/ni-1" in h for h in hrefs)
    assert len(hrefs) < 40
