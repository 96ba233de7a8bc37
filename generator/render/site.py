"""Site pages: home, contents, search, the evidence-and-gap map (gapmap.py), open data, the
submission form, robots.txt, and the hand-written pages of content/pages/."""

from __future__ import annotations

import json
from typing import Iterator, Mapping, Sequence

from markupsafe import Markup

from .. import model as m
from .. import search
from ..link import Catalogue, TermMembers
from ..schema import schema_names
from . import gapmap
from .facets import BROWSE_WORD, filter_panel
from .form import TAKEN_IDS_FILE, form_fields, form_html
from .licence import ATTRIBUTION, LICENCE, sources
from .markup import page_markdown
from .page import Page, made, page
from .terms import BROWSE_PAGE
from .urls import SEARCH_PAGE

HOME_LATEST = 6
SEARCH_SCRIPT = "assets/javascripts/joinedup-search.js"
SUBMIT_SCRIPT = "assets/javascripts/joinedup-submit.js"


def pages(catalogue: Catalogue) -> Iterator[Page]:
    c = catalogue.content
    groups = catalogue.entries_of("client-group")
    client_groups = catalogue.terms["client-group"]
    yield page(
        "contents.md.j2",
        "contents.md",
        everything=True,
        counts=c.counts(),
        client_groups=[catalogue.members[("client-group", e.id)] for e in groups],
        documents=[catalogue.members[("document", e.id)] for e in catalogue.entries_of("document")],
    )
    yield page(
        "home.md.j2",
        "index.md",
        everything=True,
        psa16=[(g, catalogue.members[("client-group", g.id)]) for g in groups if client_groups[g.id].psa16],
        other_groups=[g for g in groups if not client_groups[g.id].psa16],
        latest=[
            (catalogue.entry("practice", p.id), p.published)
            for p in sorted(c.practice, key=lambda p: (p.published, p.id), reverse=True)[:HOME_LATEST]
        ],
        counts=c.counts(),
    )
    yield from gapmap.pages(catalogue)
    yield page(
        "open-data.md.j2",
        "data/index.md",
        also_shows=[("document", e.id) for e in catalogue.entries_of("document")],
        licence_link=Markup(f"[{LICENCE['title']}]({LICENCE['path']})"),
        licence_title=LICENCE["title"],
        attribution=ATTRIBUTION,
        sources=sources(catalogue),
        # the names are the project's own, so safe as link targets
        schemas=[Markup(f"[{name}](../schema/{name})") for name in schema_names()],
    )
    yield made("robots.txt", lambda: robots_txt(catalogue.site_url))
    yield made(SEARCH_WORDS, lambda: search_words_json(catalogue))
    yield made(SEARCH_NAMES, lambda: search_names_json(catalogue))
    yield page(
        "submit.md.j2",
        "submit/index.md",
        everything=True,
        meta={"pagefind": False, "scripts": [SUBMIT_SCRIPT]},
        form=form_html(form_fields(m.Practice, catalogue)),
    )
    yield made(f"submit/{TAKEN_IDS_FILE}", lambda: json.dumps(sorted(p.id for p in c.practice)) + "\n")


# What the search page fetches beside it: for its first search with words, the site's words (to
# respell a word the site never uses), most used first, so that the first of the nearest is the
# most used; and when nothing matches, every name of a client group, theme and region (to offer
# it as a filter). Apart, since most searches never need the names.
SEARCH_WORDS = "search/words.json"
SEARCH_NAMES = "search/names.json"


def search_words_json(catalogue: Catalogue) -> str:
    counts = search.site_words(search.content_documents(catalogue.content))
    return json.dumps(sorted(counts, key=lambda word: (-counts[word], word)), separators=(",", ":"))


def search_names_json(catalogue: Catalogue) -> str:
    names = catalogue.vocabulary.facet_names()
    return json.dumps({name: list(value) for name, value in sorted(names.items())}, ensure_ascii=False,
                      separators=(",", ":"))


def robots_txt(site_url: str) -> str:
    """Every page may be crawled; the sitemap (MkDocs writes it) is named by its full address."""
    lines = ["# Joined Up: every page may be indexed.", "User-agent: *", "Allow: /"]
    if site_url:
        lines.append(f"Sitemap: {site_url}sitemap.xml")
    return "\n".join(lines) + "\n"


def search_page(facet_totals: Mapping[str, Mapping[str, int]], browse: Sequence[tuple[str, str, Sequence[TermMembers]]]) -> Page:
    """The search page; its filters list every value the other pages carry, with counts.
    Without JavaScript it offers the static browse (``browse``, see terms.browse_groups)."""
    return page(
        "search.md.j2",
        SEARCH_PAGE,
        everything=True,
        meta={"pagefind": False, "scripts": [SEARCH_SCRIPT]},
        filters=filter_panel(facet_totals),
        browse_word=BROWSE_WORD,
        browse=browse,
        browse_page=BROWSE_PAGE,
    )


def handwritten(catalogue: Catalogue) -> Iterator[Page]:
    """content/pages/ as sanitised HTML allows them, whatever their Markdown says (markup.py)."""
    for name, text in catalogue.content.pages.items():
        yield made(name, lambda text=text: page_markdown(text), shows=[("page", name)])
