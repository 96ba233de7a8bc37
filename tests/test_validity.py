"""Every built page is valid HTML (the W3C Nu checker) with one banner, named landmarks and its
own description, and the theme escapes what front matter gives it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .conftest import REPO

VNU = REPO / "tests" / "browser" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def needs(tool: str, available: bool, how: str) -> None:
    if not available:
        if os.environ.get("CI"):
            pytest.fail(f"CI must have {tool} ({how})")
        pytest.skip(f"{tool} is not installed: {how}")


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_page_is_valid_html(real_site):
    needs("Java", shutil.which("java") is not None, "apt-get install -y default-jre-headless")
    needs("the Nu HTML checker", VNU.exists(), "make test installs vnu-jar with npm")
    site, _ = real_site
    checked = pages(site)
    assert len(checked) > 150
    # One Java start for the whole site: the checker reads every page listed.
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, checked)],
        capture_output=True, text=True, timeout=600,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{Path(m['url'].removeprefix('file:')).relative_to(site)}:{m.get('lastLine', '?')}: {m['message']}"
        for m in messages
    ]
    assert errors == []
    assert result.returncode == 0


# Navigation within a listing (its pages, its orders) belongs to the article; any other
# navigation region in main would be the site's chrome out of place.
_LISTING_NAVIGATION = {"ju-pager", "ju-sort"}


def _chrome_navigation(tag) -> bool:
    return tag.name == "nav" and not _LISTING_NAVIGATION & set(tag.get("class") or ())


def test_one_banner_holds_the_site_navigation_and_main_holds_the_article_only(real_site):
    site, _ = real_site
    problems = []
    for path in pages(site):
        where = path.relative_to(site).as_posix()
        page = soup(path)
        banners = [h for h in page.find_all("header") if h.find_parent(["article", "main", "nav", "aside", "section"]) is None]
        if len(banners) != 1 or banners[0].find("nav", class_="md-tabs") is None:
            problems.append(f"{where}: {len(banners)} banners, or the tabs outside it")
        main = page.find_all("main")
        if len(main) != 1 or [c.name for c in main[0].find_all(True, recursive=False)] != ["article"]:
            problems.append(f"{where}: main must hold exactly one article")
        elif main[0].find(["header", "footer", "aside"]) or main[0].find(_chrome_navigation):
            problems.append(f"{where}: chrome inside main")
        navs = [n.get("aria-label") for n in page.find_all("nav")]
        if None in navs or len(set(navs)) != len(navs):
            problems.append(f"{where}: navigation regions unnamed or named alike: {navs}")
        searches = page.find_all(attrs={"role": "search"})
        names = [s.get("aria-label") or s.get("aria-labelledby") for s in searches]
        if None in names or len(set(names)) != len(names):
            problems.append(f"{where}: search landmarks unnamed or named alike: {names}")
    assert problems == []


def test_chrome_leaves_no_inline_script_or_handler(real_site):
    """A strict Content-Security-Policy (script-src 'self') needs every script to be a file."""
    site, _ = real_site
    inline = Counter()
    for path in pages(site):
        for script in soup(path).find_all("script"):
            if not script.get("src") and script.get("type") != "application/json":
                inline[path.relative_to(site).as_posix()] += 1
    assert inline == Counter()
    home = soup(site / "index.html")
    assert [s["src"] for s in home.find_all("script")] == ["assets/javascripts/joinedup-chrome.js"]
    assert home.find("script")["type"] == "module"
    assert home.find("script").find_parent("head") is not None


def test_every_page_has_a_description_and_card_tags(real_site):
    site, _ = real_site
    problems = []
    for path in pages(site):
        head = soup(path).head
        wanted = {
            "description": head.find("meta", attrs={"name": "description"}),
            "og:title": head.find("meta", attrs={"property": "og:title"}),
            "og:description": head.find("meta", attrs={"property": "og:description"}),
            "twitter:card": head.find("meta", attrs={"name": "twitter:card"}),
        }
        missing = [name for name, tag in wanted.items() if tag is None or not tag.get("content")]
        if missing:
            problems.append(f"{path.relative_to(site)}: {missing}")
    assert problems == []
    practice = soup(site / "practice" / "oxfordshire-joint-housing-team" / "index.html").head
    assert practice.find("meta", attrs={"property": "og:title"})["content"] == "Oxfordshire joint Housing Team for care leavers"


def test_each_generated_page_describes_itself_in_plain_words(real_site):
    """Search engines and link previews show the description: each page's own, in plain text."""
    site, catalogue = real_site
    descriptions = {}
    for path in pages(site):
        where = path.relative_to(site).as_posix()
        description = soup(path).head.find("meta", attrs={"name": "description"})["content"]
        descriptions.setdefault(description, []).append(where)
        assert len(description) <= 160, where
        assert not any(mark in description for mark in ("](", "**", "\\", "<", "&#", "&amp;")), (where, description)
    shared = {text: where for text, where in descriptions.items() if len(where) > 1}
    assert shared == {}
    summary = next(p.summary for p in catalogue.content.practice if p.id == "oxfordshire-joint-housing-team")
    practice = soup(site / "practice" / "oxfordshire-joint-housing-team" / "index.html").head
    assert practice.find("meta", attrs={"property": "og:description"})["content"].rstrip("…") in " ".join(summary.split())
    care_leavers = soup(site / "client-groups" / "care-leavers" / "index.html").head
    assert care_leavers.find("meta", attrs={"name": "description"})["content"] == "Care leavers. One of the four PSA16 client groups."


@pytest.fixture(scope="module")
def front_matter_site(tmp_path_factory) -> Path:
    """A two-page site on the real theme, whose front matter carries markup and quotes."""
    project = tmp_path_factory.mktemp("front-matter")
    docs = project / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# Home\n\nThe home page.\n", encoding="utf-8")
    (docs / "case.md").write_text(
        "---\n"
        # a title is HTML, as MkDocs' page.title is (the generator writes it escaped); a
        # description is plain text
        "title: 'A &quot;quoted&quot; &lt;b&gt;case&lt;/b&gt;'\n"
        "description: 'Rents & \"deposits\" <script>alert(1)</script>'\n"
        "---\n\n# A case\n\n## Outcomes\n\nText.\n",
        encoding="utf-8",
    )
    (project / "mkdocs.yml").write_text(
        "site_name: Joined Up\nsite_description: The site's own summary.\nstrict: true\n"
        f"theme:\n  name: material\n  custom_dir: {REPO / 'theme'}\n  features: [navigation.tabs]\n"
        "extra:\n  submit_repository: https://github.com/joined-up/joined-up\n"
        "nav:\n  - Home: index.md\n  - Case: case.md\n",
        encoding="utf-8",
    )
    mkdocs = Path(sys.executable).parent / "mkdocs"
    result = subprocess.run([str(mkdocs), "build", "-q"], cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_description_and_title_come_from_front_matter_escaped(front_matter_site):
    case = (front_matter_site / "case" / "index.html").read_text(encoding="utf-8")
    head = BeautifulSoup(case, "html.parser").head
    assert head.find("meta", attrs={"name": "description"})["content"] == 'Rents & "deposits" <script>alert(1)</script>'
    assert head.find("meta", attrs={"property": "og:description"})["content"] == 'Rents & "deposits" <script>alert(1)</script>'
    assert head.find("meta", attrs={"property": "og:title"})["content"] == 'A "quoted" <b>case</b>'
    assert head.title.get_text() == 'A "quoted" <b>case</b> - Joined Up'
    assert "<script>alert" not in case and "<b>case" not in case
    home = BeautifulSoup((front_matter_site / "index.html").read_text(encoding="utf-8"), "html.parser").head
    assert home.find("meta", attrs={"name": "description"})["content"] == "The site's own summary."
    assert home.find("meta", attrs={"property": "og:type"})["content"] == "website"


def test_footer_names_publisher_licence_contact_and_build_date(front_matter_site):
    import datetime

    footer = BeautifulSoup((front_matter_site / "case" / "index.html").read_text(encoding="utf-8"), "html.parser").footer
    text = " ".join(footer.get_text().split())
    assert "Published by Joined Up." in text
    assert "Open Government Licence v3.0" in text and "Crown copyright" in text
    links = {a.get_text(): a["href"] for a in footer.find_all("a")}
    assert links["Open Government Licence v3.0"].startswith("https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3")
    assert links["open an issue"] == "https://github.com/joined-up/joined-up/issues"
    built = datetime.date.fromisoformat(footer.find("time")["datetime"])
    assert abs((datetime.datetime.now(datetime.timezone.utc).date() - built).days) <= 1
