"""Builds through the real CLI: a good build makes a site, a failed one leaves the old site."""

from __future__ import annotations

import shutil
from pathlib import Path

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


def test_invalid_content_leaves_the_previous_site_byte_for_byte(content_copy: Path, tmp_path: Path):
    assert build(content_copy, tmp_path).returncode == 0
    before = tree_digest(tmp_path / "site")
    broken = content_copy / "practice" / "kettering-in-reach.yml"
    broken.write_text(broken.read_text().replace("themes: [in-reach", "themes: [in-reech"))
    result = build(content_copy, tmp_path)
    assert result.returncode == 1
    assert "themes[0]: unknown theme 'in-reech'; did you mean 'in-reach'?" in result.stdout
    assert "build failed at the validate stage" in result.stderr
    assert tree_digest(tmp_path / "site") == before


def test_a_broken_link_fails_mkdocs_and_leaves_the_previous_site(content_copy: Path, tmp_path: Path):
    assert build(content_copy, tmp_path).returncode == 0
    before = tree_digest(tmp_path / "site")
    (content_copy / "pages" / "about.md").write_text("# About\n\nSee [nowhere](no-such-page.md).\n")
    result = build(content_copy, tmp_path)
    assert result.returncode == 1
    assert "no-such-page.md" in result.stdout
    assert "build failed at the mkdocs stage" in result.stderr
    assert tree_digest(tmp_path / "site") == before
    assert not (tmp_path / "build" / "site-staging").exists()


def test_first_build_with_bad_content_creates_no_site(content_copy: Path, tmp_path: Path):
    shutil.copy(
        Path(__file__).parent / "cases" / "invalid" / "duplicate-key" / "overlay" / "practice" / "kettering-tenancy-course.yml",
        content_copy / "practice" / "kettering-tenancy-course.yml",
    )
    assert build(content_copy, tmp_path).returncode == 1
    assert not (tmp_path / "site").exists()
