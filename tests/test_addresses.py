"""Stable addresses: a record's URL comes from its id alone, every page names its canonical
address under site_url, and the sitemap, robots.txt and 404 page use the real address."""

from __future__ import annotations

import datetime
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

from generator.build import site_url
from generator.link import PAGE_FOLDERS, link
from generator.pipeline import check_content
from generator.render.urls import page_url

from .conftest import REPO

SITE_URL = site_url(REPO / "mkdocs.yml")

# Every published address starts with one of these folders. Renaming one moves every page in
# it and breaks every link and bookmark to them: don't, or publish redirects first.
PUBLISHED_FOLDERS = {
    "practice": "practice",
    "lesson": "lessons",
    "indicator-theme": "indicators",
    "national-indicator": "national-indicators",
    "baseline": "baselines",
    "guidance": "guidance",
    "tool": "tools",
    "document": "sources",
    "client-group": "client-groups",
    "theme": "themes",
    "region": "regions",
    "area": "areas",
    "journey-stage": "journey",
    "evidence-level": "evidence",
}


def catalogue_of(content: Path):
    content_data, problems = check_content(content)
    assert not [p for p in problems if p.severity == "error"], problems
    return link(content_data, today=datetime.date(2026, 1, 1), site_url=SITE_URL)


def test_the_folders_of_published_addresses_do_not_change():
    assert PAGE_FOLDERS == PUBLISHED_FOLDERS


def test_every_record_and_term_address_is_its_folder_and_id():
    catalogue = catalogue_of(REPO / "content")
    for (kind, ident), entry in catalogue.entries.items():
        assert entry.path == f"{PUBLISHED_FOLDERS[kind]}/{ident}.md"
        assert page_url(entry.path) == f"{PUBLISHED_FOLDERS[kind]}/{ident}/"


def test_editing_everything_but_the_id_moves_no_page(content_copy: Path):
    before = {key: e.path for key, e in catalogue_of(content_copy).entries.items()}
    for path in (content_copy / "practice").glob("*.yml"):
        data = yaml.safe_load(path.read_text())
        data["title"] = "A wholly new title " + data["id"]
        data["summary"] = "Rewritten."
        data["region"] = "london"
        data["themes"] = list(reversed(data["themes"]))
        path.write_text(yaml.safe_dump(data, sort_keys=False))
    after = {key: e.path for key, e in catalogue_of(content_copy).entries.items()}
    assert after == before


def test_every_built_page_names_its_canonical_address(real_site):
    site, catalogue = real_site
    pages = [p for p in site.rglob("index.html") if "pagefind" not in p.parts]
    assert len(pages) >= len(catalogue.entries)
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        canonical = [link["href"] for link in soup.find_all("link", rel="canonical")]
        relative = page.parent.relative_to(site).as_posix()
        assert canonical == [SITE_URL + ("" if relative == "." else relative + "/")], page


def test_the_sitemap_lists_every_record_at_its_real_address(real_site):
    site, catalogue = real_site
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {loc.text for loc in ET.parse(site / "sitemap.xml").getroot().findall("s:url/s:loc", ns)}
    assert {SITE_URL + page_url(e.path) for e in catalogue.entries.values()} <= listed
    assert SITE_URL + "whats-new/" in listed
    assert all(url.startswith(SITE_URL) for url in listed)


def test_robots_txt_points_at_the_sitemap(real_site):
    site, _ = real_site
    lines = (site / "robots.txt").read_text().splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    assert lines[-1] == f"Sitemap: {SITE_URL}sitemap.xml"
    assert not any(line.startswith("Disallow: /") for line in lines)


def test_the_404_page_offers_search_and_browsing_from_any_depth(real_site):
    site, _ = real_site
    soup = BeautifulSoup((site / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.h1.get_text() == "Page not found"
    base = SITE_URL.removeprefix("https://joined-up.github.io")
    form = soup.find("form", attrs={"role": "search", "class": "ju-home-search"})
    assert form["action"] == base + "search/" and form.find("input", attrs={"name": "q"})
    article = soup.find("article") or soup
    links = [a["href"] for a in article.find_all("a", href=True) if not a["href"].startswith("#")]
    assert len(links) >= 8
    for href in links + [tag["href"] for tag in soup.find_all("link", rel="stylesheet")]:
        # absolute paths, so they work however deep the missing address was
        assert href.startswith(base), href
        target = site / href.removeprefix(base)
        assert target.is_file() or (target / "index.html").is_file(), href


def test_site_url_is_read_safely_and_ends_in_a_slash(tmp_path: Path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        "site_url: https://example.org/ju\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:os.system\n"
    )
    assert site_url(config) == "https://example.org/ju/"
    config.write_text("site_name: No address\n")
    assert site_url(config) == ""
    config.write_text("site_url: [unclosed\n")
    assert site_url(config) == ""
