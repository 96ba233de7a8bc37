"""The live preview in a real browser: a saved edit reloads the open page by itself, and a
problem in the content shows at the top of the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..test_serve import Preview


@pytest.fixture
def preview(content_copy: Path, tmp_path: Path):
    running = Preview(content_copy, tmp_path / "build")
    yield running
    running.stop()


def test_an_open_page_reloads_by_itself_after_a_save_and_shows_problems(page, preview: Preview, content_copy: Path):
    """...under the pages' Content-Security-Policy: the injected reload script and its styles
    are files from the same origin, and nothing they do is refused."""
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(preview.url + "practice/kettering-in-reach/")
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    assert "Prison in-reach housing plans" in page.inner_text("h1")
    source = content_copy / "practice" / "kettering-in-reach.yml"
    good = source.read_text()
    with page.expect_navigation(timeout=20_000):
        source.write_text(good.replace("Prison in-reach housing plans", "Prison in-reach plans, revised"))
    assert "plans, revised" in page.inner_text("h1")
    with page.expect_navigation(timeout=20_000):
        source.write_text(good.replace("themes: [in-reach", "themes: [in-reech"))
    banner = page.locator(".ju-preview-problems[role=alert]")
    assert banner.is_visible()
    assert "unknown theme 'in-reech'; did you mean 'in-reach'?" in banner.inner_text()
    Path("test-artifacts/screenshots").mkdir(parents=True, exist_ok=True)
    page.screenshot(path="test-artifacts/screenshots/preview-problems.png")
    assert refused == []


def test_a_page_the_edit_did_not_change_is_not_reloaded(page, preview: Preview, content_copy: Path):
    """Reloading every open page on every save would throw a reader of another page back to
    its top, twice: once for the edited page and once for the listings that follow."""
    page.goto(preview.url + "about/")
    page.evaluate("window.notReloaded = true")
    edited = page.context.new_page()
    edited.goto(preview.url + "practice/kettering-in-reach/")
    source = content_copy / "practice" / "kettering-in-reach.yml"
    with edited.expect_navigation(timeout=20_000):
        source.write_text(source.read_text().replace("Prison in-reach housing plans", "Prison in-reach plans, revised"))
    assert "plans, revised" in edited.inner_text("h1")
    preview.wait_for(lambda: preview.regenerations() == 2)  # the rest of the site has followed
    edited.wait_for_timeout(1000)
    assert page.evaluate("window.notReloaded === true")
