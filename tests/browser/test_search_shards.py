"""A site indexed in shards searches as one index: in a real browser, under the site's CSP.

The test content is built twice: with one index, as every site below the shard size is, and
with a shard size of two pages, so that its pages are spread over many shards, each made by a
Pagefind run of its own. A search and a filter on the sharded site must find what they find on
the one index, from more than one shard.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import threading
from pathlib import Path

import pytest

import generator.build
from generator.build import SEARCH_SHARD_LIST, Project, build_site
from tests.browser.test_search import CLIENT_GROUP, count_beside, open_group, status_count, wait_for_results
from tests.conftest import FIXTURE_CONTENT, REPO, _QuietHandler

SHARD_PAGES = 2


def build(tmp: Path) -> Path:
    report = build_site(Project.at(REPO, content_dir=FIXTURE_CONTENT, build_dir=tmp / "build", site_dir=tmp / "site"))
    assert report.ok, [str(p) for p in report.problems] + report.messages
    return tmp / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The test content with one index and in shards of SHARD_PAGES pages."""
    one = build(tmp_path_factory.mktemp("one-index"))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(generator.build, "SEARCH_SHARD_PAGES", SHARD_PAGES)
        sharded = build(tmp_path_factory.mktemp("sharded"))
    return {"one": one, "sharded": sharded}


@pytest.fixture(scope="module")
def urls(sites):
    """Each site served over HTTP on a free local port."""
    servers = {}
    for name, site in sites.items():
        handler = functools.partial(_QuietHandler, directory=str(site))
        servers[name] = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=servers[name].serve_forever, daemon=True).start()
    yield {name: f"http://127.0.0.1:{server.server_address[1]}" for name, server in servers.items()}
    for server in servers.values():
        server.shutdown()


def shard_folders(site: Path) -> list[Path]:
    bundle = site / "pagefind"
    return [bundle, *(bundle / other for other in json.loads((bundle / SEARCH_SHARD_LIST).read_text()))]


def shard_of_each_page(site: Path) -> dict[str, int]:
    """The URL of every page indexed, with the number of the shard that holds it (1 = the first).

    A fragment file is a page's stored text: gzip, Pagefind's signature, then JSON with its URL.
    """
    shards: dict[str, int] = {}
    for number, folder in enumerate(shard_folders(site), start=1):
        for fragment in (folder / "fragment").iterdir():
            data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
            assert data["url"] not in shards, f"{data['url']} is in two shards"
            shards[data["url"]] = number
    return shards


def test_a_site_below_the_shard_size_keeps_one_index(sites):
    assert json.loads((sites["one"] / "pagefind" / SEARCH_SHARD_LIST).read_text()) == []
    assert set(shard_of_each_page(sites["one"]).values()) == {1}


def test_the_shards_hold_every_page_once_and_none_more_than_the_shard_size(sites):
    one = shard_of_each_page(sites["one"])
    sharded = shard_of_each_page(sites["sharded"])
    assert sharded.keys() == one.keys()
    sizes = [list(sharded.values()).count(n) for n in range(1, len(shard_folders(sites["sharded"])) + 1)]
    assert len(sizes) == -(-len(one) // SHARD_PAGES)
    assert all(0 < size <= SHARD_PAGES for size in sizes), sizes
    # no hard-linked copy of the site is left beside it
    assert not list(sites["sharded"].parent.glob(".*search-shard"))


def shown(page, base: str, path: str) -> dict:
    """Open the search page at ``path``: the results' URLs and the status, and any refusal."""
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(base + path)
    wait_for_results(page)
    while page.is_visible("#ju-search-more"):
        before = page.locator(".ju-result").count()
        page.click("#ju-search-more")
        page.wait_for_function("(n) => document.querySelectorAll('.ju-result').length > n", arg=before)
    links = page.eval_on_selector_all(".ju-result__title a", "els => els.map(e => new URL(e.href).pathname)")
    assert refused == []
    return {"urls": sorted(links), "count": status_count(page)}


@pytest.mark.parametrize(
    "path",
    [
        "/search/?q=housing",
        f"/search/?client_group={CLIENT_GROUP.replace(' ', '+')}",
        f"/search/?q=housing&client_group={CLIENT_GROUP.replace(' ', '+')}",
    ],
    ids=["a search", "a filter", "a search with a filter"],
)
def test_a_search_of_the_shards_finds_what_one_index_finds(page, urls, sites, path):
    expected = shown(page, urls["one"], path)
    found = shown(page, urls["sharded"], path)
    assert found == expected
    shards = shard_of_each_page(sites["sharded"])
    # the results come from more than one shard, so each was searched and merged with the others
    assert len({shards[url] for url in found["urls"]}) > 1, found


def test_filter_counts_add_up_over_the_shards(page, urls):
    counts = []
    for name in ("one", "sharded"):
        page.goto(f"{urls[name]}/search/?q=housing")
        wait_for_results(page)
        before = int(page.get_attribute("#ju-search", "data-runs"))
        open_group(page, "client_group")
        wait_for_results(page, before)
        values = page.eval_on_selector_all("input[name='client_group']", "boxes => boxes.map(b => b.value)")
        counts.append({value: count_beside(page, "client_group", value) for value in values})
    assert counts[1] == counts[0]
    assert sum(counts[1].values()) > 0
