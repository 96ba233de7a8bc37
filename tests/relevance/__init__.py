"""The everyday query set (queries.yml) and how a ranking is scored against it.

Both searches are run the way readers meet them: the CLI through ``search.respelled`` and
``search.search`` as ``joinedup search`` calls them, the site through its search page in Chromium
(Pagefind with the page's own respelling and partial matches). Results are site addresses
("practice/salford-sure-footed/"), so the two can be compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Sequence

import yaml

from generator import search
from generator.link import PAGE_FOLDERS
from generator.render.urls import page_url

QUERIES_FILE = Path(__file__).with_name("queries.yml")
TOP = 10  # results read for each query (the mean reciprocal rank counts up to here)


@dataclass(frozen=True)
class Query:
    text: str
    expect: tuple[str, ...]


def queries() -> list[Query]:
    return [Query(q["query"], tuple(q["expect"])) for q in yaml.safe_load(QUERIES_FILE.read_text(encoding="utf-8"))]


def cli_results(content) -> dict[str, list[str]]:
    """Each query's first TOP results from the CLI search, as site addresses."""
    documents = search.content_documents(content)
    index = search.build_index(documents)
    words = search.site_words(documents)
    found = {}
    for query in queries():
        respelling = search.respelled(query.text, words)
        hits = search.search(index, respelling.text if respelling else query.text, limit=TOP)
        found[query.text] = [page_url(f"{PAGE_FOLDERS['practice' if h.label == 'pilot' else h.label]}/{h.id}.md") for h in hits]
    return found


def site_results(page, site_url: str) -> dict[str, list[str]]:
    """Each query's first TOP results on the built site's search page (a Playwright page)."""
    found = {}
    for query in queries():
        page.goto(f"{site_url}/search/?q={query.text}")
        page.wait_for_function(
            "() => { const root = document.getElementById('ju-search');"
            " return root.getAttribute('aria-busy') === 'false' && Number(root.dataset.runs) > 0; }"
        )
        links = page.eval_on_selector_all(".ju-result__title a", "els => els.map(e => e.getAttribute('href'))")
        found[query.text] = [link.strip("/") + "/" for link in links[:TOP]]
    return found


def rank(results: Sequence[str], expect: Sequence[str]) -> int | None:
    """The 1-based place of the first expected page among the results, or None."""
    return next((place for place, url in enumerate(results, start=1) if url in expect), None)


def scores(found: Mapping[str, Sequence[str]]) -> dict[str, float]:
    """Share of queries with an expected page in the top 3 and top 5, mean reciprocal rank, and
    how many queries gave no result at all."""
    ranks = [rank(found[q.text], q.expect) for q in queries()]
    n = len(ranks)
    return {
        "top3": sum(1 for r in ranks if r and r <= 3) / n,
        "top5": sum(1 for r in ranks if r and r <= 5) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
        "empty": sum(1 for q in queries() if not found[q.text]),
    }
