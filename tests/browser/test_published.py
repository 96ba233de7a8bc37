"""The site as its host serves it: under the site_url path, with 404.html for a missing address."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.build import site_url

from ..conftest import REPO

BASE = urlsplit(site_url(REPO / "mkdocs.yml")).path  # /joined-up/


class _PagesLikeHandler(http.server.SimpleHTTPRequestHandler):
    """Serves site/ at BASE and answers a missing address with 404.html, as GitHub Pages does."""

    def log_message(self, *args: object) -> None:
        pass

    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        inside = path[len(BASE) - 1:] if path.startswith(BASE) else "/\0missing"
        return super().translate_path(inside)

    def send_head(self):  # type: ignore[override]
        target = Path(self.translate_path(self.path))
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return None
        return super().send_head()


@pytest.fixture(scope="module")
def hosted(real_site) -> str:
    site, _ = real_site
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_PagesLikeHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_deep_missing_address_gets_a_styled_404_page_that_leads_on(page, hosted: str):
    header_style = "(() => { const s = getComputedStyle(document.querySelector('.md-header')); return [s.position, s.backgroundColor, s.height]; })()"
    page.goto(f"{hosted}{BASE}")
    styled = page.evaluate(header_style)
    response = page.goto(f"{hosted}{BASE}practice/no-such-example/deeper/still/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Page not found"
    # the theme's styles loaded, though the address is four folders deep: the header looks as it
    # does on the home page
    assert page.evaluate(header_style) == styled
    for href in page.eval_on_selector_all("article a[href]", "links => links.map(a => a.href)"):
        assert page.request.get(href).status == 200, href
    page.fill("#ju-404-q", "rent deposit")
    page.press("#ju-404-q", "Enter")
    page.wait_for_url(f"{hosted}{BASE}search/?q=rent+deposit")
    page.locator(".ju-result").first.wait_for()


def test_whats_new_and_the_feed_are_linked_from_every_page(page, hosted: str):
    page.goto(f"{hosted}{BASE}practice/oxfordshire-joint-housing-team/")
    feed = page.locator('link[rel="alternate"][type="application/atom+xml"]')
    assert page.request.get(feed.evaluate("l => l.href")).status == 200
    page.goto(f"{hosted}{BASE}whats-new/")
    assert page.locator("h1").inner_text().startswith("What's new")
    assert page.title().startswith("What's new")
    assert page.locator("article li a").count() >= 29
