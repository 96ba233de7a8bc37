"""Builds through the real CLI: a good build makes a site, a failed one leaves the old site."""

from __future__ import annotations

import os
import re
import urllib.parse
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import build_into as build
from .conftest import run_joinedup, tree_digest


def test_build_makes_a_page_for_every_record_and_term(content_copy: Path, tmp_path: Path):
    result = build(content_copy, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    for page in (
        "index.html",
        "practice/kettering-in-reach/index.html",
        "practice/lambeth-pilot/index.html",
        "lessons/setting-up/index.html",
        "indicators/03-offenders-accommodation/index.html",
        "national-indicators/ni-143/index.html",
        "baselines/offenders-baseline/index.html",
        "guidance/why-these-groups/index.html",
        "tools/self-assessment/index.html",
        "tools/customer-journey/index.html",
        "client-groups/offenders/index.html",
        "themes/in-reach/index.html",
        "regions/london/index.html",
        "areas/lambeth/index.html",
        "journey/engages-with-services/index.html",
        "evidence/reported/index.html",
        "sources/test-guide/index.html",
        "contents/index.html",
    ):
        assert (site / page).is_file(), page


def test_content_is_never_written_by_validate_or_build(content_copy: Path, tmp_path: Path):
    before = tree_digest(content_copy)
    run_joinedup("validate", "--content", str(content_copy))
    build(content_copy, tmp_path)
    assert tree_digest(content_copy) == before


def break_validation(content: Path, tmp: Path) -> dict | None:
    broken = content / "practice" / "kettering-in-reach.yml"
    broken.write_text(broken.read_text().replace("themes: [in-reach", "themes: [in-reech"))
    return None


def break_rendering(content: Path, tmp: Path) -> dict | None:
    (content / "pages" / "practice").mkdir()
    (content / "pages" / "practice" / "index.md").write_text("# My own practice list\n")
    return None


def break_mkdocs(content: Path, tmp: Path) -> dict | None:
    (content / "pages" / "about.md").write_text("# About\n\nSee [nowhere](no-such-page.md).\n")
    return None


def break_search_index(content: Path, tmp: Path) -> dict | None:
    # A broken search indexer: a 'pagefind' module that fails, found first on the path.
    broken = tmp / "broken-tools" / "pagefind"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text("")
    (broken / "__main__.py").write_text("import sys\nprint('indexer crashed', file=sys.stderr)\nsys.exit(3)\n")
    return {**os.environ, "PYTHONPATH": str(broken.parent)}


FAILURES = {
    "validate": (break_validation, "themes[0]: unknown theme 'in-reech'; did you mean 'in-reach'?"),
    "render": (break_rendering, "would replace the generated page practice/index.md"),
    "mkdocs": (break_mkdocs, "no-such-page.md"),
    "search index": (break_search_index, "Pagefind could not index the site: indexer crashed"),
}


@pytest.mark.parametrize("stage", list(FAILURES))
def test_a_failure_at_any_stage_leaves_the_previous_site_byte_for_byte(stage: str, content_copy: Path, tmp_path: Path):
    assert build(content_copy, tmp_path).returncode == 0
    before = tree_digest(tmp_path / "site")
    breaker, explanation = FAILURES[stage]
    env = breaker(content_copy, tmp_path)
    result = build(content_copy, tmp_path, env=env)
    assert result.returncode == 1
    assert explanation in result.stdout
    assert f"build failed at the {stage} stage" in result.stderr
    assert tree_digest(tmp_path / "site") == before
    assert not (tmp_path / "build" / "site-staging").exists()


def test_first_build_with_bad_content_creates_no_site(content_copy: Path, tmp_path: Path):
    shutil.copy(
        Path(__file__).parent / "cases" / "invalid" / "duplicate-key" / "overlay" / "practice" / "kettering-tenancy-course.yml",
        content_copy / "practice" / "kettering-tenancy-course.yml",
    )
    assert build(content_copy, tmp_path).returncode == 1
    assert not (tmp_path / "site").exists()


def test_tidy_drops_indentation_but_keeps_verbatim_blocks(tmp_path: Path):
    from generator.build import tidy_html

    page = tmp_path / "x" / "index.html"
    page.parent.mkdir()
    page.write_text(
        "<div>\n    <p>a\n      b</p>\n\n\n  <pre>  keep\n      this</pre>\n"
        "  <textarea>\n  as typed\n</textarea>\n  <script>\n  var x = 1;\n</script>\n</div>\n"
    )
    tidy_html(tmp_path)
    assert page.read_text() == (
        "<div>\n<p>a\nb</p>\n<pre>  keep\n      this</pre>\n"
        "<textarea>\n  as typed\n</textarea>\n<script>\n  var x = 1;\n</script>\n</div>\n"
    )


def test_the_site_ships_only_the_theme_scripts_and_styles_its_pages_load(real_site):
    site, catalogue = real_site
    base = urllib.parse.urlparse(catalogue.site_url).path  # the 404 page's links start with it
    shipped = {p.relative_to(site / "assets").as_posix() for p in (site / "assets").rglob("*") if p.is_file()}
    # Material's own bundle, lunr search and workers are not loaded by any page
    assert not [name for name in shipped if "bundle." in name or "/lunr/" in name or "/workers/" in name or "palette." in name]
    loaded = set()
    for page in site.rglob("*.html"):
        for reference in re.findall(r'(?:href|src)="([^"]*assets/[^"]+)"', page.read_text(encoding="utf-8")):
            where = site / reference.removeprefix(base) if reference.startswith("/") else page.parent / reference
            loaded.add(where.resolve())
    missing = [str(path) for path in loaded if not path.is_file()]
    assert missing == [] and (site / "assets" / "stylesheets" / "joinedup.css").resolve() in loaded
    assert {"javascripts/joinedup-common.js", "javascripts/joinedup-chrome.js"} <= shipped


def test_the_site_ships_the_projects_own_scripts_and_styles_minified_and_whole(real_site):
    site, _ = real_site
    theme = Path(__file__).parents[1] / "theme" / "assets"
    own = sorted(theme.glob("*/joinedup*"))
    assert len(own) >= 10
    for source in own:
        shipped = site / "assets" / source.relative_to(theme)
        written, minified = source.read_text(encoding="utf-8"), shipped.read_text(encoding="utf-8")
        assert len(minified) < 0.85 * len(written), f"{shipped} is not minified"
        assert "/*" not in minified and "\n  " not in minified, shipped
        # what the page script uses by name is still there
        for name in re.findall(r"^export (?:async )?function (\w+)", written, flags=re.MULTILINE):
            assert f"function {name}(" in minified, (shipped, name)
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is needed to check that the minified scripts still parse")
    for script in sorted((site / "assets" / "javascripts").glob("joinedup*.js")):
        checked = subprocess.run([node, "--input-type=module", "--check"], input=script.read_text(encoding="utf-8"),
                                 capture_output=True, text=True)
        assert checked.returncode == 0, (script, checked.stderr)
